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
 * Kafka topic ({@code --kafka}), one project ({@code --project}) or all. With a signed checkpoint
 * ({@code --checkpoint} and the key set it was published with, {@code --keys}) it also checks that each project's
 * chain still reaches the head the checkpoint signed, with the same hash: a history cut short, or recomputed
 * after a change, is caught. Prints a line per project and exits 0 when every check holds, 1 when one fails, 2 on
 * a usage error. With {@code --report} (a period report's JSON) it checks the report's approved figures against the
 * export: {@link ReportCheck}.
 *
 * <pre>
 * java -jar kronika-verifier-exec.jar --file komf-child-protection.jsonl [--checkpoint cp.jws --keys jwks.json]
 * java -jar kronika-verifier-exec.jar --kafka localhost:9092 [--topic T] [--project ID] [--checkpoint ... --keys ...]
 * java -jar kronika-verifier-exec.jar --checkpoint cp.jws --keys jwks.json --prove ID [--file EXPORT --sequence N]
 * java -jar kronika-verifier-exec.jar --checkpoint cp.jws --keys jwks.json --check-proof proof.json
 * java -jar kronika-verifier-exec.jar --report report.json --file EXPORT [--checkpoint cp.jws --keys jwks.json]
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
            org.kronika.events.checkpoint.Checkpoint checkpoint = null;
            if (options.containsKey("--checkpoint")) {
                if (!options.containsKey("--keys")) {
                    out.println("usage: --checkpoint needs --keys JWKS.json, the keys the checkpoints are signed with");
                    return 2;
                }
                checkpoint = CheckpointFiles.verified(Path.of(options.get("--checkpoint")), Path.of(options.get("--keys")));
                if (!options.containsKey("--prove")) {
                    // A proof is written to a file (> proof.json) for --check-proof: its output is the JSON alone.
                    out.println("CHECKPOINT signed " + checkpoint.issuedAt() + " over " + checkpoint.heads().size()
                            + " projects, root " + checkpoint.root());
                }
                if (options.containsKey("--check-proof")) {
                    return Proofs.check(Path.of(options.get("--check-proof")), checkpoint, out);
                }
                if (options.containsKey("--prove")) {
                    return Proofs.prove(options.get("--prove"), checkpoint, options.get("--file"),
                            options.get("--sequence"), out);
                }
            }
            if (options.containsKey("--report")) {
                if (!options.containsKey("--file")) {
                    out.println("usage: --report REPORT.json needs --file EXPORT.jsonl, the project's export");
                    return 2;
                }
                return ReportCheck.run(Path.of(options.get("--report")), Path.of(options.get("--file")), checkpoint,
                        out);
            }
            List<Copy> copies;
            if (options.containsKey("--file")) {
                Copy copy = fromFile(Path.of(options.get("--file")), options.get("--project"));
                if (copy.projectId() == null) {
                    // Nothing names the project, so nothing says which signed head an empty file should reach.
                    out.println("EMPTY   the file holds no event" + (checkpoint == null ? ""
                            : ": name its project with --project ID to check it against the checkpoint"));
                    return 1;
                }
                copies = List.of(copy);
            } else if (options.containsKey("--kafka")) {
                copies = fromKafka(options.get("--kafka"), options.getOrDefault("--topic", "kronika.project-events"),
                        options.get("--project"));
            } else {
                out.println("usage: --file EXPORT.jsonl | --kafka BOOTSTRAP [--topic TOPIC] [--project ID]"
                        + " [--checkpoint CHECKPOINT.jws --keys JWKS.json] [--report PERIOD-REPORT.json]");
                return 2;
            }
            boolean allHold = true;
            for (Copy copy : copies) {
                allHold &= report(copy, checkpoint, out);
            }
            if (checkpoint != null && options.containsKey("--kafka") && options.get("--project") == null) {
                for (var head : checkpoint.heads()) {
                    if (copies.stream().noneMatch(c -> c.projectId().equals(head.projectId()))) {
                        out.println("MISSING " + head.projectId() + ": the checkpoint signed its event "
                                + head.sequence() + ", the topic holds none of its events");
                        allHold = false;
                    }
                }
            }
            return allHold ? 0 : 1;
        } catch (WrongExport e) {
            out.println("WRONG EXPORT: " + e.getMessage());
            return 1;
        } catch (CheckpointFiles.Refused e) {
            out.println("REFUSED checkpoint: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** A file that is not the export it is taken for: a finding about the file, not a usage error. */
    static final class WrongExport extends IllegalArgumentException {
        WrongExport(String message) {
            super(message);
        }
    }

    /** A project's events as one copy holds them, and a repeat that differs from the first, if any. */
    record Copy(String projectId, List<ChainLink> links, Conflict conflict) {
    }

    /** Checks one copy, against the checkpoint if there is one; prints its line and answers whether it holds. */
    static boolean report(Copy copy, org.kronika.events.checkpoint.Checkpoint checkpoint, PrintStream out) {
        var head = checkpoint == null ? java.util.Optional.<org.kronika.events.checkpoint.Head>empty()
                : checkpoint.head(copy.projectId());
        if (copy.links().isEmpty() && head.isEmpty()) {
            out.println("MISSING " + copy.projectId() + ": this copy holds none of its events");
            return false;
        }
        org.kronika.events.chain.ChainWalk walk = new org.kronika.events.chain.ChainWalk(copy.projectId(),
                head.map(h -> java.util.Set.of(h.sequence())).orElse(java.util.Set.of()));
        for (ChainLink link : copy.links()) {
            if (!walk.next(link)) {
                break;
            }
        }
        ChainVerdict verdict = withConflict(walk.verdict(null), copy.conflict());
        if (!verdict.verified()) {
            out.println("BROKEN  " + verdict.projectId() + " at event " + verdict.brokenAt() + ": " + verdict.reason()
                    + " (" + verdict.events() + " events intact before it)");
            return false;
        }
        if (head.isPresent()) {
            var signed = head.get();
            if (verdict.events() <= signed.sequence()) {
                out.println("CUT     " + verdict.projectId() + ": the checkpoint signed event " + signed.sequence()
                        + ", this copy ends at event " + (verdict.events() - 1) + ": events were removed from its end");
                return false;
            }
            String hash = walk.hashAt(signed.sequence()).orElse("");
            if (!hash.equals(signed.hash())) {
                out.println("CHANGED " + verdict.projectId() + ": event " + signed.sequence() + " hashes to " + hash
                        + ", the checkpoint signed " + signed.hash() + ": the history was changed and its hashes "
                        + "recomputed");
                return false;
            }
            out.println("OK      " + verdict.projectId() + ": " + verdict.events() + " events, head "
                    + verdict.headHash() + "; reaches the checkpoint's event " + signed.sequence() + " unchanged");
            return true;
        }
        out.println("OK      " + verdict.projectId() + ": " + verdict.events() + " events, head " + verdict.headHash()
                + (checkpoint == null ? "" : "; not in the checkpoint (recorded since)"));
        return true;
    }

    /**
     * An export file keeps its events in sequence order; a line out of place is itself a break.
     *
     * @param expected the project the file should hold, or {@code null} to take it from the file (none when empty)
     */
    static Copy fromFile(Path file, String expected) throws IOException {
        List<ChainLink> links = new ArrayList<>();
        String projectId = expected;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> event = JSON.readValue(line, new TypeReference<>() {
            });
            projectId = projectId == null ? (String) event.get("projectId") : projectId;
            if (!projectId.equals(event.get("projectId"))) {
                throw new WrongExport("an export holds one project" + (expected == null ? ""
                        : ", " + expected) + "; found " + event.get("projectId"));
            }
            links.add(new ChainLink((String) event.get("type"), projectId, ((Number) event.get("sequence")).longValue(),
                    (String) event.get("recordedAt"), map(event.get("actor")), map(event.get("payload")),
                    (String) event.get("prevHash"), (String) event.get("hash")));
        }
        return new Copy(projectId, links, null);
    }

    /**
     * The topic is read from its beginning. Delivery is at least once, so the same event may appear twice: the
     * first copy counts, an identical one (key, value and every header, byte for byte) is a re-delivery, and a
     * copy that differs in anything, even one that kept the original's hash header, is a break of its own.
     */
    static List<Copy> fromKafka(String bootstrap, String topic, String onlyProject) {
        List<Copy> copies = read(bootstrap, topic, onlyProject, new TreeMap<>());
        if (onlyProject != null && copies.isEmpty()) {
            // A project with no event on the topic: against a checkpoint that signed it, its history is cut.
            return List.of(new Copy(onlyProject, List.of(), null));
        }
        return copies;
    }

    /**
     * What the topic holds, for tools that compare it with other stores.
     *
     * @param verdicts each project's chain, as the command line checks it without a checkpoint
     * @param records  how many records carried each project's events, repeated deliveries included
     */
    public record TopicScan(List<ChainVerdict> verdicts, Map<String, Long> records) {
    }

    /** Reads the whole topic, or one project's records of it ({@code onlyProject}, or null for all). */
    public static TopicScan scan(String bootstrap, String topic, String onlyProject) {
        Map<String, Long> records = new TreeMap<>();
        List<ChainVerdict> verdicts = read(bootstrap, topic, onlyProject, records).stream()
                .map(copy -> withConflict(ChainVerdict.of(copy.projectId(), copy.links()), copy.conflict())).toList();
        return new TopicScan(verdicts, records);
    }

    private static List<Copy> read(String bootstrap, String topic, String onlyProject, Map<String, Long> records) {
        Map<String, Map<Long, Record>> projects = new TreeMap<>();
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
                    records.merge(link.projectId(), 1L, Long::sum);
                    Record copy = new Record(link, record.partition(), record.offset(), fingerprint(record));
                    Record first = projects.computeIfAbsent(link.projectId(), k -> new TreeMap<>())
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
        List<Copy> copies = new ArrayList<>();
        projects.forEach((projectId, bySequence) -> copies.add(new Copy(projectId, bySequence.values().stream()
                .map(Record::link).sorted(Comparator.comparingLong(ChainLink::sequence)).toList(),
                conflicts.get(projectId))));
        return copies;
    }

    /** A repeat that differs from the first copy breaks the chain there, if nothing broke it before. */
    private static ChainVerdict withConflict(ChainVerdict verdict, Conflict conflict) {
        if (conflict != null && (verdict.verified() || conflict.sequence() < verdict.brokenAt())) {
            return new ChainVerdict(verdict.projectId(), conflict.sequence(), "", conflict.sequence(),
                    ChainVerdict.Break.CONFLICTING_COPIES, conflict.reason());
        }
        return verdict;
    }

    /** The first record found for a project's sequence, where it was, and what it held. */
    private record Record(ChainLink link, int partition, long offset, byte[] fingerprint) {
        String where() {
            return "partition " + partition + ", offset " + offset;
        }
    }

    record Conflict(long sequence, String reason) {
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
