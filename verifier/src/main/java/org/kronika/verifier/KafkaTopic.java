package org.kronika.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.kronika.events.CloudEventHeaders;
import org.kronika.events.ProgrammeEvent;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.EventChain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Kafka topic the services publish each event to (CloudEvents headers, the event's data as the value) as
 * the copies of the projects' events it holds.
 */
final class KafkaTopic {

    private KafkaTopic() {
    }

    /** The copies of the projects checked, and the programme's calendar their closures are held to. */
    record Checked(List<Copy> copies, ClosureCheck.Calendar calendar) {
    }

    /**
     * The topic is read from its beginning. Delivery is at least once, so the same event may appear twice: the
     * first copy counts, an identical one (key, value and every header, byte for byte) is a re-delivery, and a
     * copy that differs in anything, even one that kept the original's hash header, is a break of its own. The
     * programme's streams are read for its calendar even where one project is checked.
     *
     * @param checkpoint the checkpoint the copies are held to, or null
     */
    static Checked copies(String bootstrap, String topic, String onlyProject, Checkpoint checkpoint, Duration timeout) {
        List<Copy> read = read(bootstrap, topic, onlyProject, true, new TreeMap<>(), timeout);
        // Those read for the calendar alone are not checked: the one project named is (and any record naming none).
        // One of which the topic holds no event is not among them: it is missing, not cut (VerifyCli#noneMissing).
        // Where a checkpoint signs them they are, with --project too: the calendar the project's closures are held to,
        // cut or rewritten behind the checkpoint with its chain whole, let a closure that leaves a period out pass.
        List<Copy> copies = read.stream().filter(copy -> onlyProject == null || copy.projectId().equals(onlyProject)
                || !copy.projectId().startsWith(ProgrammeEvent.SUBJECT_PREFIX)
                || (checkpoint != null && checkpoint.head(copy.projectId()).isPresent())).toList();
        return new Checked(copies, ClosureCheck.Calendar.of(read));
    }

    /**
     * Each project's chain on the topic, as the command line checks it without a checkpoint, for {@link
     * VerifyCli#scan}; {@code records} is given how many records carried each project's events, repeated deliveries
     * included.
     */
    static List<ChainVerdict> verdicts(String bootstrap, String topic, String onlyProject, Map<String, Long> records,
                                       Duration timeout) {
        return read(bootstrap, topic, onlyProject, false, records, timeout).stream()
                .map(copy -> copy.withConflict(ChainVerdict.of(copy.projectId(), copy.links()))).toList();
    }

    /** {@code 30 seconds}, {@code 1 second}; a time with a fraction of a second as given ({@code PT1.5S}). */
    private static String inWords(Duration timeout) {
        if (timeout.toMillis() % 1000 != 0) {
            return timeout.toString();
        }
        return timeout.toSeconds() == 1 ? "1 second" : timeout.toSeconds() + " seconds";
    }

    /**
     * @param calendarToo whether to read the programme's streams beside {@code onlyProject}
     * @param timeout     how long Kafka may take to say where the topic is before it is called unreachable
     */
    private static List<Copy> read(String bootstrap, String topic, String onlyProject, boolean calendarToo,
                                   Map<String, Long> records, Duration timeout) {
        java.util.function.Predicate<String> wanted = subject -> onlyProject == null || onlyProject.equals(subject)
                || calendarToo && subject != null && subject.startsWith(ProgrammeEvent.SUBJECT_PREFIX);
        Map<String, Map<Long, Record>> projects = new TreeMap<>();
        Map<String, Copy.Conflict> conflicts = new TreeMap<>();
        // A mistyped topic is not created empty on a broker that creates topics it is asked about: it is not there.
        // Every call that waits on Kafka (its partitions, their ends, a position) waits as long, not only the first.
        // Records deleted under the reader (a copy of the topic with retention) are an error, never a jump to the
        // partition's end that would leave the rest of it unread: "none", not the consumer's default, "latest".
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions;
            try {
                partitions = consumer.partitionsFor(topic, timeout).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                String unreachable = "Kafka at " + bootstrap + " did not answer within " + inWords(timeout) + " ("
                        + e.getMessage() + "): check the brokers given to --kafka, or wait longer (--kafka-timeout)";
                throw new java.io.UncheckedIOException(unreachable, new IOException(unreachable, e));
            }
            if (partitions.isEmpty()) {
                // Read as empty, it would pass, or make every project MISSING: nothing was read, as of a missing file.
                String missing = "the topic " + topic + " does not exist on " + bootstrap;
                throw new java.io.UncheckedIOException(missing, new IOException(missing));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ChainLink link;
                    try {
                        link = link(record);
                    } catch (Unreadable e) {
                        // One that names no project may be any project's event: it is reported whichever is checked.
                        for (String projectId : e.projectIds.isEmpty() ? List.of(Copy.UNNAMED)
                                : e.projectIds.stream().filter(wanted).toList()) {
                            records.merge(projectId, 1L, Long::sum);
                            projects.computeIfAbsent(projectId, k -> new TreeMap<>());
                            conflicts.merge(projectId, new Copy.Conflict(e.sequence, ChainVerdict.Break.NOT_CANONICAL,
                                    "the record at partition " + record.partition() + ", offset " + record.offset()
                                            + " " + e.getMessage() + ": it is not an event as Kronika publishes it, "
                                            + "so the topic was changed"), Copy.Conflict::first);
                        }
                        continue;
                    }
                    if (!wanted.test(link.projectId())) {
                        continue;
                    }
                    records.merge(link.projectId(), 1L, Long::sum);
                    Record copy = new Record(link, record.partition(), record.offset(), fingerprint(record));
                    Record first = projects.computeIfAbsent(link.projectId(), k -> new TreeMap<>())
                            .putIfAbsent(link.sequence(), copy);
                    if (first != null && !Arrays.equals(first.fingerprint(), copy.fingerprint())) {
                        conflicts.merge(link.projectId(), new Copy.Conflict(link.sequence(),
                                ChainVerdict.Break.CONFLICTING_COPIES, "two different events claim this sequence: the "
                                + "record at " + copy.where() + " differs from the one at " + first.where()
                                + "; one of them was forged or altered"), Copy.Conflict::first);
                    }
                }
            }
        }
        List<Copy> copies = new ArrayList<>();
        projects.forEach((projectId, bySequence) -> copies.add(new Copy(projectId, bySequence.values().stream()
                .map(Record::link).sorted(Comparator.comparingLong(ChainLink::sequence)).toList(),
                conflicts.get(projectId))));
        return copies;
    }

    /** The first record found for a project's sequence, where it was, and what it held. */
    private record Record(ChainLink link, int partition, long offset, byte[] fingerprint) {
        String where() {
            return "partition " + partition + ", offset " + offset;
        }
    }

    /** Key, value and every header, byte for byte: two records with the same fingerprint are one delivery. */
    private static byte[] fingerprint(ConsumerRecord<String, byte[]> record) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            part(sha, record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8));
            part(sha, record.value());
            for (Header header : record.headers()) {
                part(sha, header.key().getBytes(StandardCharsets.UTF_8));
                part(sha, header.value());
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Length first, so that different records can never run together into the same bytes. */
    private static void part(MessageDigest sha, byte[] bytes) {
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            sha.update(bytes);
        }
    }

    /**
     * A record as a chain link. Kronika publishes nothing but events to the topic, each keyed by its subject, so a
     * record whose type, project, sequence or data is missing or cannot be read, or whose key is not its subject, is
     * no event of Kronika's: {@link Unreadable}, named by its key where its subject is missing. One keyed otherwise
     * is named by both: a reader going by the key (as Kafka readers commonly do) files it in the key's stream, one
     * going by the subject in the subject's, so neither stream can be vouched for.
     */
    private static ChainLink link(ConsumerRecord<String, byte[]> record) throws Unreadable {
        String type = header(record, CloudEventHeaders.TYPE);
        String subject = header(record, CloudEventHeaders.SUBJECT);
        String sequence = header(record, CloudEventHeaders.SEQUENCE);
        Long at;
        try {
            at = Long.parseLong(sequence);
        } catch (NumberFormatException e) {
            at = null;
        }
        if (type == null) {
            String named = subject == null ? record.key() : subject;
            throw new Unreadable(named, at, "has no " + CloudEventHeaders.TYPE + " header");
        }
        if (subject == null) {
            throw new Unreadable(record.key(), at, "has no " + CloudEventHeaders.SUBJECT + " header");
        }
        if (record.key() == null) {
            throw new Unreadable(subject, at, "has no key but its " + CloudEventHeaders.SUBJECT + " is " + subject);
        }
        if (!record.key().equals(subject)) {
            throw new Unreadable(List.of(record.key(), subject), at, "is keyed " + record.key() + " but its "
                    + CloudEventHeaders.SUBJECT + " is " + subject);
        }
        if (sequence == null) {
            throw new Unreadable(subject, null, "has no " + CloudEventHeaders.SEQUENCE + " header");
        }
        if (at == null) {
            throw new Unreadable(subject, null, "has " + CloudEventHeaders.SEQUENCE + " \"" + sequence
                    + "\", not a whole number");
        }
        if (record.value() == null) {
            throw new Unreadable(subject, at, "has no value, not the event's data");
        }
        Map<String, Object> data;
        try {
            data = StrictJson.MAPPER.readValue(record.value(), StrictJson.OBJECT);
        } catch (JsonProcessingException e) {
            throw new Unreadable(subject, at, "holds no one JSON object (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (data == null) {
            throw new Unreadable(subject, at, "holds null, not the event's data");
        }
        Map<String, Object> actor = EventChain.actor(header(record, CloudEventHeaders.ACTOR_SUBJECT),
                header(record, CloudEventHeaders.ACTOR_ROLE), header(record, CloudEventHeaders.ACTOR_ORGANISATION));
        return new ChainLink(type, subject, at, header(record, CloudEventHeaders.TIME), actor, data,
                header(record, CloudEventHeaders.PREV_HASH), String.valueOf(header(record, CloudEventHeaders.HASH)));
    }

    /**
     * A record that is not an event as Kronika publishes it; the streams it names ({@code projectIds}, none where it
     * names no project) and its {@code sequence} as far as known.
     */
    private static final class Unreadable extends Exception {
        private final List<String> projectIds;
        private final Long sequence;

        Unreadable(String projectId, Long sequence, String what) {
            this(projectId == null ? List.of() : List.of(projectId), sequence, what);
        }

        Unreadable(List<String> projectIds, Long sequence, String what) {
            super(what, null, false, false);
            this.projectIds = projectIds;
            this.sequence = sequence;
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        // Kafka lets a header carry no value: it is as missing as an absent one, so the record is BROKEN, not a crash.
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
