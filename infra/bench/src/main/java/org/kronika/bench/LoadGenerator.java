package org.kronika.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load, in a process of its own so its CPU is not the system's: replays a file of requests over HTTP.
 * <ul>
 * <li>Open loop ({@code --rate R}): request {@code i} is due at {@code start + i / R} whatever happened to the
 * ones before it, and its latency counts from when it was due, so a stalled system shows as latency, not as fewer
 * requests (no coordinated omission).</li>
 * <li>Closed loop ({@code --clients N}, no rate): N clients each send their next request when the last is
 * answered, to find the most the system can do.</li>
 * </ul>
 * Requests file: one request per line, {@code METHOD URL TOKEN-NAME [BODY]}; tokens file: {@code name=token}
 * lines, where a token {@code Cookie <cookie>} is sent as a session cookie (a signed-in page's) instead of a bearer
 * token. Prints {@code RESULT <json>} with HdrHistogram percentiles in milliseconds.
 */
public final class LoadGenerator {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COOKIE = "Cookie ";

    private LoadGenerator() {
    }

    record Request(String method, URI uri, String token, String body) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(options.get("tokens")))) {
            int at = line.indexOf('=');
            if (at > 0) {
                tokens.put(line.substring(0, at), line.substring(at + 1));
            }
        }
        List<Request> requests = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(options.get("requests")))) {
            String[] parts = line.split(" ", 4);
            if (parts.length >= 3) {
                requests.add(new Request(parts[0], URI.create(parts[1]), tokens.get(parts[2]),
                        parts.length == 4 ? parts[3] : null));
            }
        }
        double rate = Double.parseDouble(options.getOrDefault("rate", "0"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        Duration duration = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "30")));
        Duration warmUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "5")));
        Map<String, Object> result = rate > 0 ? openLoop(requests, rate, clients, warmUp, duration)
                : closedLoop(requests, clients, warmUp, duration);
        result.put("name", options.getOrDefault("name", "load"));
        System.out.println("RESULT " + JSON.writeValueAsString(result));
        System.exit(0);
    }

    private static HttpClient client(ExecutorService executor) {
        return HttpClient.newBuilder().executor(executor).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest request(Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(Duration.ofSeconds(30));
        if (request.token() != null && request.token().startsWith(COOKIE)) {
            builder.header("Cookie", request.token().substring(COOKIE.length()));
        } else if (request.token() != null) {
            builder.header("Authorization", "Bearer " + request.token());
        }
        if (request.body() != null) {
            builder.header("Content-Type", "application/json")
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    private static Map<String, Object> openLoop(List<Request> requests, double rate, int threads, Duration warmUp,
                                                Duration duration) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        HttpClient http = client(executor);
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(2), 3);
        AtomicLong errors = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicInteger inFlight = new AtomicInteger();
        long interval = (long) (1_000_000_000L / rate);
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        long overloaded = 0;
        for (long i = 0; ; i++) {
            long due = start + i * interval;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (inFlight.get() >= 4096) {
                overloaded++;
                continue;
            }
            boolean measured = due >= measureFrom;
            Request request = requests.get((int) (i % requests.size()));
            inFlight.incrementAndGet();
            http.sendAsync(request(request), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                inFlight.decrementAndGet();
                if (measured) {
                    recorder.recordValue(Math.max(0, System.nanoTime() - due));
                    sent.incrementAndGet();
                    if (failure != null || response.statusCode() >= 400) {
                        errors.incrementAndGet();
                    }
                }
            });
        }
        while (inFlight.get() > 0 && System.nanoTime() < end + TimeUnit.SECONDS.toNanos(30)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        executor.shutdownNow();
        Map<String, Object> result = summary(recorder.getIntervalHistogram(), sent.get(), errors.get(), duration);
        result.put("rate", rate);
        result.put("overloaded", overloaded);
        return result;
    }

    private static Map<String, Object> closedLoop(List<Request> requests, int clients, Duration warmUp,
                                                  Duration duration) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(4, clients));
        HttpClient http = client(executor);
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(2), 3);
        AtomicLong errors = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    Request request = requests.get((int) (next.getAndIncrement() % requests.size()));
                    long begun = System.nanoTime();
                    boolean failed;
                    try {
                        failed = http.send(request(request), HttpResponse.BodyHandlers.discarding()).statusCode() >= 400;
                    } catch (Exception e) {
                        failed = true;
                    }
                    if (begun >= measureFrom) {
                        recorder.recordValue(System.nanoTime() - begun);
                        sent.incrementAndGet();
                        if (failed) {
                            errors.incrementAndGet();
                        }
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        executor.shutdownNow();
        Map<String, Object> result = summary(recorder.getIntervalHistogram(), sent.get(), errors.get(), duration);
        result.put("clients", clients);
        return result;
    }

    private static Map<String, Object> summary(Histogram histogram, long sent, long errors, Duration duration) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("requests", sent);
        result.put("errors", errors);
        result.put("throughput", sent / (double) duration.toSeconds());
        result.put("p50", histogram.getValueAtPercentile(50) / 1e6);
        result.put("p90", histogram.getValueAtPercentile(90) / 1e6);
        result.put("p95", histogram.getValueAtPercentile(95) / 1e6);
        result.put("p99", histogram.getValueAtPercentile(99) / 1e6);
        result.put("max", histogram.getMaxValue() / 1e6);
        return result;
    }
}
