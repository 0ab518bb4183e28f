package org.kronika.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What to start and where. A component whose address is given (the same environment variables the services
 * read in production) is used as it is; only the missing ones are started embedded.
 *
 * @param dataDirectory  where embedded PostgreSQL and Kafka keep their data, and where service logs go
 * @param kafkaBootstrap an existing Kafka, or empty to start one on {@code kafkaPort}
 * @param postgresUrl    an existing PostgreSQL (JDBC URL), or empty to start one on {@code postgresPort}
 * @param mongoUri       an existing MongoDB, or empty to start the stand-in on {@code mongoPort}
 * @param jwtIssuer      an existing identity provider (with {@code KRONIKA_JWT_JWKS_URI}), or empty to start the
 *                       local authorization server with the demo clients on {@code authPort}
 * @param loadDemoData   whether to load the demo projects
 */
public record Settings(
        Path dataDirectory,
        Optional<String> kafkaBootstrap, int kafkaPort,
        Optional<String> postgresUrl, String postgresUser, String postgresPassword, int postgresPort,
        Optional<String> mongoUri, int mongoPort,
        Optional<String> jwtIssuer, Optional<String> jwksUri, int authPort,
        int commandServicePort, int queryServicePort,
        Path authServerJar, Path commandServiceJar, Path queryServiceJar,
        boolean loadDemoData) {

    public static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                Path.of(env.getOrDefault("KRONIKA_LOCAL_DATA", ".kronika")).toAbsolutePath(),
                optional(env, "KRONIKA_KAFKA_BOOTSTRAP_SERVERS"), port(env, "KRONIKA_KAFKA_PORT", 9092),
                optional(env, "KRONIKA_POSTGRES_URL"),
                env.getOrDefault("KRONIKA_POSTGRES_USER", "postgres"),
                env.getOrDefault("KRONIKA_POSTGRES_PASSWORD", "postgres"), port(env, "KRONIKA_POSTGRES_PORT", 5432),
                optional(env, "KRONIKA_MONGODB_URI"), port(env, "KRONIKA_MONGODB_PORT", 27017),
                optional(env, "KRONIKA_JWT_ISSUER"), optional(env, "KRONIKA_JWT_JWKS_URI"),
                port(env, "KRONIKA_AUTH_PORT", 9000),
                port(env, "KRONIKA_COMMAND_PORT", 8080), port(env, "KRONIKA_QUERY_PORT", 8081),
                jar(System.getProperty("kronika.auth-server.jar"), "infra/auth-server"),
                jar(System.getProperty("kronika.command-service.jar"), "command-service"),
                jar(System.getProperty("kronika.query-service.jar"), "query-service"),
                !"false".equalsIgnoreCase(env.getOrDefault("KRONIKA_DEMO_DATA", "true")));
    }

    /**
     * {@code KRONIKA_KEEP_READ_MODELS=true}: the MongoDB stand-in keeps its data in an H2 file in the data directory,
     * so a restart resumes from the read models' checkpoint instead of rebuilding them from the topic. Slower to
     * write and to read than the memory backend (BENCHMARKS.md), it is worth it only for a large local topic.
     */
    public static boolean keepReadModels(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("KRONIKA_KEEP_READ_MODELS", "false"));
    }

    /**
     * A port the launcher starts something on, from {@code variable} if set: a machine that already runs a
     * PostgreSQL on 5432 or a web server on 8080 starts Kronika beside it, and two local systems can run at once.
     */
    private static int port(Map<String, String> env, String variable, int defaultPort) {
        String value = optional(env, variable).map(String::strip).orElse(null);
        if (value == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, with the same message as a number out of range
        }
        throw new IllegalArgumentException(variable + " must be a port number from 1 to 65535, not \"" + value + "\"");
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }

    /** The service's executable jar as Maven builds it, found from the repository root. */
    private static Path jar(String explicit, String module) {
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath();
        }
        Path target = Path.of(module, "target");
        try (var files = Files.list(target)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).sorted().toList();
            if (jars.size() > 1) {
                // After a version change built without clean: which one started would be the file system's choice.
                throw new IllegalStateException("More than one executable jar in " + target.toAbsolutePath() + " ("
                        + jars.stream().map(p -> p.getFileName().toString()).toList()
                        + "): build again with ./mvnw -DskipTests clean package");
            }
            return jars.stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("No executable jar in " + target.toAbsolutePath()
                            + ": build first with ./mvnw -DskipTests package"))
                    .toAbsolutePath();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Run from the repository root after ./mvnw -DskipTests package ("
                    + target.toAbsolutePath() + " not found)", e);
        }
    }
}
