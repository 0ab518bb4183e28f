package org.kronika.command.checkpoint;

import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kronika.command.TestInfrastructure;
import org.kronika.events.ReportingPeriodDefined;
import org.kronika.events.checkpoint.Head;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading every stream's head from an event store of 10,000 projects with 20 events each, in a database of its
 * own (the shared one is the services'): the query walks the (aggregateidentifier, sequencenumber) index and never
 * scans the table. Prints how long it takes, and how long DISTINCT ON would.
 */
class StreamHeadsTest {

    private static final int PROJECTS = 10_000;
    private static final int EVENTS = 20;
    private static final String DATABASE = "stream_heads_test";
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void store() throws Exception {
        jdbc = TestInfrastructure.database(DATABASE, "V1__axon_event_store.sql");
        // Project p-00042's event 7 has hash sha256("p-00042/7"); the metadata is what Axon's JacksonSerializer writes.
        jdbc.update("""
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata,
                                              payload, payloadtype, timestamp)
                SELECT 'p-' || lpad(p::text, 5, '0'), s, 'Project', gen_random_uuid()::text,
                       convert_to('{"hash":"' || encode(sha256(convert_to('p-' || lpad(p::text, 5, '0') || '/' || s, 'UTF8')), 'hex')
                                  || '","recordedAt":"2026-11-27T10:00:00Z"}', 'UTF8'),
                       convert_to('{}', 'UTF8'), 'org.kronika.events.TrainingDelivered', '2026-11-27T10:00:00Z'
                FROM generate_series(1, ?) p, generate_series(0, ?) s
                ORDER BY s, p""", PROJECTS, EVENTS - 1);
        // The programme's own stream, keyed by its subject, and a stream from before the chain (no hash).
        jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, eventidentifier, metadata, payload, "
                        + "payloadtype, timestamp) VALUES ('kosovo', 0, 'programme-0', convert_to(?, 'UTF8'), '\\x7b7d', ?, 'now')",
                "{\"hash\":\"" + "a".repeat(64) + "\"}", ReportingPeriodDefined.class.getName());
        jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, eventidentifier, metadata, payload, "
                + "payloadtype, timestamp) VALUES ('before-the-chain', 0, 'legacy-0', convert_to('{}', 'UTF8'), '\\x7b7d', "
                + "'org.kronika.events.ProjectRegistered', 'now')");
        jdbc.execute("ANALYZE domainevententry");
    }

    @AfterAll
    static void dropStore() throws Exception {
        TestInfrastructure.dropDatabase(DATABASE);
    }

    @Test
    void everyStreamsLastEventIsReadThroughTheIndexWithoutScanningTheStore() throws Exception {
        StreamHeads heads = new StreamHeads(jdbc, JacksonSerializer.defaultSerializer());

        List<Long> millis = new java.util.ArrayList<>();
        List<StreamHeads.StreamHead> read = null;
        for (int run = 0; run < 3; run++) {
            long started = System.nanoTime();
            read = heads.all();
            millis.add((System.nanoTime() - started) / 1_000_000);
        }
        Map<String, Head> bySubject = read.stream().map(StreamHeads.StreamHead::head)
                .collect(Collectors.toMap(Head::projectId, Function.identity()));
        assertThat(bySubject).hasSize(PROJECTS + 1).doesNotContainKey("before-the-chain");
        assertThat(bySubject.get("p-00042")).isEqualTo(new Head("p-00042", EVENTS - 1, sha256("p-00042/" + (EVENTS - 1))));
        assertThat(bySubject.get("p-10000")).isEqualTo(new Head("p-10000", EVENTS - 1, sha256("p-10000/" + (EVENTS - 1))));
        assertThat(bySubject.get("programme:kosovo")).isEqualTo(new Head("programme:kosovo", 0, "a".repeat(64)));
        assertThat(read.stream().filter(h -> h.head().projectId().equals("p-00001")).findFirst().orElseThrow().position())
                .as("the event store position of p-00001's last event")
                .isEqualTo(jdbc.queryForObject("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = "
                        + "'p-00001' AND sequencenumber = ?", Long.class, EVENTS - 1));

        String plan = String.join("\n", jdbc.queryForList("EXPLAIN " + StreamHeads.LAST_EVENT_OF_EVERY_STREAM, String.class));
        assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("Index");

        long distinctOn = timed(() -> jdbc.queryForList("SELECT DISTINCT ON (aggregateidentifier) aggregateidentifier, "
                + "sequencenumber, metadata FROM domainevententry ORDER BY aggregateidentifier, sequencenumber DESC"));
        System.out.printf("StreamHeads: %,d streams of %,d events (%,d rows): heads read in %s ms (3 runs); "
                + "DISTINCT ON takes %d ms%n", PROJECTS + 2, EVENTS, PROJECTS * EVENTS + 2, millis, distinctOn);
    }

    private static long timed(Runnable query) {
        long started = System.nanoTime();
        query.run();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
