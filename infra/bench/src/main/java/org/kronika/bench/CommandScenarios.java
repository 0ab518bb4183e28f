package org.kronika.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.infra.embedded.LocalTokens;
import org.kronika.infra.embedded.Ports;
import org.kronika.local.CheckpointKey;
import org.kronika.local.LocalKronika;
import org.kronika.local.ServiceProcess;
import org.kronika.local.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The command side under load ({@code commands} scenario): its throughput and latency at 16 and 64 clients, one
 * project under concurrent writers, loading a 10,000-event project with and without snapshots, the time from a
 * command to its activity in the read model, and the CPU each process spends per 1,000 commands. Every figure is
 * given beside the raw speed of the component that bounds it, measured in the same run from a process of its own
 * ({@link Baselines}): PostgreSQL durable commits at the same concurrency, its read of the same 10,000 rows, and a
 * Kafka round trip.
 */
final class CommandScenarios {

    private static final Logger log = LoggerFactory.getLogger(CommandScenarios.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GROUP = "commands";
    /** The target at 16 clients. */
    private static final double TARGET_RATE = 1500;
    private static final String COMPILER = "JIT compiler";
    private static final double WARM_COMPILER_CORES = 0.1;
    private static final Duration LONGEST_WARM_UP = Duration.ofMinutes(5);

    private final BenchmarkSuite suite;
    private final Results results;
    private final Path work;
    private final List<String> organisations;
    private final Map<String, Double> cpuBefore = new LinkedHashMap<>();
    private final int projects;
    private final int projectEvents;

    /**
     * @param projects      how many projects the mix spreads over (the figure is 1,000)
     * @param projectEvents the size of the single project and of the project loaded (the figure is 10,000)
     */
    CommandScenarios(BenchmarkSuite suite, Results results, Path work, List<String> organisations, int projects,
                     int projectEvents) {
        this.suite = suite;
        this.results = results;
        this.work = work;
        this.organisations = organisations;
        this.projects = projects;
        this.projectEvents = projectEvents;
    }

    void run() throws Exception {
        run(this::run);
    }

    /**
     * Only the aggregate-load figures ({@code load} scenario): the two 10,000-event projects, written by 16 writers,
     * and their load by a command service without a cache, with the one baseline they are compared with. The same
     * measurement as in {@code commands}, in a few minutes instead of ten.
     */
    void runLoad() throws Exception {
        run((stack, pids, kafkaPort) -> {
            JsonNode pg1 = baseline("postgres-commits", stack.postgresUrl(), "postgres", "postgres", "1", "10");
            singleProjectAndAggregateLoad(stack, suite.tokensFile(stack),
                    new CommandMix(stack.commandServiceUrl(), organisations, projects), pg1, "kec");
        });
    }

    private interface Scenario {
        void run(LocalKronika stack, Map<String, Long> pids, int kafkaPort) throws Exception;
    }

    private void run(Scenario scenario) throws Exception {
        Path directory = work.resolve("commands");
        int kafkaPort = Ports.free();
        Process kafka = Jvm.start(KafkaProcess.class.getName(), List.of(directory.resolve("kafka").toString(),
                Integer.toString(kafkaPort)), directory.resolve("logs/kafka.log"), "1g");
        try {
            BenchmarkSuite.await(Duration.ofMinutes(2), "Kafka", () -> Files.exists(directory.resolve("logs/kafka.log"))
                    && Files.readString(directory.resolve("logs/kafka.log")).contains("READY "));
            try (LocalKronika stack = suite.stack("commands", "bench_commands", Optional.of("localhost:" + kafkaPort))) {
                Map<String, Long> pids = new LinkedHashMap<>();
                pids.put("command service", stack.servicePids().get("command-service"));
                pids.put("PostgreSQL", postmaster(directory.resolve("postgres")));
                pids.put("Kafka", kafka.pid());
                pids.put("query service", stack.servicePids().get("query-service"));
                pids.put("MongoDB stand-in", suite.standInPid());
                results.note("Commands: PostgreSQL durable (fsync and synchronous_commit on, checked by the baseline); "
                        + "Kafka in a process of its own here, so that its CPU is its own.");
                scenario.run(stack, pids, kafkaPort);
            }
        } finally {
            kafka.destroy();
            kafka.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void run(LocalKronika stack, Map<String, Long> pids, int kafkaPort) throws Exception {
        Path tokens = suite.tokensFile(stack);
        String postgres = stack.postgresUrl();
        JsonNode pg1 = baseline("postgres-commits", postgres, "postgres", "postgres", "1", "10");
        JsonNode pg16 = baseline("postgres-commits", postgres, "postgres", "postgres", "16", "10");
        JsonNode pg64 = baseline("postgres-commits", postgres, "postgres", "postgres", "64", "10");
        for (JsonNode pg : List.of(pg1, pg16, pg64)) {
            results.add("baseline", "PostgreSQL durable single-row commits, " + pg.path("threads").asInt()
                            + " connections (commits/s; p50 / p99 ms)", rate(pg) + "; " + millis(pg, "p50") + " / "
                            + millis(pg, "p99"), null, null, null, null);
        }
        JsonNode kafkaBaseline = baseline("kafka", "localhost:" + kafkaPort, "50000");
        results.add("baseline", "Kafka, 512 B records, acks=all: produce / consume from offset 0 (records/s)",
                Results.f(kafkaBaseline.path("produce").asDouble(), "") + " / "
                        + Results.f(kafkaBaseline.path("consume").asDouble(), ""), null, null, null, null);
        JsonNode roundTrip = kafkaBaseline.path("roundTrip");
        results.add("baseline", "Kafka, one record produced then consumed, one at a time (p50 / p99 / max ms)",
                millis(roundTrip, "p50") + " / " + millis(roundTrip, "p99") + " / " + millis(roundTrip, "max"),
                null, null, null, null);
        JsonNode mongo = baseline("mongo", suite.mongoUri("bench_baseline"));
        results.add("baseline", "MongoDB stand-in: bulk insert (docs/s); conditional upsert, one in flight (ops/s; "
                        + "p50 ms); read by _id (p50 / p99 ms)", Results.f(mongo.path("bulkInsert").asDouble(), "")
                        + "; " + Results.f(mongo.path("upserts").asDouble(), "") + "; "
                        + millis(mongo.path("upsert"), "p50") + "; " + millis(mongo.path("read"), "p50") + " / "
                        + millis(mongo.path("read"), "p99"), null, null, null, null);

        CommandMix mix = new CommandMix(stack.commandServiceUrl(), organisations, projects);
        int phase = 0;
        for (List<String> lines : mix.setUp()) {
            // Set-up is not measured: a command the loaded service turns away (503, nothing stored) is sent again.
            JsonNode setUp = suite.load(stack, "set-up " + ++phase, lines, tokens, List.of("--once", "true",
                    "--clients", "16", "--resend-unavailable", "5"));
            requireAllAccepted("set-up phase " + phase, setUp);
            if (setUp.path("resent").asInt() > 0) {
                results.note("Set-up phase " + phase + ": " + setUp.path("resent").asInt()
                        + " command(s) answered 503 (nothing stored) were sent again.");
            }
        }

        warmUp(stack, tokens, mix, pids.get("command service"));

        // Throughput: what 16 and 64 clients get sending as fast as they are answered, and the latency at a set rate.
        for (int clients : List.of(16, 64)) {
            JsonNode pg = clients == 16 ? pg16 : pg64;
            snapshotCpu(pids);
            JsonNode most = suite.load(stack, "commands, " + clients + " clients, closed loop", mix.next(120_000),
                    tokens, List.of("--clients", Integer.toString(clients), "--seconds", "20", "--warmup", "5"));
            mix.onlySent(most.path("all").asLong());
            String label = clients + " clients";
            double throughput = most.path("throughput").asDouble();
            results.add(GROUP, "most commands/s, " + label + " sending as fast as answered (p50 / p99 / max ms)",
                    Results.f(throughput, "/s") + " (" + latencies(most) + ")",
                    rate(pg) + " PostgreSQL commits, " + clients + " connections",
                    Results.ratio(throughput, pg.path("throughput").asDouble()), ">= 0.25 x PostgreSQL",
                    throughput >= 0.25 * pg.path("throughput").asDouble() && errors(most) == 0);
            failures(label + " closed loop", most);
            if (clients == 16) {
                reportCpu(pids, most.path("all").asLong());
                JsonNode target = openLoop(stack, tokens, mix, clients, TARGET_RATE);
                mix.onlySent(target.path("all").asLong());
                double achieved = target.path("throughput").asDouble();
                results.add(GROUP, "open loop at " + Results.f(TARGET_RATE, "/s") + ", " + label
                                + ": achieved; p50 / p99 / max ms from intended start",
                        Results.f(achieved, "/s") + "; " + latencies(target), null, null,
                        ">= 1,500 /s, p99 <= 30 ms", achieved >= 0.99 * TARGET_RATE
                                && target.path("p99").asDouble() <= 30 && errors(target) == 0);
                failures(label + " at the target rate", target);
            }
            double sustainable = Math.max(10, Math.floor(throughput * 0.7));
            JsonNode open = openLoop(stack, tokens, mix, clients, sustainable);
            mix.onlySent(open.path("all").asLong());
            results.add(GROUP, "open loop at 70 % of the most, " + Results.f(sustainable, "/s") + ", " + label
                            + ": achieved; p50 / p99 / max ms from intended start",
                    Results.f(open.path("throughput").asDouble(), "/s") + "; " + latencies(open), null, null, null,
                    null);
            failures(label + " at 70 %", open);
        }

        String recorderOf = "kec";
        singleProjectAndAggregateLoad(stack, tokens, mix, pg1, recorderOf);
        endToEnd(stack, kafkaBaseline);
    }

    /**
     * The JIT compiles the command path under load: without a warm-up the first run measures the interpreter, and
     * for minutes after it the compiler's own threads take a share of the two cores the measurement needs (in one
     * profiled run, 40 CPU seconds a minute through the first four minutes of load). So commands are sent until the
     * command service's compiler threads use under a tenth of a core, or for at most {@link #LONGEST_WARM_UP}.
     */
    private void warmUp(LocalKronika stack, Path tokens, CommandMix mix, long commandService) throws Exception {
        double warmed = 0;
        double compiling;
        do {
            double compilerBefore = Jvm.compilerCpuSeconds(commandService);
            long started = System.nanoTime();
            JsonNode warm = suite.load(stack, "warm-up", mix.next(30_000), tokens, List.of("--clients", "16",
                    "--seconds", "20", "--warmup", "0"));
            mix.onlySent(warm.path("all").asLong());
            double seconds = (System.nanoTime() - started) / 1e9;
            warmed += seconds;
            compiling = (Jvm.compilerCpuSeconds(commandService) - compilerBefore) / seconds;
            log.info("Warm-up: {} s so far, {} commands/s; the command service's JIT compiler used {} of a core",
                    Math.round(warmed), Math.round(warm.path("throughput").asDouble()),
                    String.format(Locale.ROOT, "%.2f", compiling));
        } while (!(compiling < WARM_COMPILER_CORES) && warmed < LONGEST_WARM_UP.toSeconds());
        results.note(String.format(Locale.ROOT, "Warm-up: %.0f s of commands from 16 clients, until the command "
                        + "service's JIT compiler used under %.1f of a core (%.2f in the warm-up's last 20 s; at most "
                        + "%d s).", warmed, WARM_COMPILER_CORES, compiling, LONGEST_WARM_UP.toSeconds()));
    }

    private JsonNode openLoop(LocalKronika stack, Path tokens, CommandMix mix, int clients, double rate)
            throws Exception {
        int seconds = 30;
        int warmup = 5;
        return suite.load(stack, "commands, " + clients + " clients, open loop at " + rate, mix.next((int) Math.ceil(
                rate * (seconds + warmup + 1))), tokens, List.of("--rate", Double.toString(rate), "--clients",
                Integer.toString(clients), "--fixed-clients", "true", "--seconds", Integer.toString(seconds),
                "--warmup", Integer.toString(warmup)));
    }

    /**
     * Two projects of 10,000 trainings each, written by 16 concurrent writers (the single-project figure). One
     * keeps the snapshots the service takes every 100 events, the other has them removed. A second command service
     * with no aggregate cache then loads one of them from the event store for every command it handles: the time a
     * command takes there, less the time it takes on a project of a few events, is the load.
     */
    private void singleProjectAndAggregateLoad(LocalKronika stack, Path tokens, CommandMix mix, JsonNode pg1,
                                               String organisation) throws Exception {
        String admin = BenchmarkSuite.token(stack, "admin-demo");
        List<String> projects = List.of("one-snapshotted", "one-unsnapshotted", "one-small");
        for (String project : projects) {
            BenchmarkSuite.post(stack.commandServiceUrl() + "/api/projects", admin,
                    mix.registration(project, organisation).split(" ", 4)[3]);
            BenchmarkSuite.post(stack.commandServiceUrl() + "/api/projects/" + project + "/indicators", admin,
                    "{\"indicatorId\":\"reached\",\"name\":\"People reached\",\"unit\":\"count\",\"counts\":"
                            + "\"participants\",\"aggregation\":\"sum\",\"baseline\":0,\"target\":100000}");
            BenchmarkSuite.post(stack.commandServiceUrl() + "/api/projects/" + project + "/indicators", admin,
                    "{\"indicatorId\":\"sessions\",\"name\":\"Sessions\",\"unit\":\"count\",\"counts\":"
                            + "\"activities\",\"aggregation\":\"sum\",\"baseline\":0,\"target\":100000}");
        }
        for (String project : projects.subList(0, 2)) {
            List<String> lines = new ArrayList<>();
            for (int n = 0; n < projectEvents; n++) {
                lines.add(mix.training(project, organisation, n));
            }
            JsonNode written = suite.load(stack, "one project, 16 writers: " + project, lines, tokens,
                    List.of("--once", "true", "--clients", "16"));
            requireAllAccepted(project, written);
            if (project.equals("one-snapshotted")) {
                double rate = written.path("throughput").asDouble();
                results.add(GROUP, "one project, 16 concurrent writers, " + String.format("%,d", projectEvents)
                                + " commands (commands/s; p50 / p99 / max ms)", Results.f(rate, "/s") + "; " + latencies(written),
                        rate(pg1) + " PostgreSQL commits, 1 connection",
                        Results.ratio(rate, pg1.path("throughput").asDouble()), ">= 500 /s", rate >= 500);
            }
        }
        try (Connection connection = DriverManager.getConnection(stack.postgresUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM snapshotevententry WHERE aggregateidentifier = 'one-unsnapshotted'");
        }
        JsonNode read = baseline("postgres-read", stack.postgresUrl(), "postgres", "postgres", "one-unsnapshotted",
                "20");

        Map<String, String> env = new LinkedHashMap<>();
        env.put("KRONIKA_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers());
        env.put("KRONIKA_POSTGRES_URL", stack.postgresUrl());
        env.put("KRONIKA_POSTGRES_USER", "postgres");
        env.put("KRONIKA_POSTGRES_PASSWORD", "postgres");
        env.put("KRONIKA_JWT_ISSUER", stack.jwtIssuer());
        env.put("KRONIKA_JWT_JWKS_URI", stack.jwtIssuer() + "/oauth2/jwks");
        // A command service refuses to start without a checkpoint signing key.
        env.putAll(CheckpointKey.createdIn(work.resolve("uncached/signing-key.jwk")));
        Map<String, Double> p50 = new LinkedHashMap<>();
        try (ServiceProcess uncached = ServiceProcess.start("command-service-uncached",
                Settings.fromEnvironment(Map.of()).commandServiceJar(), Ports.free(), env, work.resolve("logs"),
                "--kronika.cached-projects=0", "--kronika.snapshot-interval=100000000")) {
            uncached.awaitHealthy(Duration.ofMinutes(3));
            long n = 100_000;
            // The service has just started: a first pass over the three projects lets the JIT compile the load of
            // events (in one profiled run, 11 CPU seconds of compiling in the 20 s of a single pass), so the second
            // measures loading, not compiling.
            for (String project : List.of("one-small", "one-unsnapshotted", "one-snapshotted", "one-small",
                    "one-unsnapshotted", "one-snapshotted", "one-small")) {
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    lines.add(mix.training(project, organisation, n++).replace(stack.commandServiceUrl(),
                            uncached.baseUrl()));
                }
                JsonNode probe = suite.load(stack, "uncached " + project, lines, tokens, List.of("--once", "true",
                        "--clients", "1"));
                requireAllAccepted("uncached " + project, probe);
                p50.put(project, probe.path("p50").asDouble());
            }
        }
        double small = p50.get("one-small");
        double plain = p50.get("one-unsnapshotted") - small;
        double snapshotted = p50.get("one-snapshotted") - small;
        double select = read.path("p50").asDouble();
        String size = String.format("%,d", projectEvents + 3);
        results.add(GROUP, "load of a " + size + "-event project, no snapshot (ms: a command on it with no aggregate cache,"
                        + " p50 " + Results.f(p50.get("one-unsnapshotted"), "") + ", less one on a 3-event project, "
                        + Results.f(small, "") + ")", Results.f(plain, "ms"),
                Results.f(select, "ms") + " PostgreSQL SELECT of its " + read.path("rows").asLong() + " rows",
                Results.ratio(plain, select), "<= 150 ms at 10,000", projectEvents >= 10_000 ? plain <= 150 : null);
        results.add(GROUP, "load of a " + size + "-event project from its snapshot (ms, as above: p50 "
                        + Results.f(p50.get("one-snapshotted"), "") + " less " + Results.f(small, "") + ")",
                Results.f(snapshotted, "ms"), null, null, "<= 10 ms at 10,000",
                projectEvents >= 10_000 ? snapshotted <= 10 : null);
    }

    private void endToEnd(LocalKronika stack, JsonNode kafkaBaseline) throws Exception {
        LocalTokens clients = new LocalTokens(stack.authServerUrl());
        // Project 5 belongs to the sixth organisation of the list, whatever it is called.
        int project = 5;
        String organisation = organisations.get(project % organisations.size());
        Path output = work.resolve("logs/end-to-end.log");
        Process probe = Jvm.start(EndToEnd.class.getName(), List.of(stack.commandServiceUrl(),
                stack.queryServiceUrl(), CommandMix.projectId(project), clients.token("recorder-" + organisation),
                clients.token("auditor-demo"), "200"), output, "512m");
        JsonNode e2e = BenchmarkSuite.result(probe, output);
        double roundTrip = kafkaBaseline.path("roundTrip").path("p50").asDouble();
        results.add(GROUP, "from command sent to its activity readable from the query service, one at a time "
                        + "(p50 / p99 / max ms; the command's own answer p50 " + millis(e2e, "commandP50") + ")",
                millis(e2e, "p50") + " / " + millis(e2e, "p99") + " / " + millis(e2e, "max"),
                Results.f(roundTrip, "ms") + " Kafka round trip p50", Results.ratio(e2e.path("p50").asDouble(),
                        roundTrip), null, null);
    }

    // --- CPU ----------------------------------------------------------------------------------------------------

    private void snapshotCpu(Map<String, Long> pids) {
        pids.forEach((name, pid) -> cpuBefore.put(name, cpu(name, pid)));
        cpuBefore.put(COMPILER, Jvm.compilerCpuSeconds(pids.get("command service")));
    }

    private void reportCpu(Map<String, Long> pids, long commands) {
        StringBuilder figures = new StringBuilder();
        for (var process : pids.entrySet()) {
            double used = cpu(process.getKey(), process.getValue()) - cpuBefore.get(process.getKey());
            figures.append(figures.isEmpty() ? "" : " / ").append(String.format(java.util.Locale.ROOT, "%.2f",
                    used * 1000 / commands));
        }
        results.add(GROUP, "  CPU s per 1,000 commands at the most, 16 clients: " + String.join(" / ", pids.keySet()),
                figures.toString(), null, null, null, null);
        double compiler = Jvm.compilerCpuSeconds(pids.get("command service")) - cpuBefore.get(COMPILER);
        results.add(GROUP, "    of the command service's, its JIT compiler threads", String.format(Locale.ROOT,
                "%.2f", compiler * 1000 / commands), null, null, null, null);
    }

    private static double cpu(String name, long pid) {
        return name.equals("PostgreSQL") ? Jvm.treeCpuSeconds(pid) : Jvm.cpuSeconds(pid);
    }

    /** PostgreSQL's postmaster, from the first line of its pid file. */
    private static long postmaster(Path dataDirectory) throws Exception {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
    }

    // --- plumbing -----------------------------------------------------------------------------------------------

    private JsonNode baseline(String... arguments) throws Exception {
        Path output = work.resolve("logs/baseline-" + arguments[0] + "-" + System.nanoTime() + ".log");
        log.info("Baseline: {}", arguments[0]);
        return BenchmarkSuite.result(Jvm.start(Baselines.class.getName(), List.of(arguments), output, "1g"), output);
    }

    private void requireAllAccepted(String what, JsonNode result) {
        if (errors(result) > 0) {
            throw new IllegalStateException(what + ": not every command was accepted: " + result.path("statuses"));
        }
    }

    private void failures(String what, JsonNode result) {
        if (errors(result) > 0 || result.path("unsent").asLong() > 0) {
            results.note(what + ": answers by status " + result.path("statuses") + ", unsent "
                    + result.path("unsent").asLong());
        }
    }

    private static long errors(JsonNode result) {
        long errors = 0;
        for (var status : (Iterable<Map.Entry<String, JsonNode>>) result.path("statuses")::fields) {
            int code = Integer.parseInt(status.getKey());
            if (code == 0 || code >= 400) {
                errors += status.getValue().asLong();
            }
        }
        return Math.max(errors, result.path("errors").asLong());
    }

    private static String rate(JsonNode result) {
        return Results.f(result.path("throughput").asDouble(), "/s");
    }

    private static String millis(JsonNode result, String field) {
        return Results.f(result.path(field).asDouble(), "");
    }

    private static String latencies(JsonNode result) {
        return millis(result, "p50") + " / " + millis(result, "p99") + " / " + millis(result, "max");
    }
}
