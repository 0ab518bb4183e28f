package org.kronika.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;
import org.kronika.infra.embedded.DashboardSignIn;
import org.kronika.infra.embedded.LocalTokens;
import org.kronika.infra.embedded.Ports;
import org.kronika.infra.embedded.TemporaryDirectory;
import org.kronika.local.LocalKronika;
import org.kronika.local.ServiceProcess;
import org.kronika.local.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The benchmark suite: starts the embedded stack as {@code ./run-local} does (the MongoDB stand-in in a process of
 * its own), measures each component's raw speed in the same run, drives the pipeline from a load generator in
 * another process, and prints one table. Scenarios (all by default): {@code rebuild}, {@code reads}, {@code lag},
 * {@code pages}, {@code commands} ({@link CommandScenarios}); {@code load} runs only the commands' aggregate-load part.
 * Options: {@code --events N} and {@code --rebuild-projects N} for the rebuild (default 1,000,000 events of 1,000
 * projects); {@code --projects N} for the commands' mix
 * (default 1,000) and {@code --project-events N} for its single project and the project loaded (default 10,000). {@code soak [--minutes M]} runs the bounded soak
 * instead ({@link Soak}).
 */
public final class BenchmarkSuite {

    private static final Logger log = LoggerFactory.getLogger(BenchmarkSuite.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> ORGANISATIONS = List.of("komf", "the-balkan-forum", "open-data-kosovo", "nopm",
            "klgi", "kec", "diaspora-policy-network", "ura-youth-centre", "balkan-green-foundation",
            "center-for-gender-justice");

    private final Path work;
    private final Results results = new Results();
    private final int mongoPort = Ports.free();
    private Process mongo;
    private long rebuildEvents = 1_000_000;
    private int rebuildProjects = 1000;
    /** The stand-in keeps its data in an H2 file instead of memory. */
    private boolean h2;
    private int commandProjects;
    private int projectEvents;
    /**
     * The rate the lag's phases take their shares of, instead of the maximum measured in the run: two builds
     * compared at one offered load (a faster query side leaves the command side more CPU, so its own maximum, and
     * the load at half of it, rise with it).
     */
    private int lagMaximum;

    /**
     * When the lag's phase has warmed up: the load generator's warm-up (5 s) and about a second for its JVM to start
     * sending, from when it was asked to start.
     */
    private static final long LAG_WARMUP_NANOS = Duration.ofSeconds(6).toNanos();

    /** What a run may be asked for, besides its options; {@code soak} is a command of its own. */
    static final List<String> SCENARIOS = List.of("rebuild", "reads", "lag", "pages", "commands", "load");

    private BenchmarkSuite(Path work) {
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("soak")) {
            Soak.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        // Stopped with Ctrl-C or kill, the suite's own clean-up does not run: without this its services, Kafka,
        // the stand-in and the load generator would outlive it and load the machine the next run measures.
        Path work = Files.createTempDirectory("kronika-bench");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopEverythingStarted(work)));
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        BenchmarkSuite suite = new BenchmarkSuite(work);
        int events = arguments.indexOf("--events");
        if (events >= 0) {
            suite.rebuildEvents = Long.parseLong(arguments.get(events + 1));
            arguments.subList(events, events + 2).clear();
        }
        suite.h2 = arguments.remove("--h2");
        suite.commandProjects = intOption(arguments, "--projects", 1000);
        suite.rebuildProjects = intOption(arguments, "--rebuild-projects", 1000);
        suite.projectEvents = intOption(arguments, "--project-events", 10_000);
        suite.lagMaximum = intOption(arguments, "--lag-max", 0);
        Set<String> scenarios = arguments.isEmpty()
                ? new LinkedHashSet<>(List.of("rebuild", "reads", "lag", "pages", "commands"))
                : new LinkedHashSet<>(arguments);
        // A scenario mistyped ("command") ran nothing and printed an empty table, after minutes of setting up.
        List<String> unknown = scenarios.stream().filter(name -> !SCENARIOS.contains(name)).toList();
        if (!unknown.isEmpty()) {
            System.err.println("usage: no scenario or option " + unknown + "; the scenarios are " + SCENARIOS
                    + ", the options --events N, --projects N, --rebuild-projects N, --project-events N, --lag-max N, "
                    + "--h2 (BENCHMARKS.md)");
            Files.deleteIfExists(work);
            System.exit(2);
        }
        try {
            suite.run(scenarios);
        } finally {
            suite.close();
            stopEverythingStarted(work);
            // A run's databases and broker data weigh gigabytes; its logs are what its results refer to. Removed only
            // once everything is stopped: a run stopped with Ctrl-C leaves its folder whole, its processes stopped.
            TemporaryDirectory.removeAllBut(work, BenchmarkSuite::logFolder);
            log.info("Logs of this run kept in {}", work);
        }
        System.exit(0);
    }

    /** A folder of logs, kept after a run; a Kafka broker keeps its data in a folder named logs too, with its meta.properties. */
    static boolean logFolder(Path folder) {
        return folder.getFileName().toString().equals("logs") && !Files.exists(folder.resolve("meta.properties"));
    }

    /** Removes {@code --name N} from the arguments and answers N, or the default without it. */
    private static int intOption(List<String> arguments, String name, int defaultValue) {
        int at = arguments.indexOf(name);
        if (at < 0) {
            return defaultValue;
        }
        int value = Integer.parseInt(arguments.get(at + 1));
        arguments.subList(at, at + 2).clear();
        return value;
    }

    private void run(Set<String> scenarios) throws Exception {
        log.info("Benchmark work directory: {}", work);
        List<String> standIn = new ArrayList<>(List.of(Integer.toString(mongoPort)));
        if (h2) {
            standIn.add(work.resolve("mongo.h2").toString());
        }
        // KRONIKA_STAND_IN_GC: the stand-in's collector, G1 unless given. The stand-in holds every document on its
        // heap, and its pauses stall every read and write of the scenario then running; MongoDB has no such pauses.
        String standInCollector = System.getenv().getOrDefault("KRONIKA_STAND_IN_GC", Jvm.G1);
        mongo = Jvm.start("org.kronika.infra.embedded.MongoStandIn", standIn, work.resolve("logs/mongo-stand-in.log"),
                h2 ? "2g" : "16g", standInCollector);
        awaitPort(mongoPort);
        results.note("MongoDB stand-in backend: " + (h2 ? "H2 file" : "memory") + "; its collector: "
                + standInCollector + ".");
        results.note("Machine: " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + "; every component on this machine, as ./run-local starts "
                + "them; the MongoDB stand-in and the load generator each in a process of their own.");
        if (scenarios.contains("rebuild")) {
            rebuild();
        }
        if (scenarios.contains("reads")) {
            reads();
        }
        if (scenarios.contains("lag")) {
            lag();
        }
        if (scenarios.contains("pages")) {
            pages();
        }
        if (scenarios.contains("commands")) {
            new CommandScenarios(this, results, work, ORGANISATIONS, commandProjects, projectEvents).run();
        } else if (scenarios.contains("load")) {
            new CommandScenarios(this, results, work, ORGANISATIONS, commandProjects, projectEvents).runLoad();
        }
        String table = results.markdown();
        Path report = Path.of("infra/bench/target/benchmark-results.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "Run " + Instant.now() + "\n\n" + table);
        System.out.println("\n" + table);
        System.out.println("Written to " + report.toAbsolutePath());
    }

    // --- the read side: a rebuild from offset 0 ----------------------------------------------------------------

    /**
     * A query service started on a topic that already holds the events, into empty read models: the rebuild an
     * operator's new read models, a lost read store, or {@code ./run-local}'s start-up with the in-memory stand-in
     * all go through.
     */
    private void rebuild() throws Exception {
        int projects = rebuildProjects;
        int perProject = (int) (rebuildEvents / projects);
        try (LocalKronika stack = stack("rebuild", "bench_unused")) {
            log.info("Writing {} projects of {} events to the topic", projects, perProject);
            int[] sizes = new int[projects];
            Arrays.fill(sizes, perProject);
            Workload.createTopic(stack.kafkaBootstrapServers(), "bench.rebuild", 6);
            long written = Workload.publish(stack.kafkaBootstrapServers(), "bench.rebuild", "rb", sizes, 1);
            double bulk = mongoBulkInsertRate();
            double mongoCpu = Jvm.cpuSeconds(mongo.pid());
            Map<String, String> env = Map.of("KRONIKA_KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers(),
                    "KRONIKA_TOPIC", "bench.rebuild",
                    "KRONIKA_MONGODB_URI", "mongodb://localhost:" + mongoPort + "/bench_rebuild",
                    "KRONIKA_JWT_ISSUER", stack.jwtIssuer(), "KRONIKA_JWT_JWKS_URI", stack.jwtIssuer() + "/oauth2/jwks");
            try (ServiceProcess query = ServiceProcess.start("query-service-rebuild",
                    Settings.fromEnvironment(Map.of()).queryServiceJar(), Ports.free(), env, work.resolve("logs"))) {
                query.awaitHealthy(Duration.ofMinutes(3));
                String admin = token(stack, "admin-demo");
                long started = System.nanoTime();
                double queryCpu = Jvm.cpuSeconds(query.pid());
                await(Duration.ofHours(2), "the rebuild", () -> caughtUp(query.baseUrl(), admin, written));
                double seconds = (System.nanoTime() - started) / 1e9;
                double rate = written / seconds;
                long documents = documentsIn("bench_rebuild", 1);
                results.add("read side", "rebuild from offset 0 into empty read models, " + String.format("%,d", written)
                                + " events of " + projects + " projects (events/s)", Results.f(rate, "/s"),
                        Results.f(bulk, "docs/s bulk insert"), Results.ratio(rate, bulk), ">= 10,000 /s",
                        rate >= 10_000);
                results.add("read side", "  documents written per event", Results.f(documents / (double) written, ""),
                        null, null, null, null);
                results.add("read side", "  documents written per second", Results.f(documents / seconds, "/s"),
                        Results.f(bulk, "docs/s bulk insert"), Results.ratio(documents / seconds, bulk), null, null);
                results.add("read side", "  CPU s per 1,000 events: query service / stand-in",
                        Results.f((Jvm.cpuSeconds(query.pid()) - queryCpu) * 1000 / written, "")
                                + " / " + Results.f((Jvm.cpuSeconds(mongo.pid()) - mongoCpu) * 1000 / written, ""),
                        null, null, null, null);
                results.add("read side", "  stand-in heap after the rebuild (MB)", Results.f(heapUsedMb(), ""), null,
                        null, null, null);
            }
        }
    }

    /** The stand-in's heap in use, after a full collection, from its own report (jcmd). */
    private double heapUsedMb() {
        try {
            collectStandIn();
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(mongo.pid()), "GC.heap_info").redirectErrorStream(true).start();
            String info = new String(jcmd.getInputStream().readAllBytes());
            jcmd.waitFor();
            var used = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
            return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : Double.NaN;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** A full collection of the stand-in's heap, which its collector would otherwise leave to a later pause. */
    private void collectStandIn() throws IOException, InterruptedException {
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(mongo.pid()), "GC.run").start().waitFor();
    }

    /**
     * Whether the first generation has applied every event: it goes live only a moment later (once its checkpoint
     * is written and it is seen idle), which is not the rebuild's work.
     */
    private static boolean caughtUp(String queryUrl, String admin, long events) throws Exception {
        for (JsonNode projection : get(queryUrl + "/api/admin/read-models", admin).path("projections")) {
            if (projection.at("/generation/number").asInt() == 1) {
                return projection.path("remaining").asLong() == 0 && projection.path("applied").asLong() >= events;
            }
        }
        return false;
    }

    /** The entry of {@code list} (projections or generations) for the live generation, null if it has none. */
    private static JsonNode ofLiveGeneration(JsonNode status, String list) {
        for (JsonNode entry : status.path(list)) {
            if (entry.at("/generation/number").asInt() == status.path("live").asInt()) {
                return entry;
            }
        }
        return null;
    }

    /** A latency's "p50 / p99 / max" in ms, as the load generator and the admin endpoints report it. */
    private static String p50p99max(JsonNode latency) {
        return Results.f(latency.path("p50").asDouble(), "") + " / " + Results.f(latency.path("p99").asDouble(), "")
                + " / " + Results.f(latency.path("max").asDouble(), "");
    }

    /** The stand-in's own speed, in this run: inserting history-shaped documents 1,000 at a time. */
    private double mongoBulkInsertRate() {
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + mongoPort)) {
            MongoCollection<Document> collection = client.getDatabase("bench_baseline").getCollection("bulk");
            collection.drop();
            int batches = 200;
            List<List<Document>> prepared = new ArrayList<>();
            for (int b = 0; b < batches; b++) {
                List<Document> batch = new ArrayList<>(1000);
                for (int i = 0; i < 1000; i++) {
                    batch.add(historyShaped(b * 1000L + i));
                }
                prepared.add(batch);
            }
            long started = System.nanoTime();
            for (List<Document> batch : prepared) {
                collection.insertMany(batch, new InsertManyOptions().ordered(false));
            }
            double rate = batches * 1000 / ((System.nanoTime() - started) / 1e9);
            collection.drop();
            return rate;
        }
    }

    static Document historyShaped(long n) {
        return new Document("_id", "p-" + (n % 1000) + "/" + String.format("%019d", n))
                .append("projectId", "p-" + (n % 1000)).append("sequence", n).append("eventId", "e-" + n)
                .append("type", "org.kronika.training-delivered.v1").append("time", "2026-01-05T08:00:00.123Z")
                .append("recordedAt", "2026-01-05T08:00:00.123Z")
                .append("actor", new Document("subject", "recorder-kec").append("role", "recorder")
                        .append("organisation", "kec").append("correlationId", "c-" + n))
                .append("data", new Document("activityId", "a-" + n).append("title", "Training on participatory budgeting")
                        .append("occurredOn", "2024-03-12").append("municipality", "Gjilan")
                        .append("participants", new Document("total", 20).append("bySex",
                                new Document("female", 11).append("male", 9)).append("byAgeBand",
                                new Document("18-24", 20)).append("byCommunity", new Document()))
                        .append("plannedActivityId", null).append("indicatorIds", List.of("reached", "sessions"))
                        .append("module", "Module 3").append("sessions", 2))
                .append("hash", "a".repeat(64)).append("prevHash", "b".repeat(64)).append("occurredOn", "2024-03-12")
                .append("activityBefore", null);
    }

    private long documentsIn(String database, int generation) {
        try (MongoClient client = MongoClients.create("mongodb://localhost:" + mongoPort)) {
            long total = 0;
            for (String name : client.getDatabase(database).listCollectionNames()) {
                if (name.startsWith("g" + generation + "_")) {
                    total += client.getDatabase(database).getCollection(name).estimatedDocumentCount();
                }
            }
            return total;
        }
    }

    // --- the read side: pages and views with 1,000 projects of 100 events and one of 10,000 --------------------

    private void reads() throws Exception {
        try (LocalKronika stack = stack("reads", "bench_reads")) {
            int[] sizes = new int[1001];
            Arrays.fill(sizes, 100);
            sizes[1000] = 10_000;
            long written = Workload.publish(stack.kafkaBootstrapServers(), "kronika.project-events", "rd", sizes, 2);
            String admin = token(stack, "admin-demo");
            awaitCaughtUp(stack, admin, written, Duration.ofMinutes(20));
            // What the stand-in just loaded is still young: its next young collections copy and promote it all,
            // pausing 300-450 ms with no write in flight, and the first read measured took that as its own
            // (a history page's p99 113 ms, max 489, beside 12 ms for the summary measured after it). A reading
            // of data already stored is measured once that is done, as every read after the first window was.
            collectStandIn();
            results.note("reads: the MongoDB stand-in was collected once, after the read side caught up and before "
                    + "the first read, so that promoting the 110,000 events it had just loaded falls in no measured "
                    + "window");
            String base = stack.queryServiceUrl();
            Random random = new Random(3);
            List<String> places = List.of("Gjilan", "Kamenic%C3%AB", "Prishtin%C3%AB", "Ferizaj", "Prizren",
                    "Tiran%C3%AB", "Vushtrri");
            String big = "rd-1000";
            readLatency(stack, "history page of 100 anywhere in the 10,000-event project", 20,
                    () -> "GET " + base + "/api/projects/" + big + "/history?limit=100&after=" + (random.nextInt(9900) - 1));
            readLatency(stack, "summary of the 10,000-event project", 20,
                    () -> "GET " + base + "/api/projects/" + big);
            readLatency(stack, "project list, a page of 50 of 1,001", 50,
                    () -> "GET " + base + "/api/projects?size=50&page=" + random.nextInt(21));
            readLatency(stack, "portfolio", 50, () -> "GET " + base + "/api/portfolio");
            // Each place has about a fifth of the 1,001 projects (two drawn of ten for each, with replacement: some
            // 190): pages 0 to 3 hold rows, so no empty page, cheap to answer, is timed.
            readLatency(stack, "municipality view, a page of 50", 50,
                    () -> "GET " + base + "/api/municipalities/" + places.get(random.nextInt(places.size()))
                            + "?size=50&page=" + random.nextInt(4));
            // Last, as an auditor's read, one at a time: its activities were corrected and retracted, so until read
            // models schema 14 this replayed every one of them, and 50 a second of those ran the query service out of
            // heap (fifth session); on the stand-in, which has no secondary indexes, the read of the day's month
            // scans every project's activities.
            readLatency(stack, "the 10,000-event project as of a day of its four years, 5 a second, one at a time",
                    null, ONE_AUDITOR,
                    () -> "GET " + base + "/api/projects/" + big + "?asOf="
                            + java.time.LocalDate.of(2023, 1, 1).plusDays(random.nextInt(4 * 365)));
            // An auditor's "as known at" a moment of the last minute of the project's history, which holds about 60
            // of its events: before the tenth session (BENCHMARKS.md), a replay of every activity and measurement.
            java.time.Instant last = java.time.Instant.parse(get(base + "/api/projects/" + big, admin)
                    .path("lastRecordedAt").asText());
            readLatency(stack, "the 10,000-event project as known at a moment of its last minute, 5 a second, one at "
                            + "a time", null, ONE_AUDITOR,
                    () -> "GET " + base + "/api/projects/" + big + "?knownAt=" + last.minusMillis(random.nextInt(60_000)));
            // Both: as of a day of its four years as known at such a moment. Before the eleventh session, a replay of
            // every activity and measurement too.
            readLatency(stack, "the 10,000-event project as of a day as known at a moment of its last minute, 5 a "
                            + "second, one at a time", null,
                    ONE_AUDITOR,
                    () -> "GET " + base + "/api/projects/" + big + "?asOf="
                            + java.time.LocalDate.of(2023, 1, 1).plusDays(random.nextInt(4 * 365)) + "&knownAt="
                            + last.minusMillis(random.nextInt(60_000)));
            // As known at a moment anywhere in its first 9,000 events, more than a replay takes back from now: until
            // the twelfth session, a replay of every activity and measurement; since, folded forward from the summary
            // kept at the thousandth event before it. The moments are those 90 events were recorded at.
            List<String> moments = new ArrayList<>();
            for (int at = 0; at < 9_000; at += 100) {
                moments.add(get(base + "/api/projects/" + big + "/history?limit=1&after=" + (at - 1), admin)
                        .path("entries").get(0).path("recordedAt").asText());
            }
            readLatency(stack, "the 10,000-event project as known at a moment of its first 9,000 events, 5 a second, "
                            + "one at a time", null,
                    ONE_AUDITOR,
                    () -> "GET " + base + "/api/projects/" + big + "?knownAt="
                            + moments.get(random.nextInt(moments.size())));
            // Both: as of a day of its four years as known at such a moment. Until the thirteenth session, a replay of
            // every activity and measurement; since, folded forward, with the day's month as it stood then.
            readLatency(stack, "the 10,000-event project as of a day as known at a moment of its first 9,000 events, "
                            + "5 a second, one at a time", null,
                    ONE_AUDITOR,
                    () -> "GET " + base + "/api/projects/" + big + "?asOf="
                            + java.time.LocalDate.of(2023, 1, 1).plusDays(random.nextInt(4 * 365)) + "&knownAt="
                            + moments.get(random.nextInt(moments.size())));
            // An auditor tracing a quarter's figure as an approval at an event of its first 9,000 left it. Until the
            // thirteenth session, a replay of every activity and measurement; since, the quarter's facts as they
            // stood then.
            readLatency(stack, "trace of a quarter's activities in the 10,000-event project at a version of its "
                            + "first 9,000 events, 5 a second, one at a time", null,
                    ONE_AUDITOR,
                    () -> "GET " + base + "/api/projects/" + big + "/trace?period=" + (2023 + random.nextInt(4))
                            + "-Q" + (1 + random.nextInt(4)) + "&version=" + random.nextInt(9_000));
            // The same auditor tracing all the project's activities as that event left them, a page of 50 anywhere in
            // the first half of them. Until the fifteenth session, a replay of every activity and measurement; since,
            // the project as known then (folded forward) and the months the page reaches into as they stood then.
            readLatency(stack, "trace of all the activities of the 10,000-event project at a version of its first "
                            + "9,000 events, a page of 50, 5 a second, one at a time", null,
                    ONE_AUDITOR,
                    () -> {
                        int version = 100 + random.nextInt(8_900);
                        return "GET " + base + "/api/projects/" + big + "/trace?version=" + version + "&size=50&page="
                                + random.nextInt(Math.max(1, version / 100));
                    });
        }
    }

    /** An auditor's reads of the past: 5 a second from one client, open loop. */
    private static final List<String> ONE_AUDITOR = List.of("--rate", "5", "--seconds", "40", "--warmup", "5",
            "--clients", "1");

    private void readLatency(LocalKronika stack, String what, int targetP99, java.util.function.Supplier<String> request)
            throws Exception {
        readLatency(stack, what, targetP99, List.of("--rate", "50", "--seconds", "40", "--warmup", "5", "--clients", "4"),
                request);
    }

    /** @param targetP99 its target in milliseconds, or null where the issues set none */
    private void readLatency(LocalKronika stack, String what, Integer targetP99, List<String> load,
                             java.util.function.Supplier<String> request) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            lines.add(request.get() + " auditor");
        }
        JsonNode result = load(stack, what, lines, load);
        double p99 = result.path("p99").asDouble();
        results.add("read side", what + " (p50 / p99 / max ms, " + result.path("requests").asLong() + " requests)",
                p50p99max(result), null, null, targetP99 == null ? null : "p99 <= " + targetP99 + " ms",
                targetP99 == null ? null : p99 <= targetP99 && result.path("errors").asLong() == 0);
        if (result.path("errors").asLong() > 0) {
            results.note(what + ": " + result.path("errors").asLong() + " requests failed");
        }
    }

    // --- the dashboards: each page's server time and weight with 1,000 projects ---------------------------------

    private void pages() throws Exception {
        try (LocalKronika stack = stack("pages", "bench_pages")) {
            int[] sizes = new int[1000];
            Arrays.fill(sizes, 40);
            long written = Workload.publish(stack.kafkaBootstrapServers(), "kronika.project-events", "pg", sizes, 4);
            awaitCaughtUp(stack, token(stack, "admin-demo"), written, Duration.ofMinutes(20));
            String base = stack.queryServiceUrl();
            // An auditor sees all 1,000 projects: the largest portfolio, and every page including the history.
            String session = DashboardSignIn.signIn(base, "auditor");
            Path tokens = Files.createTempFile(work, "session", ".txt");
            Files.writeString(tokens, "auditor=Cookie " + session + "\n");
            Random random = new Random(5);
            List<String> places = List.of("Gjilan", "Kamenic%C3%AB", "Prishtin%C3%AB", "Ferizaj", "Prizren",
                    "Tiran%C3%AB", "Vushtrri");
            Map<String, java.util.function.Supplier<String>> pages = new java.util.LinkedHashMap<>();
            pages.put("portfolio, a page of 20 of 1,000 projects", () -> "/dashboard?page=" + random.nextInt(50));
            pages.put("project", () -> "/dashboard/projects/pg-" + random.nextInt(1000));
            pages.put("municipality", () -> "/dashboard/municipalities/" + places.get(random.nextInt(places.size())));
            pages.put("project figure's trace", () -> "/dashboard/projects/pg-" + random.nextInt(1000) + "/trace");
            pages.put("programme figure's trace (1,000 projects)", () -> "/dashboard/trace?period=2024-Q"
                    + (1 + random.nextInt(4)));
            pages.put("history entry", () -> "/dashboard/projects/pg-" + random.nextInt(1000) + "/history/"
                    + random.nextInt(40));
            for (var page : pages.entrySet()) {
                List<String> lines = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    lines.add("GET " + base + page.getValue().get() + " auditor");
                }
                // A steady five pages a second, well inside what two cores serve: the time of a page, not a queue.
                JsonNode result = load(stack, page.getKey(), lines, tokens, List.of("--rate", "5", "--seconds",
                        "30", "--warmup", "5", "--clients", "4"));
                double p95 = result.path("p95").asDouble();
                results.add("pages", page.getKey() + ": server time (p50 / p95 / max ms, "
                                + result.path("requests").asLong() + " requests)",
                        Results.f(result.path("p50").asDouble(), "") + " / " + Results.f(p95, "") + " / "
                                + Results.f(result.path("max").asDouble(), ""), null, null, "p95 <= 200 ms",
                        p95 <= 200 && result.path("errors").asLong() == 0);
                if (result.path("errors").asLong() > 0) {
                    results.note(page.getKey() + ": " + result.path("errors").asLong() + " requests failed");
                }
                double weight = weight(base, page.getValue().get(), session) / 1024.0;
                results.add("pages", "  its weight with its styles, scripts and charting library (KB, uncompressed)",
                        Results.f(weight, ""), null, null, "<= 500 KB", weight <= 500);
            }
        }
    }

    /** A page's bytes with every stylesheet and script it loads, as sent without compression. */
    private static long weight(String base, String path, String session) throws Exception {
        String html = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", session).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        long bytes = html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        java.util.regex.Matcher assets = java.util.regex.Pattern.compile("(?:href|src)=\"(/[^\"]+\\.(?:css|js))\"")
                .matcher(html);
        while (assets.find()) {
            bytes += HTTP.send(HttpRequest.newBuilder(URI.create(base + assets.group(1))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body().length;
        }
        return bytes;
    }

    // --- projection lag under command load ---------------------------------------------------------------------

    private void lag() throws Exception {
        try (LocalKronika stack = stack("lag", "bench_lag")) {
            String admin = token(stack, "admin-demo");
            List<String> projects = registerProjects(stack, admin, 40);
            Path tokens = tokensFile(stack);
            int[] next = {0};
            java.util.function.Supplier<String> command = () -> {
                int n = next[0]++;
                String project = projects.get(n % projects.size());
                String organisation = ORGANISATIONS.get(projects.indexOf(project) % ORGANISATIONS.size());
                LocalDate on = LocalDate.of(2025, 1, 1).plusDays(n % 300);
                return "POST " + stack.commandServiceUrl() + "/api/projects/" + project
                        + "/activities/training-delivered recorder-" + organisation + " {\"activityId\":\"t-" + n
                        + "\",\"title\":\"Training\",\"occurredOn\":\"" + on + "\",\"municipality\":\"Gjilan\","
                        + "\"participants\":{\"total\":12,\"bySex\":{\"female\":7,\"male\":5}},"
                        + "\"indicatorIds\":[\"reached\"],\"sessions\":1}";
            };
            List<String> saturate = new ArrayList<>();
            for (int i = 0; i < 60_000; i++) {
                saturate.add(command.get());
            }
            JsonNode max = load(stack, "commands, saturated", saturate, tokens, List.of("--clients", "16",
                    "--seconds", "30", "--warmup", "5"));
            double maxRate = lagMaximum > 0 ? lagMaximum : max.path("throughput").asDouble();
            results.add("lag", "command side's maximum, 16 clients (commands/s; p50 / p99 ms)",
                    Results.f(max.path("throughput").asDouble(), "/s") + "; "
                            + Results.f(max.path("p50").asDouble(), "") + " / "
                            + Results.f(max.path("p99").asDouble(), ""), null, null, null, null);
            if (lagMaximum > 0) {
                results.note("The lag's phases take their shares of --lag-max " + lagMaximum
                        + " commands/s, not of the maximum measured in this run.");
            }
            String base = stack.queryServiceUrl();
            for (double share : List.of(0.5, 1.0)) {
                // Every event of the phase before published and projected first: the query side alone can be
                // caught up with a topic the publisher has not caught up with yet, and the lag read next would
                // then count that backlog's events (stored before this phase) as this rate's.
                awaitPublished(stack, Duration.ofMinutes(10));
                awaitCaughtUp(stack, admin, -1, Duration.ofMinutes(10));
                get(base + "/api/admin/read-models/lag", admin);
                get(stack.commandServiceUrl() + "/api/admin/publisher/delay", admin);
                List<String> lines = new ArrayList<>();
                int count = (int) (maxRate * share * 70);
                for (int i = 0; i < count; i++) {
                    lines.add(command.get());
                }
                long[] backlog = {0};
                List<Double> unpublished = java.util.Collections.synchronizedList(new ArrayList<>());
                long phaseStarted = System.nanoTime();
                Thread sampler = new Thread(() -> {
                    boolean warmedUp = false;
                    while (!Thread.currentThread().isInterrupted()) {
                        try {
                            if (!warmedUp && System.nanoTime() - phaseStarted >= LAG_WARMUP_NANOS) {
                                // Read once, which starts both histograms anew: the warm-up's events are not the
                                // phase's (the generator's own histogram leaves them out as well).
                                get(base + "/api/admin/read-models/lag", admin);
                                get(stack.commandServiceUrl() + "/api/admin/publisher/delay", admin);
                                warmedUp = true;
                            }
                            unpublished.add(publisherLagSeconds(stack));
                            backlog[0] = Math.max(backlog[0], get(base + "/api/admin/read-models", admin)
                                    .at("/projections/0/remaining").asLong());
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception ignored) {
                            // keep sampling
                        }
                    }
                });
                sampler.start();
                JsonNode run = load(stack, "commands at " + share, lines, tokens, List.of("--rate",
                        Double.toString(maxRate * share), "--seconds", "60", "--warmup", "5", "--clients", "32"));
                sampler.interrupt();
                awaitPublished(stack, Duration.ofMinutes(5));
                awaitCaughtUp(stack, admin, -1, Duration.ofMinutes(5));
                JsonNode lag = get(base + "/api/admin/read-models/lag", admin);
                String label = share == 0.5 ? "half" : "all";
                results.add("lag", "projection lag at " + label + " of the maximum, " + Results.f(maxRate * share, "/s")
                                + " (p50 / p99 / max ms; " + lag.path("events").asLong() + " events)",
                        p50p99max(lag), null, null,
                        share == 0.5 ? "p99 <= 50 ms" : "bounded", share == 0.5 ? lag.path("p99").asDouble() <= 50
                                : lag.path("max").asDouble() < 10_000);
                JsonNode published = get(stack.commandServiceUrl() + "/api/admin/publisher/delay", admin);
                results.add("lag", "  of it, until Kafka acknowledged the event's record: command's commit, publisher,"
                                + " Kafka (p50 / p99 / max ms; " + published.path("events").asLong() + " events)",
                        p50p99max(published), null, null, null, null);
                results.add("lag", "  of it, until the projector took the event from its poll: all of the above,"
                                + " the consumer's fetch, and waiting for the batch before (p50 / p99 / max ms)",
                        p50p99max(lag.path("received")), null, null, null, null);
                // Errors are answers too (counted in the rate and the histogram), and requests the generator dropped
                // with 4,096 in flight are in neither: both said, so a phase of quick refusals is not read as speed.
                results.add("lag", "  commands at " + label + " (achieved /s; p50 / p99 ms); largest backlog seen; "
                                + "errors; dropped unsent",
                        Results.f(run.path("throughput").asDouble(), "/s") + "; "
                                + Results.f(run.path("p50").asDouble(), "") + " / "
                                + Results.f(run.path("p99").asDouble(), "") + "; " + backlog[0] + " records; "
                                + run.path("errors").asLong() + "; " + run.path("overloaded").asLong(),
                        null, null, null, null);
                List<Double> ages;
                synchronized (unpublished) {
                    ages = unpublished.stream().filter(age -> !age.isNaN()).sorted().toList();
                }
                results.add("lag", "  of it, the oldest stored event not yet published, sampled each second (p50 / max s)",
                        ages.isEmpty() ? "not measured" : Results.f(ages.get(ages.size() / 2), "") + " / "
                                + Results.f(ages.get(ages.size() - 1), ""), null, null, null, null);
            }
        }
    }

    private List<String> registerProjects(LocalKronika stack, String admin, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "lag-" + i;
            String organisation = ORGANISATIONS.get(i % ORGANISATIONS.size());
            post(stack.commandServiceUrl() + "/api/projects", admin, "{\"projectId\":\"" + id + "\",\"organisationId\":\""
                    + organisation + "\",\"organisation\":\"Organisation " + organisation + "\",\"title\":\"Load "
                    + i + "\",\"municipalities\":[\"Gjilan\",\"Prishtinë\"],\"startDate\":\"2024-01-01\","
                    + "\"endDate\":\"2026-06-30\"}");
            post(stack.commandServiceUrl() + "/api/projects/" + id + "/indicators", admin,
                    "{\"indicatorId\":\"reached\",\"name\":\"People reached\",\"unit\":\"count\",\"counts\":"
                            + "\"participants\",\"aggregation\":\"sum\",\"baseline\":0,\"target\":100000,"
                            + "\"dimensions\":[\"sex\"]}");
            ids.add(id);
        }
        return ids;
    }

    // --- plumbing ------------------------------------------------------------------------------------------------

    private LocalKronika stack(String name, String database) throws Exception {
        return stack(name, database, Optional.empty());
    }

    /** The stack for one scenario; Kafka at {@code kafkaBootstrap} if given, else started in this JVM. */
    LocalKronika stack(String name, String database, Optional<String> kafkaBootstrap) throws Exception {
        Settings defaults = Settings.fromEnvironment(Map.of());
        Path directory = work.resolve(name);
        Settings settings = new Settings(directory, kafkaBootstrap, Ports.free(), Optional.empty(), "postgres",
                "postgres", Ports.free(), Optional.of("mongodb://localhost:" + mongoPort + "/" + database), 0,
                Optional.empty(), Optional.empty(), Ports.free(), Ports.free(), Ports.free(), defaults.authServerJar(),
                defaults.commandServiceJar(), defaults.queryServiceJar(), false);
        dropEarlierScenarios(database);
        log.info("Starting the stack for '{}' (logs in {})", name, directory.resolve("logs"));
        return new LocalKronika(settings).start();
    }

    /**
     * A scenario starts on a stand-in that holds no earlier scenario's data. The stand-in keeps every document on
     * its heap (MongoDB keeps them on disk): the 4 GB that {@code reads} left made its young collections pause 60
     * to 270 ms every 4 s all through the {@code lag} scenario after it, and each pause was measured as Kronika's.
     */
    private void dropEarlierScenarios(String keep) throws IOException, InterruptedException {
        boolean dropped = false;
        try (MongoClient client = MongoClients.create(mongoUri(keep))) {
            for (String name : client.listDatabaseNames()) {
                if (!name.equals(keep) && !List.of("admin", "config", "local").contains(name)) {
                    client.getDatabase(name).drop();
                    dropped = true;
                }
            }
        }
        if (dropped) {
            // Dropped documents stay in the stand-in's old generation until a full collection (G1 starts none
            // below 45 % of its 16 GB), and old regions still lengthen every young pause.
            collectStandIn();
        }
    }

    String mongoUri(String database) {
        return "mongodb://localhost:" + mongoPort + "/" + database;
    }

    static String token(LocalKronika stack, String client) {
        return new LocalTokens(stack.authServerUrl()).token(client);
    }

    Path tokensFile(LocalKronika stack) throws IOException {
        LocalTokens clients = new LocalTokens(stack.authServerUrl());
        StringBuilder lines = new StringBuilder("auditor=" + clients.token("auditor-demo") + "\n");
        lines.append("admin=").append(clients.token("admin-demo")).append('\n');
        for (String organisation : ORGANISATIONS) {
            lines.append("recorder-").append(organisation).append('=')
                    .append(clients.token("recorder-" + organisation)).append('\n');
        }
        Path file = Files.createTempFile(work, "tokens", ".txt");
        Files.writeString(file, lines);
        return file;
    }

    private JsonNode load(LocalKronika stack, String name, List<String> requests, List<String> options) throws Exception {
        return load(stack, name, requests, tokensFile(stack), options);
    }

    /**
     * Every process the suite started: its children, then PostgreSQL, which runs detached from it (found by the
     * {@code postmaster.pid} of each data directory under the work directory). A service still starting may not
     * stop when asked, so what is left after 10 s is killed.
     */
    private static void stopEverythingStarted(Path work) {
        List<ProcessHandle> started = new ArrayList<>(ProcessHandle.current().descendants().toList());
        try (var files = Files.walk(work)) {
            for (Path pidFile : files.filter(f -> f.getFileName().toString().equals("postmaster.pid")).toList()) {
                ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip())).ifPresent(started::add);
            }
        } catch (IOException | RuntimeException e) {
            // a data directory going away meanwhile: its server is stopping already
        }
        started.forEach(ProcessHandle::destroy);
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle process : started) {
            try {
                process.onExit().get(Math.max(0, giveUp - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                process.destroyForcibly();
                try {
                    process.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception notYet) {
                    log.warn("Process {} did not stop", process.pid());
                }
            }
        }
    }

    /** The MongoDB stand-in's process, which every scenario's read models share. */
    long standInPid() {
        return mongo.pid();
    }

    /** Runs the load generator in its own process and reads its result. */
    JsonNode load(LocalKronika stack, String name, List<String> requests, Path tokens, List<String> options)
            throws Exception {
        Path file = Files.createTempFile(work, "requests", ".txt");
        Files.write(file, requests);
        List<String> arguments = new ArrayList<>(List.of("--name", name, "--requests", file.toString(), "--tokens",
                tokens.toString()));
        arguments.addAll(options);
        Path output = work.resolve("logs/load-" + System.nanoTime() + ".log");
        log.info("Load: {}", name);
        return result(Jvm.start(LoadGenerator.class.getName(), arguments, output, "1g"), output);
    }

    /** Waits for a process of this jar that prints {@code RESULT <json>} and reads its last result. */
    static JsonNode result(Process process, Path output) throws Exception {
        if (process.waitFor() != 0) {
            throw new IllegalStateException(process.info().command().orElse("A process") + " failed; see " + output);
        }
        String result = Files.readAllLines(output).stream().filter(l -> l.startsWith("RESULT "))
                .reduce((a, b) -> b).orElseThrow(() -> new IllegalStateException("No result in " + output));
        return JSON.readTree(result.substring("RESULT ".length()));
    }

    /** Waits until the live read models have read the whole topic (and applied {@code events}, if not -1). */
    private void awaitCaughtUp(LocalKronika stack, String admin, long events, Duration timeout) throws Exception {
        await(timeout, "the read models to catch up", () -> {
            JsonNode status = get(stack.queryServiceUrl() + "/api/admin/read-models", admin);
            JsonNode live = ofLiveGeneration(status, "projections");
            JsonNode generation = ofLiveGeneration(status, "generations");
            long checkpointed = generation == null ? -1 : generation.path("applied").asLong();
            // Caught up is not yet settled: the last checkpoint of a catch-up (the programme's roll-up, every dirty
            // summary) is written after the last event is applied, and a read measured meanwhile measures that.
            return live != null && live.path("remaining").asLong() == 0 && live.path("state").asText().equals("following")
                    && (events < 0 || live.path("applied").asLong() >= events)
                    && checkpointed >= live.path("applied").asLong();
        });
    }

    /** Until the command service has published every event it stored (its publisher's lag is 0). */
    private static void awaitPublished(LocalKronika stack, Duration timeout) throws Exception {
        await(timeout, "the publisher to catch up with the event store", () -> publisherLagSeconds(stack) == 0);
    }

    /** {@code kronika.publisher.lag.seconds}: the age of the oldest stored event not yet published, 0 if none. */
    private static double publisherLagSeconds(LocalKronika stack) throws Exception {
        return ServiceMetrics.sum(ServiceMetrics.scrape(HTTP, stack.commandServiceUrl()), "kronika_publisher_lag_seconds")
                .orElse(Double.NaN);
    }

    private void awaitLive(LocalKronika stack, String admin, int generation, Duration timeout) throws Exception {
        await(timeout, "generation " + generation + " to go live", () ->
                get(stack.queryServiceUrl() + "/api/admin/read-models", admin).path("live").asInt() == generation);
    }

    interface Check {
        boolean done() throws Exception;
    }

    static void await(Duration timeout, String what, Check check) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode get(String url, String token) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    static JsonNode post(String url, String token, String body) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    private static void awaitPort(int port) throws Exception {
        await(Duration.ofSeconds(60), "port " + port, () -> {
            try (Socket ignored = new Socket("localhost", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    private void close() {
        if (mongo != null) {
            mongo.destroy();
        }
    }
}
