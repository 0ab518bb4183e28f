package org.kronika.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each component's own speed, measured in the same run as the pipeline and, like the load, from a process of its
 * own, so a pipeline figure can be given as a fraction of what its component can do on this machine at that
 * moment. Prints {@code RESULT <json>}.
 * <ul>
 * <li>{@code postgres-commits URL USER PASSWORD THREADS SECONDS}: durable single-row INSERT transactions into a
 * table shaped like Axon's event table, each thread one connection committing one row at a time;</li>
 * <li>{@code postgres-read URL USER PASSWORD AGGREGATE REPEATS}: one aggregate's stored events read by the event
 * table's index, the rows Axon reads to load it;</li>
 * <li>{@code kafka BOOTSTRAP RECORDS}: 512-byte records produced as the publisher does (acks=all, idempotent) onto a
 * topic of 6 partitions, read back from offset 0, and one record produced then consumed, one at a time;</li>
 * <li>{@code mongo URI}: the MongoDB stand-in's bulk insert, a conditional upsert one at a time (the projections'
 * write), and a document read by {@code _id} one at a time.</li>
 * </ul>
 */
public final class Baselines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Baselines() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> result = switch (args[0]) {
            case "postgres-commits" -> postgresCommits(args[1], args[2], args[3], Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            case "postgres-read" -> postgresRead(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]));
            case "kafka" -> kafka(args[1], Integer.parseInt(args[2]));
            case "mongo" -> mongo(args[1]);
            default -> throw new IllegalArgumentException("Unknown baseline " + args[0]);
        };
        System.out.println("RESULT " + JSON.writeValueAsString(result));
        System.exit(0);
    }

    // --- PostgreSQL ---------------------------------------------------------------------------------------------

    static Map<String, Object> postgresCommits(String url, String user, String password, int threads, int seconds)
            throws Exception {
        String table = "baseline_commits_" + threads;
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
            statement.execute("CREATE TABLE " + table + " (globalindex BIGSERIAL PRIMARY KEY, "
                    + "aggregateidentifier VARCHAR(255) NOT NULL, sequencenumber BIGINT NOT NULL, "
                    + "eventidentifier VARCHAR(255) NOT NULL UNIQUE, metadata BYTEA, payload BYTEA NOT NULL, "
                    + "payloadtype VARCHAR(255) NOT NULL, timestamp VARCHAR(255) NOT NULL, "
                    + "UNIQUE (aggregateidentifier, sequencenumber))");
            // Durability as the benchmark requires it, checked rather than assumed.
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet rs = statement.executeQuery("SHOW " + setting)) {
                    rs.next();
                    if (!"on".equals(rs.getString(1))) {
                        throw new IllegalStateException(setting + " is " + rs.getString(1) + ", not on");
                    }
                }
            }
        }
        byte[] payload = new byte[600];
        Arrays.fill(payload, (byte) 'x');
        byte[] metadata = new byte[400];
        Arrays.fill(metadata, (byte) 'm');
        Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(1), 3);
        AtomicLong commits = new AtomicLong();
        long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> workers = new ArrayList<>();
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, user, password);
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                             + " (aggregateidentifier, sequencenumber, eventidentifier, metadata, payload, payloadtype,"
                             + " timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    connection.setAutoCommit(true);
                    for (long n = 0; System.nanoTime() < end; n++) {
                        long begun = System.nanoTime();
                        insert.setString(1, "project-" + thread);
                        insert.setLong(2, n);
                        insert.setString(3, UUID.randomUUID().toString());
                        insert.setBytes(4, metadata);
                        insert.setBytes(5, payload);
                        insert.setString(6, "org.kronika.events.TrainingDelivered");
                        insert.setString(7, "2026-01-05T08:00:00.123Z");
                        insert.executeUpdate();
                        if (begun >= warmUpEnd) {
                            recorder.recordValue(System.nanoTime() - begun);
                            commits.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + table);
        }
        Map<String, Object> result = latencies(recorder.getIntervalHistogram());
        result.put("threads", threads);
        result.put("throughput", commits.get() / (double) seconds);
        return result;
    }

    static Map<String, Object> postgresRead(String url, String user, String password, String aggregate, int repeats)
            throws Exception {
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        long rows = 0;
        try (Connection connection = DriverManager.getConnection(url, user, password);
             PreparedStatement select = connection.prepareStatement("SELECT globalindex, type, aggregateidentifier, "
                     + "sequencenumber, eventidentifier, timestamp, payloadtype, payloadrevision, payload, metadata "
                     + "FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber >= ? "
                     + "ORDER BY sequencenumber ASC")) {
            connection.setAutoCommit(false);
            select.setFetchSize(1000);
            for (int r = -3; r < repeats; r++) {
                long begun = System.nanoTime();
                select.setString(1, aggregate);
                select.setLong(2, 0);
                long read = 0;
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rs.getBytes(9);
                        rs.getBytes(10);
                        read++;
                    }
                }
                connection.commit();
                if (r >= 0) {
                    histogram.recordValue(System.nanoTime() - begun);
                    rows = read;
                }
            }
        }
        Map<String, Object> result = latencies(histogram);
        result.put("rows", rows);
        return result;
    }

    // --- Kafka --------------------------------------------------------------------------------------------------

    static Map<String, Object> kafka(String bootstrap, int records) throws Exception {
        String topic = "baseline." + UUID.randomUUID();
        Workload.createTopic(bootstrap, topic, 6);
        byte[] value = new byte[512];
        new Random(1).nextBytes(value);
        Map<String, Object> result = new LinkedHashMap<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 5000; i++) {
                producer.send(new ProducerRecord<>(topic, "p-" + (i % 1000), value));
            }
            producer.flush();
            long begun = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, "p-" + (i % 1000), value));
            }
            producer.flush();
            result.put("produce", records / ((System.nanoTime() - begun) / 1e9));
        }
        try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long total = records + 5000L;
            long read = 0;
            long begun = System.nanoTime();
            while (read < total && System.nanoTime() - begun < TimeUnit.MINUTES.toNanos(2)) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            result.put("consume", read / ((System.nanoTime() - begun) / 1e9));
        }
        result.put("roundTrip", roundTrip(bootstrap, topic));
        return result;
    }

    /** One record at a time: produced, then polled back by a consumer already waiting on its partition. */
    private static Map<String, Object> roundTrip(String bootstrap, String topic) throws Exception {
        Histogram histogram = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        byte[] value = new byte[512];
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
             KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (int i = -50; i < 500; i++) {
                long begun = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, 0, "rt", value)).get();
                ConsumerRecords<String, byte[]> polled;
                do {
                    polled = consumer.poll(Duration.ofMillis(100));
                } while (polled.isEmpty());
                if (i >= 0) {
                    histogram.recordValue(System.nanoTime() - begun);
                }
            }
        }
        return latencies(histogram);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    // --- the MongoDB stand-in -----------------------------------------------------------------------------------

    static Map<String, Object> mongo(String uri) {
        Map<String, Object> result = new LinkedHashMap<>();
        try (MongoClient client = MongoClients.create(uri)) {
            MongoCollection<Document> collection = client.getDatabase("bench_baseline").getCollection("documents");
            collection.drop();
            List<List<Document>> batches = new ArrayList<>();
            for (int b = 0; b < 50; b++) {
                List<Document> batch = new ArrayList<>(1000);
                for (int i = 0; i < 1000; i++) {
                    batch.add(BenchmarkSuite.historyShaped(b * 1000L + i));
                }
                batches.add(batch);
            }
            long begun = System.nanoTime();
            for (List<Document> batch : batches) {
                collection.insertMany(batch, new InsertManyOptions().ordered(false));
            }
            result.put("bulkInsert", 50_000 / ((System.nanoTime() - begun) / 1e9));

            // The projections' write: a summary moved on only if it has not seen this event yet.
            MongoCollection<Document> summaries = client.getDatabase("bench_baseline").getCollection("summaries");
            summaries.drop();
            Histogram upserts = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
            begun = System.nanoTime();
            int count = 5000;
            for (int n = 0; n < count; n++) {
                long started = System.nanoTime();
                String id = "p-" + (n % 100);
                summaries.updateOne(Filters.and(Filters.eq("_id", id), Filters.lt("lastSeq", n)),
                        Updates.combine(Updates.set("lastSeq", n), Updates.inc("recorded", 1)),
                        new UpdateOptions().upsert(n < 100));
                upserts.recordValue(System.nanoTime() - started);
            }
            result.put("upserts", count / ((System.nanoTime() - begun) / 1e9));
            result.put("upsert", latencies(upserts));

            Histogram reads = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
            Random random = new Random(2);
            for (int n = -500; n < count; n++) {
                long started = System.nanoTime();
                Document found = collection.find(Filters.eq("_id", key(random.nextInt(50_000)))).first();
                if (found == null) {
                    throw new IllegalStateException("A document written is missing");
                }
                if (n >= 0) {
                    reads.recordValue(System.nanoTime() - started);
                }
            }
            result.put("read", latencies(reads));
            collection.drop();
            summaries.drop();
        }
        return result;
    }

    /** The {@code _id} {@link BenchmarkSuite#historyShaped} gives document {@code n}. */
    private static String key(long n) {
        return "p-" + (n % 1000) + "/" + String.format("%019d", n);
    }

    private static Map<String, Object> latencies(Histogram histogram) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("count", histogram.getTotalCount());
        result.put("p50", histogram.getValueAtPercentile(50) / 1e6);
        result.put("p99", histogram.getValueAtPercentile(99) / 1e6);
        result.put("max", histogram.getMaxValue() / 1e6);
        return result;
    }
}
