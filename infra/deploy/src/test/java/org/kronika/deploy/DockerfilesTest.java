package org.kronika.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service's Dockerfile, read as Docker would read it, without a Docker engine: the jar it copies is the one
 * the build made, the base image is pinned to a release, it runs as a user other than root, it has a health
 * check on the service's readiness group, and it exposes the service's port.
 */
class DockerfilesTest {

    private static final Pattern ARG = Pattern.compile("(?m)^ARG +(\\w+)=(\\S+)$");

    @ParameterizedTest
    @CsvSource({"command-service, 8080", "query-service, 8081"})
    void buildsFromTheJarThePackagePhaseMadeAndRunsItAsAnUnprivilegedUser(String service, int port) {
        List<String> instructions = instructions(service + "/Dockerfile");

        List<String> from = instructions.stream().filter(i -> i.startsWith("FROM ")).toList();
        assertThat(from).as("one stage").hasSize(1);
        assertThat(from.get(0)).matches("FROM eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre-\\w+");

        String dockerfile = DeployFiles.read(service + "/Dockerfile");
        Matcher arg = ARG.matcher(dockerfile);
        assertThat(arg.find()).as("ARG naming the jar").isTrue();
        String copy = instructions.stream().filter(i -> i.startsWith("COPY ")).findFirst().orElseThrow();
        assertThat(copy).contains("${" + arg.group(1) + "}").endsWith(" /opt/kronika/app.jar");
        // The build context is the repository root; the jar is the one `./mvnw package` just built.
        assertThat(DeployFiles.file(arg.group(2))).as("the jar the Dockerfile copies").isNotEmptyFile();
        assertThat(arg.group(2)).isEqualTo(service + "/target/kronika-" + service + "-"
                + System.getProperty("kronika.version", "0.1.0-SNAPSHOT") + "-exec.jar");

        String user = instructions.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user).isEqualTo("USER 10001:10001");
        assertThat(instructions.indexOf(user)).as("USER before the process starts")
                .isLessThan(indexOf(instructions, "ENTRYPOINT "));

        String healthcheck = instructions.stream().filter(i -> i.startsWith("HEALTHCHECK ")).findFirst().orElseThrow();
        // The actuator's own port where one is set (deploy/compose), else the service's.
        assertThat(healthcheck).contains("/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-" + port + "}",
                "/actuator/health/readiness");
        assertThat(instructions).contains("EXPOSE " + port);
        assertThat(instructions.get(indexOf(instructions, "ENTRYPOINT ")))
                .isEqualTo("ENTRYPOINT [\"java\", \"-jar\", \"/opt/kronika/app.jar\"]");
        assertThat(dockerfile).contains("AXONIQ_UPDATE_CHECKER_DISABLED=true");
    }

    private static int indexOf(List<String> instructions, String prefix) {
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no " + prefix.trim() + " instruction");
    }

    /** The instructions, comments dropped and continuation lines joined, as Docker's parser sees them. */
    static List<String> instructions(String dockerfile) {
        String joined = DeployFiles.read(dockerfile).replaceAll("(?m)^\\s*#.*\\n", "").replaceAll("\\\\\\n\\s*", " ");
        return joined.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
