package org.kronika.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * From a command sent to the moment its activity can be read from the query service, one at a time, from a process
 * of its own. Arguments: command URL, query URL, project id, recorder token, auditor token, samples. Each sample
 * records a new activity, then asks for it every 0.5 ms until it is there.
 */
public final class EndToEnd {

    private EndToEnd() {
    }

    public static void main(String[] args) throws Exception {
        String commandUrl = args[0];
        String queryUrl = args[1];
        String project = args[2];
        String recorder = args[3];
        String auditor = args[4];
        int samples = Integer.parseInt(args[5]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(2), 3);
        Histogram accepted = new Histogram(TimeUnit.MINUTES.toNanos(2), 3);
        long nonce = System.currentTimeMillis();
        for (int i = -20; i < samples; i++) {
            String id = "e2e-" + nonce + "-" + (i + 20);
            String body = "{\"activityId\":\"" + id + "\",\"title\":\"Training\",\"occurredOn\":\"2025-03-0"
                    + (1 + Math.floorMod(i, 9)) + "\",\"municipality\":\"Gjilan\",\"participants\":{\"total\":12,"
                    + "\"bySex\":{\"female\":7,\"male\":5}},\"indicatorIds\":[\"reached\"],\"sessions\":1}";
            long begun = System.nanoTime();
            HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create(commandUrl + "/api/projects/"
                            + project + "/activities/training-delivered")).header("Authorization", "Bearer " + recorder)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (sent.statusCode() != 201) {
                throw new IllegalStateException("The command was answered " + sent.statusCode() + ": " + sent.body());
            }
            long answered = System.nanoTime();
            HttpRequest read = HttpRequest.newBuilder(URI.create(queryUrl + "/api/projects/" + project
                    + "/activities/" + id)).header("Authorization", "Bearer " + auditor).timeout(Duration.ofSeconds(10))
                    .build();
            while (http.send(read, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                if (System.nanoTime() - begun > TimeUnit.SECONDS.toNanos(60)) {
                    throw new IllegalStateException("Activity " + id + " not visible after 60 s");
                }
                LockSupport.parkNanos(500_000);
            }
            if (i >= 0) {
                histogram.recordValue(System.nanoTime() - begun);
                accepted.recordValue(answered - begun);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("samples", histogram.getTotalCount());
        result.put("p50", histogram.getValueAtPercentile(50) / 1e6);
        result.put("p99", histogram.getValueAtPercentile(99) / 1e6);
        result.put("max", histogram.getMaxValue() / 1e6);
        result.put("commandP50", accepted.getValueAtPercentile(50) / 1e6);
        System.out.println("RESULT " + new ObjectMapper().writeValueAsString(result));
        System.exit(0);
    }
}
