package org.kronika.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/** A service's Prometheus metrics, as the suite and the soak read them while they run. */
final class ServiceMetrics {

    private ServiceMetrics() {
    }

    /** The text of {@code baseUrl}/actuator/prometheus. */
    static String scrape(HttpClient http, String baseUrl) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The sum of every series of the metric {@code name}; empty when the service exports none. */
    static OptionalDouble sum(String prometheus, String name) {
        double[] values = prometheus.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).toArray();
        return values.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(java.util.Arrays.stream(values).sum());
    }
}
