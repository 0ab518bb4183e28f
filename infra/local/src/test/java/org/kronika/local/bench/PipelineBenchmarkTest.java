package org.kronika.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kronika.infra.embedded.Ports;
import org.kronika.infra.embedded.LocalTokens;
import org.kronika.local.LocalKronika;
import org.kronika.local.Settings;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;

/**
 * Measures the whole pipeline on this machine: commands/s and their latency over HTTP (durable PostgreSQL),
 * and how long an event takes to reach the read model (the query side's own lag timer). It prints figures and
 * asserts none: speed is measured here, not asserted in timed tests. Not part of ./mvnw verify; run with
 * {@code ./mvnw -DskipTests install && ./mvnw -pl infra/local verify -Dgroups=benchmark -Dbenchmarks.excluded=none}.
 */
@Tag("benchmark")
class PipelineBenchmarkTest {

    private static final int PROJECTS = 40;
    private static final int COMMANDS_PER_PROJECT = 150;
    private static final int CLIENTS = 16;

    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(CLIENTS)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void commandsPerSecondLatencyAndProjectionLag(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work)
            throws Exception {
        try (LocalKronika kronika = new LocalKronika(new Settings(work,
                Optional.empty(), Ports.free(), Optional.empty(), "postgres", "postgres", Ports.free(),
                Optional.empty(), Ports.free(), Optional.empty(), Optional.empty(), Ports.free(),
                Ports.free(), Ports.free(), jar("auth-server"), jar("command-service"), jar("query-service"),
                false)).start()) {
            LocalTokens clients = new LocalTokens(kronika.authServerUrl());
            String admin = clients.token("admin-demo");
            String recorder = clients.token("recorder-kec");
            for (int p = 0; p < PROJECTS; p++) {
                post(kronika.commandServiceUrl() + "/api/projects", admin, """
                        {"projectId":"bench-%d","organisationId":"kec","organisation":"KEC","title":"Bench",
                         "municipalities":["Ferizaj"],"startDate":"2024-01-01","endDate":"2024-12-31"}""".formatted(p));
            }
            // Warm-up: JIT, connection pools, caches.
            run(kronika.commandServiceUrl(), recorder, 10, "warm");

            long started = System.nanoTime();
            List<Long> latencies = run(kronika.commandServiceUrl(), recorder, COMMANDS_PER_PROJECT, "run");
            double seconds = (System.nanoTime() - started) / 1e9;
            Collections.sort(latencies);
            System.out.printf("%nCOMMANDS: %d in %.1f s = %.0f commands/s with %d clients; latency p50 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms%n", latencies.size(), seconds, latencies.size() / seconds,
                    CLIENTS, percentile(latencies, 0.50), percentile(latencies, 0.99),
                    latencies.get(latencies.size() - 1) / 1e6);

            String auditor = clients.token("auditor-demo");
            long expected = (long) PROJECTS * (COMMANDS_PER_PROJECT + 10);
            long waitStart = System.nanoTime();
            // A read side that never catches up fails the run, rather than printing that it did.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> appliedVersions(kronika.queryServiceUrl(), auditor), applied -> applied >= expected);
            System.out.printf("PROJECTION: all %d activities in read models %.1f s after the last command%n",
                    expected, (System.nanoTime() - waitStart) / 1e9);
            String metrics = get(kronika.queryServiceUrl() + "/actuator/prometheus", null);
            metrics.lines().filter(l -> l.startsWith("kronika_projection_lag_seconds{")
                            || l.startsWith("kronika_projection_lag_seconds_count") || l.startsWith("kronika_projection_lag_seconds_max"))
                    .forEach(l -> System.out.println("PROJECTION LAG " + l));
        }
    }

    private List<Long> run(String commandService, String token, int perProject, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < perProject; i++) {
            for (int p = 0; p < PROJECTS; p++) {
                int project = p;
                int n = i;
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    post(commandService + "/api/projects/bench-" + project + "/activities/training-delivered", token, """
                            {"activityId":"%s-%d","title":"Training","occurredOn":"2024-03-12","municipality":"Ferizaj",
                             "sessions":1,"participants":{"total":20,"bySex":{"female":11,"male":9}}}""".formatted(prefix, n));
                    return System.nanoTime() - start;
                }));
            }
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<Long> future : futures) {
            latencies.add(future.get());
        }
        pool.shutdown();
        return latencies;
    }

    private long appliedVersions(String queryService, String token) throws Exception {
        JsonNode projects = json.readTree(get(queryService + "/api/projects", token));
        long activities = 0;
        for (JsonNode project : projects) {
            activities += project.at("/totals/activities").asLong();
        }
        return activities;
    }

    private void post(String url, String token, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(url + " -> " + response.statusCode() + " " + response.body());
        }
    }

    private String get(String url, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double percentile(List<Long> sorted, double p) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private static Path jar(String module) {
        return Path.of(System.getProperty("kronika." + module + ".jar"));
    }
}
