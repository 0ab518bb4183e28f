package org.kronika.bench;

import org.kronika.infra.embedded.TemporaryDirectory;
import org.kronika.local.Settings;
import org.kronika.local.ServiceProcess;
import org.kronika.local.faults.CommandLoad;
import org.kronika.local.faults.FaultStack;
import org.kronika.local.faults.Ledger;
import org.kronika.local.faults.Projects;
import org.kronika.local.faults.Reconciliation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded soak: the whole system under mixed load (clients recording, auditors reading) for {@code --minutes}
 * (default 30), with a fault injected every {@code --fault-every} minutes (default 3), in rotation: Kafka killed,
 * the command service killed, the MongoDB stand-in frozen, the query service killed, PostgreSQL stopped, the
 * authorization server killed, Kafka stopped. At the end every store agrees and every chain verifies
 * ({@link Reconciliation}), and each service's threads and memory after garbage collection stayed flat. Run from
 * the repository root after {@code ./mvnw -DskipTests package}:
 *
 * <pre>java -jar infra/bench/target/kronika-bench-*-exec.jar soak --minutes 30</pre>
 */
public final class Soak {

    private static final Logger log = LoggerFactory.getLogger(Soak.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(15);
    /** A service's first minutes are warm-up (class loading, the heap settling), not growth. */
    private static final Duration WARM_UP = Duration.ofSeconds(90);

    private final FaultStack stack;
    private final Map<String, AtomicLong> reads = new ConcurrentHashMap<>();
    private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<String> faults = new ArrayList<>();
    private final Map<Long, Instant> processStarted = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /**
     * @param heapLiveMb  the old generation after the last full collection (Micrometer's jvm.gc.live.data.size), for
     *                    the two services that publish metrics; -1 otherwise
     */
    record Sample(Instant at, String part, long pid, double heapLiveMb, double threads, double rssMb) {
    }

    private Soak(FaultStack stack) {
        this.stack = stack;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Duration length = minutes(options.getOrDefault("--minutes", "30"));
        Duration faultEvery = minutes(options.getOrDefault("--fault-every", "3"));
        Path work = Files.createTempDirectory("kronika-soak");
        Settings defaults = Settings.fromEnvironment(Map.of());
        log.info("Soak for {} min, a fault every {} s; work directory {}", length.toMinutes(), faultEvery.toSeconds(),
                work);
        boolean held = false;
        try (FaultStack stack = FaultStack.start(work, new FaultStack.Jars(defaults.authServerJar(),
                defaults.commandServiceJar(), defaults.queryServiceJar()), Map.of())) {
            held = new Soak(stack).run(length, faultEvery);
        } finally {
            // Once the stack is stopped: a soak stopped with Ctrl-C leaves its folder whole.
            TemporaryDirectory.removeAllBut(work, BenchmarkSuite::logFolder);
            log.info("Logs of the soak kept in {}", work);
        }
        System.exit(held ? 0 : 1);
    }

    private static Duration minutes(String value) {
        return Duration.ofSeconds(Math.round(Double.parseDouble(value) * 60));
    }

    private boolean run(Duration length, Duration faultEvery) throws Exception {
        Instant start = Instant.now();
        List<String> projects = Projects.register(stack, "soak", 20);
        Ledger ledger = new Ledger();
        CommandLoad writes = new CommandLoad(stack.commandService().baseUrl(),
                () -> stack.tokens().token("recorder-kec"), projects, ledger, "soak-c").start(3, Duration.ofMillis(25));
        Thread reader = daemon("soak-reader", () -> read(projects));
        Thread sampler = daemon("soak-sampler", this::sample);

        List<Fault> rotation = rotation();
        int next = 0;
        Instant nextFault = start.plus(faultEvery);
        while (Instant.now().isBefore(start.plus(length))) {
            if (!Instant.now().isBefore(nextFault) && Instant.now().plus(Duration.ofSeconds(45))
                    .isBefore(start.plus(length))) {
                Fault fault = rotation.get(next++ % rotation.size());
                Instant began = Instant.now();
                log.info("Fault: {}", fault.name());
                fault.inject();
                faults.add(String.format("%5.1f min  %s (healed after %d s)", Duration.between(start, began)
                        .toSeconds() / 60.0, fault.name(), Duration.between(began, Instant.now()).toSeconds()));
                nextFault = nextFault.plus(faultEvery);
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }

        writes.stop();
        running = false;
        reader.join();
        sampler.join();
        log.info("Load stopped; retrying the commands left without an answer, then comparing the stores");
        writes.settle(Duration.ofMinutes(5));
        Reconciliation stores = Reconciliation.of("soak, " + length.toMinutes() + " min, " + faults.size() + " faults",
                stack, projects, ledger, Duration.ofMinutes(5));
        Flatness flatness = flatness();
        String report = report(start, stores, flatness);
        System.out.println(report);
        Path file = Path.of("infra/bench/target/soak-results.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println("Written to " + file.toAbsolutePath());
        return held(stores, flatness);
    }

    /** The soak's one verdict, printed and returned alike. */
    private static boolean held(Reconciliation stores, Flatness flatness) {
        return stores.holds() && stores.stored() == stores.acknowledged() && flatness.flat();
    }

    private interface Action {
        void run() throws Exception;
    }

    private record Fault(String name, Action action) {
        void inject() throws Exception {
            action.run();
        }
    }

    private List<Fault> rotation() {
        return List.of(
                new Fault("Kafka killed (SIGKILL), started again after 15 s", () -> {
                    stack.kafka().kill();
                    pause(Duration.ofSeconds(15));
                    stack.kafka().start();
                }),
                new Fault("command service killed (SIGKILL), started again", () -> restart(stack.commandService())),
                new Fault("MongoDB stand-in frozen (SIGSTOP) for 30 s", () -> {
                    stack.mongo().pause();
                    try {
                        pause(Duration.ofSeconds(30));
                    } finally {
                        stack.mongo().resume();
                    }
                }),
                new Fault("query service killed (SIGKILL), started again", () -> restart(stack.queryService())),
                new Fault("PostgreSQL stopped for 10 s", () -> {
                    stack.postgres().stop();
                    try {
                        pause(Duration.ofSeconds(10));
                    } finally {
                        stack.postgres().start();
                    }
                }),
                new Fault("authorization server killed, started again after 20 s", () -> {
                    stack.authServer().kill();
                    pause(Duration.ofSeconds(20));
                    stack.restart(stack.authServer());
                    processStarted.put(stack.authServer().pid(), Instant.now());
                }),
                new Fault("Kafka stopped for 20 s", () -> {
                    stack.kafka().stop();
                    pause(Duration.ofSeconds(20));
                    stack.kafka().start();
                }));
    }

    private void restart(ServiceProcess service) throws Exception {
        stack.killAndRestart(service);
        processStarted.put(service.pid(), Instant.now());
    }

    private static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Auditors reading while the clients write: summaries, history pages, activities, the portfolio. */
    private void read(List<String> projects) {
        Random random = new Random(7);
        String base = stack.queryService().baseUrl();
        while (running) {
            String project = projects.get(random.nextInt(projects.size()));
            String path = switch (random.nextInt(4)) {
                case 0 -> "/api/projects/" + project;
                case 1 -> "/api/projects/" + project + "/history?limit=50";
                case 2 -> "/api/projects/" + project + "/activities";
                default -> "/api/portfolio";
            };
            String outcome;
            try {
                int status = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                                .header("Authorization", "Bearer " + stack.tokens().token("auditor-demo")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                outcome = status / 100 + "xx";
            } catch (IOException e) {
                outcome = "no answer";
            } catch (InterruptedException e) {
                return;
            }
            reads.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }

    private void sample() {
        while (running) {
            Instant now = Instant.now();
            sampleService("command-service", stack.commandService(), now);
            sampleService("query-service", stack.queryService(), now);
            sampleProcess("auth-server", stack.authServer().pid(), now, -1);
            sampleProcess("kafka", stack.kafka().pid(), now, -1);
            sampleProcess("mongo-stand-in", stack.mongo().pid(), now, -1);
            LockSupport.parkNanos(SAMPLE_EVERY.toNanos());
        }
    }

    private void sampleService(String name, ServiceProcess service, Instant now) {
        double live = -1;
        try {
            live = ServiceMetrics.sum(ServiceMetrics.scrape(HTTP, service.baseUrl()), "jvm_gc_live_data_size_bytes")
                    .orElse(0) / (1024 * 1024);
        } catch (IOException | InterruptedException | RuntimeException e) {
            // restarting: only what /proc says
        }
        sampleProcess(name, service.pid(), now, live);
    }

    private void sampleProcess(String name, long pid, Instant now, double heapLiveMb) {
        try {
            double threads = -1;
            double rss = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    threads = Double.parseDouble(line.substring(8).trim());
                } else if (line.startsWith("VmRSS:")) {
                    rss = Double.parseDouble(line.substring(6).replace("kB", "").trim()) / 1024;
                }
            }
            processStarted.putIfAbsent(pid, now);
            samples.add(new Sample(now, name, pid, heapLiveMb, threads, rss));
        } catch (IOException | RuntimeException e) {
            // the process is gone for the moment (a fault)
        }
    }

    /**
     * @param lines one per process that ran past its warm-up: its first and last sample after it
     * @param flat  whether no process grew its threads by more than 10 (plus a tenth), and neither service its live
     *              heap by more than half plus 32 MB from its first full collection after the warm-up. The stand-in's
     *              memory is its data, so it is shown, not judged.
     */
    record Flatness(List<String> lines, boolean flat) {
    }

    private Flatness flatness() {
        List<String> lines = new ArrayList<>();
        boolean flat = true;
        Map<Long, List<Sample>> byProcess = new LinkedHashMap<>();
        synchronized (samples) {
            samples.forEach(s -> byProcess.computeIfAbsent(s.pid(), k -> new ArrayList<>()).add(s));
        }
        for (var process : byProcess.entrySet()) {
            Instant warm = processStarted.getOrDefault(process.getKey(), Instant.EPOCH).plus(WARM_UP);
            List<Sample> steady = process.getValue().stream().filter(s -> !s.at().isBefore(warm)).toList();
            if (steady.size() < 2) {
                continue;
            }
            Sample first = steady.get(0);
            Sample last = steady.get(steady.size() - 1);
            boolean threadsFlat = last.threads() <= first.threads() * 1.1 + 10;
            // The live data is 0 until the first full collection, which the serial collector may make late or never:
            // a 0 is no measurement, so the heap is judged from the first sample after one.
            List<Sample> collected = steady.stream().filter(s -> s.heapLiveMb() > 0).toList();
            boolean heapFlat = collected.isEmpty() || collected.get(collected.size() - 1).heapLiveMb()
                    <= collected.get(0).heapLiveMb() * 1.5 + 32;
            flat &= threadsFlat && heapFlat;
            lines.add(String.format("| %s | %d | %d s | %.0f → %.0f | %s | %.0f → %.0f | %s |", first.part(),
                    process.getKey(), Duration.between(first.at(), last.at()).toSeconds(), first.threads(),
                    last.threads(), heap(first, collected), first.rssMb(), last.rssMb(),
                    threadsFlat && heapFlat ? "flat" : "GREW"));
        }
        return new Flatness(lines, flat);
    }

    /** The live heap judged: from the first sample after a full collection to the last, and when that came. */
    private static String heap(Sample first, List<Sample> collected) {
        if (first.heapLiveMb() < 0 && collected.isEmpty()) {
            return "n/a";
        }
        if (collected.isEmpty()) {
            return "no full collection";
        }
        Sample from = collected.get(0);
        String since = from == first ? "" : String.format(" (first full collection by %d s)",
                Duration.between(first.at(), from.at()).toSeconds());
        return String.format("%.1f → %.1f%s", from.heapLiveMb(), collected.get(collected.size() - 1).heapLiveMb(),
                since);
    }

    private String report(Instant start, Reconciliation stores, Flatness flatness) {
        StringBuilder report = new StringBuilder("# Soak, " + start + ", "
                + Duration.between(start, Instant.now()).toMinutes() + " min\n\n## Faults\n\n");
        faults.forEach(f -> report.append("    ").append(f).append('\n'));
        report.append("\n## Stores\n\n").append(stores);
        report.append("\nReads while it ran: ").append(reads).append('\n');
        report.append("\n## Threads and memory (each process after its first ").append(WARM_UP.toSeconds())
                .append(" s)\n\n| Process | pid | Span | Threads | Live heap after GC, MB | RSS, MB | Verdict |\n"
                        + "|---|---|---|---|---|---|---|\n");
        flatness.lines().forEach(l -> report.append(l).append('\n'));
        report.append("\nVerdict: ").append(held(stores, flatness) ? "HELD" : "FAILED").append('\n');
        return report.toString();
    }
}
