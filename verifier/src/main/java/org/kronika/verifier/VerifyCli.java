package org.kronika.verifier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.kronika.events.CloudEventHeaders;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.EventChain;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks projects' hash chains without the services: from an export file ({@code --file}), or straight from the
 * Kafka topic ({@code --kafka}), one project ({@code --project}) or all. Prints a line per project and exits 0
 * when every chain holds, 1 when one breaks, 2 on a usage error.
 *
 * <pre>
 * java -jar kronika-verifier-exec.jar --file komf-child-protection.jsonl
 * java -jar kronika-verifier-exec.jar --kafka localhost:9092 [--topic kronika.project-events] [--project ID]
 * </pre>
 */
public final class VerifyCli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifyCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        try {
            List<ChainVerdict> verdicts;
            if (options.containsKey("--file")) {
                verdicts = List.of(fromFile(Path.of(options.get("--file"))));
            } else if (options.containsKey("--kafka")) {
                verdicts = fromKafka(options.get("--kafka"), options.getOrDefault("--topic", "kronika.project-events"),
                        options.get("--project"));
            } else {
                out.println("usage: --file EXPORT.jsonl | --kafka BOOTSTRAP [--topic TOPIC] [--project ID]");
                return 2;
            }
            verdicts.forEach(v -> out.println(v.verified()
                    ? "OK      " + v.projectId() + ": " + v.events() + " events, head " + v.headHash()
                    : "BROKEN  " + v.projectId() + " at event " + v.brokenAt() + ": " + v.reason()
                    + " (" + v.events() + " events intact before it)"));
            return verdicts.stream().allMatch(ChainVerdict::verified) ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** An export file keeps its events in sequence order; a line out of place is itself a break. */
    static ChainVerdict fromFile(Path file) throws IOException {
        List<ChainLink> links = new ArrayList<>();
        String projectId = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> event = JSON.readValue(line, new TypeReference<>() {
            });
            projectId = projectId == null ? (String) event.get("projectId") : projectId;
            if (!projectId.equals(event.get("projectId"))) {
                throw new IllegalArgumentException("an export holds one project; found " + event.get("projectId"));
            }
            links.add(new ChainLink((String) event.get("type"), projectId, ((Number) event.get("sequence")).longValue(),
                    (String) event.get("recordedAt"), map(event.get("actor")), map(event.get("payload")),
                    (String) event.get("prevHash"), (String) event.get("hash")));
        }
        return ChainVerdict.of(projectId == null ? "(empty file)" : projectId, links);
    }

    /**
     * The topic is read from its beginning. Delivery is at least once, so the same event may appear twice: the
     * first copy counts, an identical one (key, value and every header, byte for byte) is a re-delivery, and a
     * copy that differs in anything, even one that kept the original's hash header, is a break of its own.
     */
    static List<ChainVerdict> fromKafka(String bootstrap, String topic, String onlyProject) {
        Map<String, Map<Long, Copy>> projects = new TreeMap<>();
        Map<String, Conflict> conflicts = new TreeMap<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ChainLink link = link(record);
                    if (link == null || (onlyProject != null && !onlyProject.equals(link.projectId()))) {
                        continue;
                    }
                    Copy copy = new Copy(link, record.partition(), record.offset(), fingerprint(record));
                    Copy first = projects.computeIfAbsent(link.projectId(), k -> new TreeMap<>())
                            .putIfAbsent(link.sequence(), copy);
                    if (first != null && !Arrays.equals(first.fingerprint(), copy.fingerprint())) {
                        conflicts.merge(link.projectId(), new Conflict(link.sequence(), "two different events claim "
                                + "this sequence: the record at " + copy.where() + " differs from the one at "
                                + first.where() + "; one of them was forged or altered"),
                                (a, b) -> a.sequence() <= b.sequence() ? a : b);
                    }
                }
            }
        }
        List<ChainVerdict> verdicts = new ArrayList<>();
        projects.forEach((projectId, copies) -> {
            ChainVerdict verdict = ChainVerdict.of(projectId, copies.values().stream().map(Copy::link)
                    .sorted(Comparator.comparingLong(ChainLink::sequence)).toList());
            Conflict conflict = conflicts.get(projectId);
            if (conflict != null && (verdict.verified() || conflict.sequence() < verdict.brokenAt())) {
                verdict = new ChainVerdict(projectId, conflict.sequence(), "", conflict.sequence(), conflict.reason());
            }
            verdicts.add(verdict);
        });
        if (onlyProject != null && verdicts.isEmpty()) {
            throw new IllegalArgumentException("no events of project " + onlyProject + " on " + topic);
        }
        return verdicts;
    }

    /** The first record found for a project's sequence, where it was, and what it held. */
    private record Copy(ChainLink link, int partition, long offset, byte[] fingerprint) {
        String where() {
            return "partition " + partition + ", offset " + offset;
        }
    }

    private record Conflict(long sequence, String reason) {
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

    private static ChainLink link(ConsumerRecord<String, byte[]> record) {
        String type = header(record, CloudEventHeaders.TYPE);
        String sequence = header(record, CloudEventHeaders.SEQUENCE);
        if (type == null || sequence == null || record.value() == null) {
            return null;
        }
        Map<String, Object> actor = EventChain.actor(header(record, CloudEventHeaders.ACTOR_SUBJECT),
                header(record, CloudEventHeaders.ACTOR_ROLE), header(record, CloudEventHeaders.ACTOR_ORGANISATION));
        try {
            return new ChainLink(type, header(record, CloudEventHeaders.SUBJECT), Long.parseLong(sequence),
                    header(record, CloudEventHeaders.TIME), actor, JSON.readValue(record.value(), new TypeReference<>() {
            }), header(record, CloudEventHeaders.PREV_HASH), String.valueOf(header(record, CloudEventHeaders.HASH)));
        } catch (IOException | NumberFormatException e) {
            return new ChainLink(type, record.key(), -1, null, actor, Map.of(), null, "unreadable");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
