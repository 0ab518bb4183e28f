package org.kronika.command.restore;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.common.DateTimeUtils;
import org.flywaydb.core.Flyway;
import org.kronika.command.calendar.ReportingCalendar;
import org.kronika.command.organisation.OrganisationTable;
import org.kronika.command.project.ChainMetaData;
import org.kronika.command.project.Project;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.events.ProgrammeEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.ChainWalk;
import org.kronika.events.chain.EventChain;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code restore-from-topic}: after PostgreSQL was restored from a backup older than the topic, lists per stream
 * (project, or the programme's calendar) the events the topic holds beyond the event store's head and, with
 * {@code --apply}, appends them to the event store as they were recorded: same event id, sequence, stored payload
 * bytes, payload type and revision, and the metadata the topic carries (time recorded, actor, correlation id, hash
 * and previous hash), so the chain goes on unbroken and the publisher, sending them again, sends the same records.
 *
 * <p>A stream is only written when the topic continues it exactly: the store's last event is the topic's event of
 * that sequence, the missing sequences are all there, each links to the one before by its hash and hashes, recomputed,
 * to the hash it carries (as the verifier walks a chain), every record of the stream is an event as Kronika publishes
 * it, keyed by its own subject, and a repeat on the topic is the same record, key, data and every header byte for
 * byte ({@link TopicStreams}). Anything else is a conflict, reported and left alone (exit code 1): the store and the
 * topic then disagree on history, which is for people to decide, never for a tool; every other stream is still
 * listed and restored. A record that names no stream leaves the restore incomplete (exit code 1) as well. Every
 * command-service instance must be stopped meanwhile: a command accepted now could take a sequence the topic
 * already has.
 */
public final class StoreFromTopic {

    public static final String NAME = "restore-from-topic";
    /**
     * A member named twice, or anything after the data, gives a payload two readings: the query service would apply
     * one and the verifier hash another, whichever this tool restored. Kronika writes neither, so neither reads here.
     */
    static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--kafka", "--topic", "--postgres", "--user",
            "--password");

    private StoreFromTopic() {
    }

    /**
     * @return 0 when every stream agrees with the topic or was completed from it, 1 when a stream is in conflict or a
     * record names no stream (the restore is incomplete), 2 on misuse or when Kafka or PostgreSQL fails
     */
    public static int run(List<String> args, Map<String, String> environment, PrintStream out) {
        Map<String, String> options = new HashMap<>();
        boolean apply = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--apply")) {
                apply = true;
            } else if (OPTIONS.contains(arg) && i + 1 < args.size()) {
                options.put(arg, args.get(++i));
            } else {
                out.println("usage: " + NAME + " [--kafka BOOTSTRAP] [--topic TOPIC] [--postgres JDBC-URL] [--user U]"
                        + " [--password P] [--apply]   (defaults: the KRONIKA_* variables the service reads)");
                return 2;
            }
        }
        String kafka = option(options, "--kafka", environment, "KRONIKA_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        String topic = option(options, "--topic", environment, "KRONIKA_TOPIC", "kronika.project-events");
        String url = option(options, "--postgres", environment, "KRONIKA_POSTGRES_URL",
                "jdbc:postgresql://localhost:5432/kronika");
        String user = option(options, "--user", environment, "KRONIKA_POSTGRES_USER", "postgres");
        String password = option(options, "--password", environment, "KRONIKA_POSTGRES_PASSWORD", "postgres");
        try (Connection store = DriverManager.getConnection(url, user, password)) {
            TopicStreams read = read(kafka, topic);
            // A database lost with no backup: made anew, it has no schema, which only the command service's start
            // created, and that start would record the programme file's quarters again, a calendar the topic holds
            // otherwise. So the restore creates it as the service does, and the service starts on a restored store.
            // A backup of an older version has its schema behind, which the tool's writes (an organisation's row)
            // may need: brought up to date the same way.
            boolean schemaless = !hasSchema(store);
            if (apply) {
                int migrated = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                        .configuration(Map.of("flyway.postgresql.transactional.lock", "false")).load().migrate()
                        .migrationsExecuted;
                if (schemaless) {
                    out.println("NOTE     the event store had no schema: created it as the command service does ("
                            + migrated + " migrations)");
                } else if (migrated > 0) {
                    out.println("NOTE     the event store's schema was " + migrated + " migrations behind: brought up"
                            + " to date as the command service does");
                }
                schemaless = false;
            } else if (schemaless) {
                out.println("NOTE     the event store has no schema: every stream is listed as one it holds nothing"
                        + " of; --apply creates the schema as the command service does");
            }
            Map<String, TreeMap<Long, Published>> streams = read.streams();
            int conflicts = 0;
            int behind = 0;
            for (var stream : streams.entrySet()) {
                Optional<String> setAside = read.setAside(stream.getKey());
                if (setAside.isPresent()) {
                    // That stream's history is for people to decide; every other stream's restore goes on.
                    out.println("CONFLICT " + stream.getKey() + ": " + setAside.get() + "; nothing written");
                    conflicts++;
                    continue;
                }
                // The head compared is the head appended to: read again, it could be an event a running instance
                // recorded meanwhile, and the topic's events would be appended after it, their chain broken.
                Optional<StoredHead> head = schemaless ? Optional.empty() : head(store, stream.getKey());
                Outcome outcome = compare(store, stream.getKey(), head, stream.getValue(), out);
                if (outcome == Outcome.BEHIND && apply) {
                    Optional<String> refused = appended(store, stream.getKey(), head, stream.getValue(), out);
                    if (refused.isPresent()) {
                        out.println("CONFLICT " + stream.getKey() + ": " + refused.get() + "; nothing written");
                        outcome = Outcome.CONFLICT;
                    }
                }
                if (outcome == Outcome.CONFLICT) {
                    conflicts++;
                } else if (outcome == Outcome.BEHIND) {
                    behind++;
                    if (apply) {
                        out.println("RESTORED " + stream.getKey());
                    }
                }
            }
            for (String record : read.unplaced()) {
                out.println("UNPLACED " + record + ": it names no stream, so any stream may lack it");
            }
            int unplaced = read.unplaced().size();
            out.println(streams.size() + " streams on " + topic + ": " + behind + " behind in the event store"
                    + (apply ? " (appended)" : behind > 0 ? " (run again with --apply to append them)" : "")
                    + ", " + conflicts + " in conflict"
                    + (unplaced > 0 ? ", " + unplaced + " records of no stream" : "")
                    + (conflicts + unplaced > 0 ? ": the restore is incomplete" : ""));
            return conflicts + unplaced > 0 ? 1 : 0;
        } catch (SQLException | IOException | RuntimeException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static boolean hasSchema(Connection store) throws SQLException {
        try (PreparedStatement query = store.prepareStatement("SELECT to_regclass('domainevententry') IS NOT NULL");
             ResultSet row = query.executeQuery()) {
            return row.next() && row.getBoolean(1);
        }
    }

    private static String option(Map<String, String> options, String name, Map<String, String> environment,
                                 String variable, String fallback) {
        return options.getOrDefault(name, environment.getOrDefault(variable, fallback));
    }

    enum Outcome { AGREES, BEHIND, CONFLICT }

    /** Every record of the topic, from its beginning to its end as this run found it. */
    private static TopicStreams read(String bootstrap, String topic) throws IOException {
        TopicStreams streams = new TopicStreams();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            var infos = consumer.partitionsFor(topic, KAFKA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IOException("topic " + topic + " does not exist on " + bootstrap);
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, KAFKA_TIMEOUT);
            while (partitions.stream().anyMatch(p -> consumer.position(p, KAFKA_TIMEOUT) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    streams.add(record);
                }
            }
        }
        return streams;
    }

    /** Prints the stream's line, and its missing events when the topic is ahead. */
    private static Outcome compare(Connection store, String key, Optional<StoredHead> head,
                                   TreeMap<Long, Published> topic, PrintStream out) throws SQLException, IOException {
        long next = head.map(h -> h.sequence() + 1).orElse(0L);
        long topicNext = topic.lastKey() + 1;
        if (topicNext <= next) {
            // The store holds as much: but the same history? A command accepted after the backup was restored takes
            // a sequence the topic already has, with another event.
            Published last = topic.lastEntry().getValue();
            Optional<StoredHead> stored = eventAt(store, key, last.sequence());
            if (stored.isEmpty() || !stored.get().id().equals(last.id())
                    || !java.util.Objects.equals(stored.get().hash(), last.hash())) {
                out.println("CONFLICT " + key + ": the store's event " + last.sequence() + " is "
                        + stored.map(StoredHead::id).orElse("missing") + ", the topic's " + last.id()
                        + ": the histories forked; nothing written");
                return Outcome.CONFLICT;
            }
            out.println("OK       " + key + ": the event store holds every event the topic has (" + next + ")");
            return Outcome.AGREES;
        }
        String conflict = null;
        if (head.isPresent()) {
            Published same = topic.get(head.get().sequence());
            Published first = topic.get(next);
            if (same != null && !same.id().equals(head.get().id())) {
                conflict = "the store's event " + head.get().sequence() + " is " + head.get().id() + ", the topic's "
                        + same.id() + ": the histories forked";
            } else if (first != null && first.previous() != null && !first.previous().equals(
                    // A head stored before the chain has no hash: the first chained event after it names the genesis.
                    head.get().hash() != null ? head.get().hash() : EventChain.GENESIS)) {
                conflict = "the topic's event " + next + " does not follow the store's event " + (next - 1)
                        + " (its previous hash is another)";
            }
        }
        // Each event is checked as an auditor's verifier checks it, by the same walk: its hash recomputed from what
        // the record holds, never taken from its header. Once a stream is chained (the store's head, or an event on
        // the topic, carries a hash), every later event must carry both hashes; the first event of a chain follows
        // the genesis hash.
        ChainWalk chain = head.map(StoredHead::hash).map(hash -> ChainWalk.after(key, next, hash)).orElse(null);
        for (long sequence = next; conflict == null && sequence < topicNext; sequence++) {
            Published event = topic.get(sequence);
            if (event == null) {
                conflict = "the topic lacks event " + sequence + " (it has up to " + (topicNext - 1) + ")";
            } else if (EventTypes.forCloudEventType(event.type()).isEmpty()) {
                conflict = "event " + sequence + " at " + event.where() + " has type " + event.type()
                        + ", which this version does not know";
            } else if (event.hash() == null) {
                if (chain != null) {
                    conflict = "event " + sequence + " at " + event.where() + " carries no hash, yet its stream is "
                            + "chained";
                }
            } else {
                if (chain == null) {
                    chain = ChainWalk.after(key, sequence, EventChain.GENESIS);
                }
                if (!chain.next(event.link())) {
                    ChainVerdict broken = chain.verdict(null);
                    conflict = "event " + sequence + " at " + event.where() + " is " + broken.kind() + ": "
                            + broken.reason();
                }
            }
        }
        if (conflict != null) {
            out.println("CONFLICT " + key + ": " + conflict + "; nothing written");
            return Outcome.CONFLICT;
        }
        out.println("BEHIND   " + key + ": the event store holds events up to " + (next - 1) + ", the topic up to "
                + (topicNext - 1) + ": " + (topicNext - next) + " to append");
        for (Published event : topic.tailMap(next).values()) {
            out.println("         " + event.sequence() + " " + event.id() + " " + event.type() + " " + event.hash());
        }
        return Outcome.BEHIND;
    }

    record StoredHead(long sequence, String id, String hash, String type) {
    }

    private static Optional<StoredHead> head(Connection store, String key) throws SQLException {
        return stored(store, key, "SELECT sequencenumber, eventidentifier, metadata, type FROM domainevententry "
                + "WHERE aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT 1", null);
    }

    private static Optional<StoredHead> eventAt(Connection store, String key, long sequence) throws SQLException {
        return stored(store, key, "SELECT sequencenumber, eventidentifier, metadata, type FROM domainevententry "
                + "WHERE aggregateidentifier = ? AND sequencenumber = ?", sequence);
    }

    private static Optional<StoredHead> stored(Connection store, String key, String sql, Long sequence)
            throws SQLException {
        try (PreparedStatement query = store.prepareStatement(sql)) {
            query.setString(1, key);
            if (sequence != null) {
                query.setLong(2, sequence);
            }
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                byte[] metadata = row.getBytes(3);
                String hash = null;
                if (metadata != null) {
                    try {
                        JsonNode node = JSON.readTree(metadata).path(ChainMetaData.HASH);
                        hash = node.isTextual() ? node.asText() : null;
                    } catch (IOException e) {
                        throw new SQLException("the metadata of an event of " + key + " cannot be read", e);
                    }
                }
                return Optional.of(new StoredHead(row.getLong(1), row.getString(2), hash, row.getString(4)));
            }
        }
    }

    /**
     * The organisations of the projects registered among the restored events, in the transaction appending them, as
     * the event store's storage registers them with every registration. An organisation registered meanwhile keeps
     * its row, as a registration would find it; where the topic names it otherwise, the tool says so.
     */
    private static void registerOrganisations(Connection store, Iterable<Published> restored, PrintStream out)
            throws SQLException, IOException {
        try (PreparedStatement register = store.prepareStatement(OrganisationTable.REGISTER);
             PreparedStatement registered = store.prepareStatement(
                     "SELECT name FROM organisations WHERE organisation_id = ?")) {
            for (Published event : restored) {
                if (EventTypes.forCloudEventType(event.type()).orElseThrow().javaType() != ProjectRegistered.class) {
                    continue;
                }
                JsonNode registration = JSON.readTree(event.payload());
                String organisationId = registration.path("organisationId").asText();
                String name = registration.path("organisation").asText();
                register.setString(1, organisationId);
                register.setString(2, name);
                register.setString(3, registration.path("projectId").asText());
                if (register.executeUpdate() == 0) {
                    registered.setString(1, organisationId);
                    try (ResultSet row = registered.executeQuery()) {
                        if (row.next() && !name.equals(row.getString(1))) {
                            out.println("NOTE     " + registration.path("projectId").asText() + ": organisation "
                                    + organisationId + " is registered as \"" + row.getString(1) + "\", which "
                                    + "stays; the topic names it \"" + name + "\"");
                        }
                    }
                }
            }
        }
    }

    /**
     * {@link #append}, or why the stream was not: it met an event the stream took since the comparison (a duplicate
     * key while the stream's head is no longer the one compared), or an event id the store holds for another event
     * (the hash covers no id, so a forged or miscopied record can repeat one). Either is the stream's conflict, not
     * the end of the run: the streams after it are restored all the same.
     */
    private static Optional<String> appended(Connection store, String key, Optional<StoredHead> head,
                                             TreeMap<Long, Published> topic, PrintStream out)
            throws SQLException, IOException {
        try {
            append(store, key, head, topic, out);
            return Optional.empty();
        } catch (SQLException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            if (!head(store, key).equals(head)) {
                return Optional.of("the event store took an event of the stream while this ran (is a command service"
                        + " running? stop every instance)");
            }
            long next = head.map(h -> h.sequence() + 1).orElse(0L);
            Map<String, Long> ids = new HashMap<>();
            for (Published event : topic.tailMap(next).values()) {
                Long same = ids.putIfAbsent(event.id(), event.sequence());
                if (same != null) {
                    return Optional.of("its events " + same + " and " + event.sequence() + " have the same id "
                            + event.id() + ": two events under one id, one of them forged or copied");
                }
            }
            try (PreparedStatement holder = store.prepareStatement("SELECT aggregateidentifier, sequencenumber"
                    + " FROM domainevententry WHERE eventidentifier = ?")) {
                for (Published event : topic.tailMap(next).values()) {
                    holder.setString(1, event.id());
                    try (ResultSet row = holder.executeQuery()) {
                        if (row.next()) {
                            return Optional.of("its event " + event.sequence() + " at " + event.where() + " has id "
                                    + event.id() + ", which the store holds as event " + row.getLong(2) + " of "
                                    + row.getString(1) + ": two events under one id, one of them forged or copied");
                        }
                    }
                }
            }
            throw e;
        }
    }

    /**
     * The stream's missing events after the head it was compared at, in one transaction: all of them or, if anything
     * fails, none.
     */
    private static void append(Connection store, String key, Optional<StoredHead> head,
                               TreeMap<Long, Published> topic, PrintStream out) throws SQLException, IOException {
        long next = head.map(h -> h.sequence() + 1).orElse(0L);
        boolean autoCommit = store.getAutoCommit();
        store.setAutoCommit(false);
        try (PreparedStatement insert = store.prepareStatement("INSERT INTO domainevententry (aggregateidentifier, "
                + "sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Published event : topic.tailMap(next).values()) {
                EventType type = EventTypes.forCloudEventType(event.type()).orElseThrow();
                insert.setString(1, key);
                insert.setLong(2, event.sequence());
                insert.setString(3, head.map(StoredHead::type).orElse(aggregateType(type)));
                insert.setString(4, event.id());
                insert.setBytes(5, JSON.writeValueAsBytes(metadata(event)));
                insert.setBytes(6, event.payload());
                insert.setString(7, storedRevision(type, event.payload()));
                insert.setString(8, type.javaType().getName());
                insert.setString(9, DateTimeUtils.formatInstant(storedAt(event)));
                insert.addBatch();
            }
            insert.executeBatch();
            registerOrganisations(store, topic.tailMap(next).values(), out);
            store.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            store.rollback();
            throw e;
        } finally {
            store.setAutoCommit(autoCommit);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException each = e; each != null; each = each.getNextException()) {
            if ("23505".equals(each.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * When the event was stored. An event from before the chain published exactly that as its ce_time; a chained one
     * publishes its recordedAt there, and the time stored beside it as the record's timestamp (which a topic with
     * LogAppendTime, or a copy that did not keep timestamps, replaced: such a copy restores chained events with
     * another stored time, which nothing of the chain or a replay reads).
     */
    private static Instant storedAt(Published event) {
        return event.hash() == null ? Instant.parse(event.time()) : Instant.ofEpochMilli(event.timestamp());
    }

    /** The metadata the command service stored with the event, as far as the record carries it (all of it). */
    private static Map<String, Object> metadata(Published event) {
        Map<String, Object> metadata = new LinkedHashMap<>(event.actor());
        if (event.hash() != null) {
            // Events of the chain publish recordedAt as ce_time; older ones published Axon's timestamp and had none.
            metadata.put(ChainMetaData.RECORDED_AT, event.time());
            metadata.put(ChainMetaData.HASH, event.hash());
            if (event.previous() != null) {
                metadata.put(ChainMetaData.PREV_HASH, event.previous());
            }
        }
        return metadata;
    }

    /** Axon's aggregate type of the stream the event belongs to. */
    private static String aggregateType(EventType type) {
        return ProgrammeEvent.class.isAssignableFrom(type.javaType())
                ? ReportingCalendar.class.getSimpleName() : Project.class.getSimpleName();
    }

    /**
     * The revision the payload was stored at: members are only ever added, in order, so the stored form's revision
     * is the version plus the number of added members it already has (what the upcasters start from).
     */
    static String storedRevision(EventType type, byte[] payload) throws IOException {
        JsonNode json = JSON.readTree(payload);
        int present = 0;
        for (String member : type.addedMembers()) {
            if (!json.has(member)) {
                break;
            }
            present++;
        }
        return type.revisionWith(present);
    }
}
