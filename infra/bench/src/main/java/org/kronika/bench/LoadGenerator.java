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
 * <li>Open loop over a fixed number of clients ({@code --rate R --clients N --fixed-clients true}), as wrk2
 * does: request {@code i} is due at {@code start + i / R}; whichever of the N clients (each one connection) is free
 * takes the next due request, so at most N are in flight, and latency still counts from when it was due. A system
 * slower than R builds a queue that shows in the latency. Requests still unsent 20 s after the end are not sent;
 * they are counted as {@code unsent} and recorded with the time they had waited, a lower bound.</li>
 * <li>Each request once ({@code --once true --clients N}): N clients send the file's requests, each exactly once
 * and in order, and the run ends when all are answered; throughput over the time that took. With
 * {@code --resend-unavailable K}, a request answered 503 (the service's "nothing stored, try again") is sent again
 * a second later, at most K times, as a client would; {@code resent} counts them, and its latency runs from the
 * first sending.</li>
 * </ul>
 * All but the first also report {@code all} (every request answered, warm-up included, for CPU per request) and
 * {@code statuses} (answers by HTTP status, {@code 0} for no answer).
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
        Map<String, Object> result;
        if (Boolean.parseBoolean(options.getOrDefault("once", "false"))) {
            result = eachOnce(requests, clients, Integer.parseInt(options.getOrDefault("resend-unavailable", "0")));
        } else if (rate > 0 && Boolean.parseBoolean(options.getOrDefault("fixed-clients", "false"))) {
            result = openLoopFixedClients(requests, rate, clients, warmUp, duration);
        } else {
            result = rate > 0 ? openLoop(requests, rate, clients, warmUp, duration)
                    : closedLoop(requests, clients, warmUp, duration);
        }
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
        AtomicLong answeredInWindow = new AtomicLong();
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
                long now = System.nanoTime();
                if (now >= measureFrom && now < end) {
                    answeredInWindow.incrementAndGet();
                }
                if (measured) {
                    recorder.recordValue(Math.max(0, now - due));
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
        // Achieved is what was answered while the window lasted, as in the open loop of fixed clients: the requests
        // due in it, answered up to 30 s later, made it the offered rate whenever the backlog drained by then.
        result.put("throughput", answeredInWindow.get() / (double) duration.toSeconds());
        result.put("rate", rate);
        result.put("overloaded", overloaded);
        return result;
    }

    private static Map<String, Object> closedLoop(List<Request> requests, int clients, Duration warmUp,
                                                  Duration duration) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(4, clients));
        HttpClient http = client(executor);
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(2), 3);
        Statuses statuses = new Statuses();
        AtomicLong sent = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        inParallel(clients, () -> {
            while (System.nanoTime() < end) {
                Request request = requests.get((int) (next.getAndIncrement() % requests.size()));
                long begun = System.nanoTime();
                int status = send(http, request);
                statuses.add(status, begun >= measureFrom);
                if (begun >= measureFrom) {
                    recorder.recordValue(System.nanoTime() - begun);
                    sent.incrementAndGet();
                }
            }
        });
        executor.shutdownNow();
        Map<String, Object> result = summary(recorder.getIntervalHistogram(), sent.get(),
                statuses.measuredErrors.get(), duration);
        result.put("clients", clients);
        statuses.into(result);
        return result;
    }

    private static Map<String, Object> openLoopFixedClients(List<Request> requests, double rate, int clients,
                                                            Duration warmUp, Duration duration) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(4, clients));
        HttpClient http = client(executor);
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(5), 3);
        Statuses statuses = new Statuses();
        AtomicLong next = new AtomicLong();
        AtomicLong measured = new AtomicLong();
        AtomicLong unsent = new AtomicLong();
        AtomicLong answeredInWindow = new AtomicLong();
        double interval = 1_000_000_000.0 / rate;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        long giveUp = end + TimeUnit.SECONDS.toNanos(20);
        inParallel(clients, () -> {
            while (true) {
                long i = next.getAndIncrement();
                long due = start + (long) (i * interval);
                if (due >= end) {
                    return;
                }
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (System.nanoTime() > giveUp) {
                    if (due >= measureFrom) {
                        unsent.incrementAndGet();
                        recorder.recordValue(giveUp - due);
                    }
                    continue;
                }
                int status = send(http, requests.get((int) (i % requests.size())));
                long now = System.nanoTime();
                if (now >= measureFrom && now < end) {
                    answeredInWindow.incrementAndGet();
                }
                statuses.add(status, due >= measureFrom);
                if (due >= measureFrom) {
                    recorder.recordValue(Math.max(0, now - due));
                    measured.incrementAndGet();
                }
            }
        });
        executor.shutdownNow();
        Map<String, Object> result = summary(recorder.getIntervalHistogram(), measured.get(),
                statuses.measuredErrors.get(), duration);
        // Achieved is what was answered while the window lasted. Counting the requests due in it instead would,
        // once the service falls behind, leave out the window's first seconds (spent on requests due in the
        // warm-up) and count answers given up to 20 s after it.
        result.put("throughput", answeredInWindow.get() / (double) duration.toSeconds());
        result.put("rate", rate);
        result.put("clients", clients);
        result.put("unsent", unsent.get());
        statuses.into(result);
        return result;
    }

    private static Map<String, Object> eachOnce(List<Request> requests, int clients, int resends) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(4, clients));
        HttpClient http = client(executor);
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(5), 3);
        Statuses statuses = new Statuses();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger resent = new AtomicInteger();
        long started = System.nanoTime();
        inParallel(clients, () -> {
            for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                long begun = System.nanoTime();
                int status = send(http, requests.get(i));
                for (int attempt = 0; status == 503 && attempt < resends; attempt++) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    resent.incrementAndGet();
                    status = send(http, requests.get(i));
                }
                recorder.recordValue(System.nanoTime() - begun);
                statuses.add(status, true);
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        executor.shutdownNow();
        Map<String, Object> result = summary(recorder.getIntervalHistogram(), requests.size(),
                statuses.measuredErrors.get(), Duration.ofSeconds(1));
        result.put("throughput", requests.size() / seconds);
        result.put("seconds", seconds);
        result.put("clients", clients);
        result.put("resent", resent.get());
        statuses.into(result);
        return result;
    }

    /** Runs {@code client} on {@code clients} threads of its own and waits for all of them to finish. */
    private static void inParallel(int clients, Runnable client) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread worker = new Thread(client, "client-" + c);
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }

    /** The answer's HTTP status, or 0 when there was none. */
    private static int send(HttpClient http, Request request) {
        try {
            return http.send(request(request), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception e) {
            return 0;
        }
    }

    /** Answers by status, every one counted (warm-up included). */
    private static final class Statuses {
        private final Map<Integer, AtomicLong> counts = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicLong all = new AtomicLong();
        private final AtomicLong measuredErrors = new AtomicLong();

        /** @param measured whether the request falls in the measured time, where a failure counts as an error */
        void add(int status, boolean measured) {
            counts.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            all.incrementAndGet();
            if (measured && (status == 0 || status >= 400)) {
                measuredErrors.incrementAndGet();
            }
        }

        void into(Map<String, Object> result) {
            Map<String, Long> byStatus = new java.util.TreeMap<>();
            counts.forEach((status, count) -> byStatus.put(Integer.toString(status), count.get()));
            result.put("all", all.get());
            result.put("statuses", byStatus);
        }
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
