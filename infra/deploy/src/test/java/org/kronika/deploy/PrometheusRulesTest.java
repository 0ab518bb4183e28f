package org.kronika.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The alert rules: Prometheus' own checker and the rules' unit tests ({@code promtool}, from Debian's
 * {@code prometheus} package), and what an on-call person needs from every alert: a severity, a summary and a
 * runbook that exists. Where promtool is not installed these checks are skipped, except where
 * {@code KRONIKA_PROMTOOL=required} (CI sets it, as it does for the browser tests): there a missing promtool fails the build.
 */
class PrometheusRulesTest {

    private static final String RULES = "deploy/prometheus/kronika-rules.yml";
    private static final String KUBERNETES = "deploy/prometheus/prometheus-kubernetes.yml";

    @Test
    void promtoolAcceptsTheRulesAndThePrometheusConfiguration() throws Exception {
        assertThat(promtool("check", "rules", DeployFiles.file(RULES).toString()))
                .contains("SUCCESS: " + alerts().size() + " rules found");
        assertThat(promtool("check", "config", DeployFiles.file("deploy/prometheus/prometheus.yml").toString()))
                .contains("SUCCESS");
    }

    /**
     * The configuration for the Kubernetes manifests relabels each pod's job to kronika-&lt;app.kubernetes.io/name&gt;,
     * the job names KronikaServiceDown selects, and keeps exactly the pods the manifests annotate. Debian's promtool
     * is built without Kubernetes discovery, so it checks a copy whose kubernetes_sd_configs is swapped for a
     * file_sd_configs: the relabelling, the rule file and the rest as written.
     */
    @Test
    void theKubernetesConfigurationNamesTheJobsTheRulesSelectAndPromtoolAcceptsIt(@TempDir Path directory)
            throws Exception {
        JsonNode config = DeployFiles.yaml(KUBERNETES);
        JsonNode scrape = config.at("/scrape_configs/0");
        assertThat(config.path("scrape_configs")).hasSize(1);
        assertThat(scrape.at("/kubernetes_sd_configs/0/role").asText()).isEqualTo("pod");
        JsonNode jobRelabel = null;
        for (JsonNode relabel : scrape.path("relabel_configs")) {
            if (relabel.path("target_label").asText().equals("job")) {
                jobRelabel = relabel;
            }
        }
        assertThat(jobRelabel).as("a relabelling that sets job").isNotNull();
        assertThat(jobRelabel.path("source_labels").get(0).asText())
                .isEqualTo("__meta_kubernetes_pod_label_app_kubernetes_io_name");
        assertThat(jobRelabel.path("replacement").asText()).isEqualTo("kronika-$1");
        String serviceDown = alerts().stream().filter(a -> a.path("alert").asText().equals("KronikaServiceDown"))
                .findFirst().orElseThrow().path("expr").asText();
        assertThat(serviceDown).contains("job=~\"kronika-.*\"");
        for (String service : List.of("command-service", "query-service")) {
            JsonNode deployment = DeployFiles.yamlDocuments("deploy/kubernetes/" + service + ".yaml").stream()
                    .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
            JsonNode pod = deployment.at("/spec/template/metadata");
            assertThat(pod.at("/labels/app.kubernetes.io~1name").asText()).as(service).isEqualTo(service);
            assertThat(pod.at("/labels/app.kubernetes.io~1part-of").asText()).as(service).isEqualTo("kronika");
            assertThat(pod.at("/annotations/prometheus.io~1scrape").asText()).as(service).isEqualTo("true");
            assertThat(scrape.at("/kubernetes_sd_configs/0/namespaces/names/0").asText()).as(service)
                    .isEqualTo(deployment.at("/metadata/namespace").asText());
        }

        ObjectNode copy = config.deepCopy();
        ObjectNode copiedScrape = (ObjectNode) copy.at("/scrape_configs/0");
        copiedScrape.remove("kubernetes_sd_configs");
        Files.writeString(directory.resolve("pods.json"), "[]");
        copiedScrape.putArray("file_sd_configs").addObject().putArray("files")
                .add(directory.resolve("pods.json").toString());
        copy.putArray("rule_files").add(DeployFiles.file(RULES).toString());
        Path file = directory.resolve("prometheus.yml");
        Files.writeString(file, DeployFiles.JSON.writeValueAsString(copy));
        assertThat(promtool("check", "config", file.toString())).contains("SUCCESS").doesNotContain("WARNING");
    }

    @Test
    void everyAlertFiresWhenItShouldAndOnlyThenAsItsUnitTestsSay() throws Exception {
        assertThat(promtool("test", "rules", DeployFiles.file("deploy/prometheus/kronika-rules.test.yml").toString()))
                .contains("SUCCESS");
    }

    @Test
    void everyAlertIsTestedByTheUnitTests() {
        Set<String> tested = new java.util.HashSet<>();
        for (JsonNode test : DeployFiles.yaml("deploy/prometheus/kronika-rules.test.yml").path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                if (!check.path("exp_alerts").isEmpty()) {
                    tested.add(check.path("alertname").asText());
                }
            }
        }
        assertThat(tested).containsExactlyInAnyOrderElementsOf(alerts().stream()
                .map(a -> a.path("alert").asText()).toList());
    }

    @Test
    void everyAlertHasASeverityASummaryAndARunbookThatExists() {
        Set<String> anchors = DeployFiles.anchors("docs/operations.md");
        for (JsonNode alert : alerts()) {
            String name = alert.path("alert").asText();
            assertThat(alert.at("/labels/severity").asText()).as(name).isIn("warning", "critical");
            assertThat(alert.at("/annotations/summary").asText()).as(name).isNotBlank();
            String runbook = alert.at("/annotations/runbook_url").asText();
            assertThat(runbook).as(name).startsWith("docs/operations.md#");
            assertThat(anchors).as(name + "'s runbook").contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    static List<JsonNode> alerts() {
        List<JsonNode> alerts = new ArrayList<>();
        for (JsonNode group : DeployFiles.yaml(RULES).path("groups")) {
            group.path("rules").forEach(rule -> {
                if (rule.has("alert")) {
                    alerts.add(rule);
                }
            });
        }
        return alerts;
    }

    /** Runs promtool in deploy/prometheus (rule files are named relative to it) and returns what it printed. */
    private static String promtool(String... arguments) throws IOException, InterruptedException {
        Path promtool = promtoolExecutable();
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(DeployFiles.file(RULES).getParent().toFile())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(process.exitValue()).as("promtool %s exit code; it said:%n%s", List.of(arguments), output).isZero();
        return output;
    }

    private static Path promtoolExecutable() {
        Path found = null;
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, "promtool");
            if (Files.isExecutable(candidate)) {
                found = candidate;
                break;
            }
        }
        if (found == null && "required".equals(System.getenv("KRONIKA_PROMTOOL"))) {
            throw new AssertionError("promtool is not on the PATH, and KRONIKA_PROMTOOL=required: "
                    + "install Debian's prometheus package (.ci/run does)");
        }
        if (found == null) {
            // Said once per check in the build's output, not only in the test report, so nobody takes a skip for a pass.
            System.err.println("SKIPPED: promtool is not on the PATH, so the alert rules are not checked here "
                    + "(apt-get install prometheus; CI requires it)");
        }
        assumeThat(found).as("promtool on the PATH (apt-get install prometheus)").isNotNull();
        return found;
    }
}
