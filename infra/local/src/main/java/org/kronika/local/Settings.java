package org.kronika.local;

import java.nio.file.Files;
import java.nio.file.Path;
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
                optional(env, "KRONIKA_KAFKA_BOOTSTRAP_SERVERS"), 9092,
                optional(env, "KRONIKA_POSTGRES_URL"),
                env.getOrDefault("KRONIKA_POSTGRES_USER", "postgres"),
                env.getOrDefault("KRONIKA_POSTGRES_PASSWORD", "postgres"), 5432,
                optional(env, "KRONIKA_MONGODB_URI"), 27017,
                optional(env, "KRONIKA_JWT_ISSUER"), optional(env, "KRONIKA_JWT_JWKS_URI"), 9000,
                8080, 8081,
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
            return files.filter(p -> p.getFileName().toString().endsWith("-exec.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No executable jar in " + target.toAbsolutePath()
                            + ": build first with ./mvnw -DskipTests package"))
                    .toAbsolutePath();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Run from the repository root after ./mvnw -DskipTests package ("
                    + target.toAbsolutePath() + " not found)", e);
        }
    }
}
