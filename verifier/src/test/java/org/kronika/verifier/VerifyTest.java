package org.kronika.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.SignedCheckpoints;
import org.kronika.infra.embedded.KafkaBroker;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kronika.verifier.Copies.chain;
import static org.kronika.verifier.Copies.copy;
import static org.kronika.verifier.Copies.lines;
import static org.kronika.verifier.Copies.rechained;

/** The verifier finds every tampering, in an export file and in a copy of the topic, at the right event. */
class VerifyTest {

    private static KafkaBroker kafka;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path folder;

    @BeforeAll
    static void broker() throws Exception {
        kafka = KafkaBroker.at(Files.createTempDirectory("verifier-kafka"), 0).start();
    }

    @AfterAll
    static void stop() {
        kafka.stop();
    }

    @Test
    void anIntactExportVerifiesAndEveryTamperingIsFoundWhereItHappened() throws Exception {
        List<Map<String, Object>> events = chain("p-1", 5);
        assertThat(verifyFile(events)).startsWith("OK      p-1: 5 events, head " + events.get(4).get("hash"));

        List<Map<String, Object>> edited = copy(events);
        ((Map<String, Object>) edited.get(2).get("payload")).put("title", "Trainimg");
        assertThat(verifyFile(edited)).startsWith("BROKEN  p-1 at event 2: its content does not match its hash");

        List<Map<String, Object>> deleted = copy(events);
        deleted.remove(3);
        assertThat(verifyFile(deleted)).startsWith("BROKEN  p-1 at event 3: expected event 3 but found 4");

        List<Map<String, Object>> swapped = copy(events);
        swapped.set(1, events.get(2));
        swapped.set(2, events.get(1));
        assertThat(verifyFile(swapped)).startsWith("BROKEN  p-1 at event 1");

        List<Map<String, Object>> inserted = copy(events);
        Map<String, Object> forged = new LinkedHashMap<>(events.get(2));
        forged.put("payload", new LinkedHashMap<>(Map.of("projectId", "p-1", "title", "A training that never was")));
        inserted.add(3, forged);
        for (int i = 4; i < inserted.size(); i++) {
            inserted.get(i).put("sequence", i);
        }
        forged.put("sequence", 3);
        assertThat(verifyFile(inserted)).startsWith("BROKEN  p-1 at event 3");
    }

    /** Kronika never records text or numbers without a canonical form, so a copy holding one was changed. */
    @Test
    void anEventWithoutACanonicalFormIsABreakNotACrash() throws Exception {
        List<Map<String, Object>> events = chain("p-1", 4);
        for (String forged : List.of("\"title\":\"\\ud800\"", "\"title\":1e400")) {
            StringBuilder lines = new StringBuilder();
            for (Map<String, Object> event : events) {
                String line = json.writeValueAsString(event);
                lines.append(event.get("sequence").equals(2) ? line.replace("\"title\":\"Training\"", forged) : line)
                        .append('\n');
            }
            Path file = Files.createTempFile(folder, "export", ".jsonl");
            Files.writeString(file, lines);
            var out = new ByteArrayOutputStream();
            assertThat(VerifyCli.run(new String[]{"--file", file.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8))).as(forged).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).as(forged)
                    .startsWith("BROKEN  p-1 at event 2: its content has no canonical form");
        }
    }

    @Test
    void verifiesEveryProjectStraightFromTheTopicAndFindsATamperedCopy() throws Exception {
        String topic = "copy-intact";
        createTopic(topic);
        List<Map<String, Object>> one = chain("p-a", 4);
        List<Map<String, Object>> two = chain("p-b", 3);
        publish(topic, one);
        publish(topic, two);
        publish(topic, List.of(one.get(1)));
        String intact = run("--kafka", kafka.bootstrapServers(), "--topic", topic);
        assertThat(intact).contains("OK      p-a: 4 events").contains("OK      p-b: 3 events");
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", topic, "--project", "p-b"))
                .contains("OK      p-b").doesNotContain("p-a");

        String tampered = "copy-tampered";
        createTopic(tampered);
        List<Map<String, Object>> altered = copy(one);
        ((Map<String, Object>) altered.get(2).get("payload")).put("title", "Altered");
        publish(tampered, altered);
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", tampered))
                .contains("BROKEN  p-a at event 2");

        String gap = "copy-missing-event";
        createTopic(gap);
        List<Map<String, Object>> withoutTwo = copy(one);
        withoutTwo.remove(2);
        publish(gap, withoutTwo);
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", gap))
                .contains("BROKEN  p-a at event 2: expected event 2 but found 3");

        String swappedTopic = "copy-swapped";
        createTopic(swappedTopic);
        List<Map<String, Object>> swapped = copy(one);
        swapped.get(1).put("sequence", 2);
        swapped.get(2).put("sequence", 1);
        publish(swappedTopic, swapped);
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", swappedTopic))
                .contains("BROKEN  p-a at event 1");

        String forged = "copy-forged";
        createTopic(forged);
        publish(forged, one);
        Map<String, Object> impostor = new LinkedHashMap<>(one.get(1));
        impostor.put("hash", "f".repeat(64));
        publish(forged, List.of(impostor));
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", forged))
                .contains("BROKEN  p-a at event 1: two different events claim this sequence");
    }

    /** Keeping the original hash header does not make a different record a re-delivery: its bytes differ. */
    @Test
    void aForgedRepeatThatKeepsTheOriginalHashIsReportedWithItsOffset() throws Exception {
        List<Map<String, Object>> one = chain("p-a", 4);

        String payload = "copy-forged-payload";
        createTopic(payload);
        publish(payload, one);
        List<Map<String, Object>> forged = copy(List.of(one.get(1)));
        ((Map<String, Object>) forged.get(0).get("payload")).put("title", "A training that never was");
        publish(payload, forged);
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", payload))
                .contains("BROKEN  p-a at event 1: two different events claim this sequence")
                .contains("offset 4").contains("offset 1");

        String actor = "copy-forged-actor";
        createTopic(actor);
        publish(actor, one);
        List<Map<String, Object>> otherActor = copy(List.of(one.get(2)));
        otherActor.get(0).put("actor", Map.of("subject", "someone-else", "role", "recorder", "organisation", "kec"));
        publish(actor, otherActor);
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", actor))
                .contains("BROKEN  p-a at event 2: two different events claim this sequence").contains("offset 4");

        String redelivered = "copy-redelivered";
        createTopic(redelivered);
        publish(redelivered, one);
        publish(redelivered, one.subList(1, 3));
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", redelivered))
                .as("an identical re-delivery is at-least-once publication, not tampering")
                .contains("OK      p-a: 4 events");
    }

    /** Whoever holds the data can cut its end or recompute every hash; a signed checkpoint catches both. */
    @Test
    void aCheckpointCatchesACutEndARemovedTailAndARecomputedHistoryInAnExportAndOnTheTopic() throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        List<Map<String, Object>> one = chain("p-a", 5);
        List<Map<String, Object>> two = chain("p-b", 3);
        Path checkpoint = signed(key, "k1", List.of(head(one, 4), head(two, 2)));
        Path keys = keySet(Map.of("k1", key));

        assertThat(verifyFile(one, "--checkpoint", checkpoint.toString(), "--keys", keys.toString()))
                .contains("OK      p-a: 5 events").contains("reaches the checkpoint's event 4 unchanged");
        List<Map<String, Object>> later = chain("p-a", 7);
        assertThat(verifyFile(later, "--checkpoint", checkpoint.toString(), "--keys", keys.toString()))
                .as("events recorded since the checkpoint").contains("OK      p-a: 7 events");
        assertThat(verifyFile(one.subList(0, 4), "--checkpoint", checkpoint.toString(), "--keys", keys.toString()))
                .contains("CUT     p-a: the checkpoint signed event 4, this copy ends at event 3");
        assertThat(verifyFile(one.subList(0, 2), "--checkpoint", checkpoint.toString(), "--keys", keys.toString()))
                .contains("CUT     p-a");
        List<Map<String, Object>> recomputed = rechained(one, 2, "A training that never was");
        assertThat(verifyFile(recomputed)).as("on its own, a recomputed chain holds").contains("OK      p-a");
        assertThat(verifyFile(recomputed, "--checkpoint", checkpoint.toString(), "--keys", keys.toString()))
                .contains("CHANGED p-a: event 4 hashes to");

        String topic = "copy-against-checkpoint";
        createTopic(topic);
        publish(topic, one.subList(0, 4));
        publish(topic, rechained(two, 1, "Altered"));
        String onTopic = run("--kafka", kafka.bootstrapServers(), "--topic", topic, "--checkpoint",
                checkpoint.toString(), "--keys", keys.toString());
        assertThat(onTopic).contains("CUT     p-a").contains("CHANGED p-b");

        String gone = "copy-project-gone";
        createTopic(gone);
        publish(gone, one);
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", gone, "--checkpoint", checkpoint.toString(),
                "--keys", keys.toString())).contains("OK      p-a").contains("MISSING p-b");
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsRejectedAndOldKeysStayValidAfterARotation() throws Exception {
        KeyPair old = SignedCheckpoints.newKey();
        KeyPair current = SignedCheckpoints.newKey();
        List<Map<String, Object>> one = chain("p-a", 3);
        Path byOld = signed(old, "2025-key", List.of(head(one, 2)));
        Path rotated = keySet(Map.of("2025-key", old, "2026-key", current));
        assertThat(verifyFile(one, "--checkpoint", byOld.toString(), "--keys", rotated.toString())).contains("OK      p-a");

        Path impostor = signed(SignedCheckpoints.newKey(), "2026-key", List.of(head(one, 2)));
        var out = new ByteArrayOutputStream();
        Path file = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(file, lines(one));
        assertThat(VerifyCli.run(new String[]{"--file", file.toString(), "--checkpoint", impostor.toString(), "--keys",
                rotated.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("does not verify with key '2026-key'");
    }

    @Test
    void provesAProjectsHeadAndOneEventAgainstACheckpoint() throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        List<Map<String, Object>> one = chain("p-a", 5);
        List<Head> heads = new ArrayList<>(List.of(head(one, 4)));
        for (int i = 0; i < 6; i++) {
            heads.add(new Head("other-" + i, i, "%064x".formatted(i)));
        }
        Path checkpoint = signed(key, "k1", heads);
        Path keys = keySet(Map.of("k1", key));
        Path export = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(export, lines(one));

        String proof = run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--prove", "p-a",
                "--file", export.toString(), "--sequence", "2");
        Path proofFile = Files.createTempFile(folder, "proof", ".json");
        Files.writeString(proofFile, proof.substring(proof.indexOf('{')));
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--check-proof",
                proofFile.toString())).contains("PROVEN  event 2 of p-a leads, unchanged, to the head");

        Files.writeString(proofFile, proof.substring(proof.indexOf('{')).replace("\"title\" : \"Training\"",
                "\"title\" : \"Trainimg\""));
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--check-proof",
                proofFile.toString())).contains("INVALID proof: the chain breaks at event 2");
    }

    private Path signed(KeyPair key, String keyId, List<Head> heads) throws Exception {
        Checkpoint checkpoint = Checkpoint.of("test-programme", "2026-11-30T12:00:00Z", heads, "periodic");
        Path file = Files.createTempFile(folder, "checkpoint", ".jws");
        Files.writeString(file, SignedCheckpoints.sign(checkpoint, keyId, key.getPrivate()));
        return file;
    }

    private Path keySet(Map<String, KeyPair> keys) throws Exception {
        List<Map<String, Object>> jwks = new ArrayList<>();
        keys.forEach((id, pair) -> jwks.add(SignedCheckpoints.jwk(id, pair.getPublic())));
        Path file = Files.createTempFile(folder, "jwks", ".json");
        Files.writeString(file, json.writeValueAsString(Map.of("keys", jwks)));
        return file;
    }

    private static Head head(List<Map<String, Object>> events, int sequence) {
        Map<String, Object> event = events.get(sequence);
        return new Head((String) event.get("projectId"), sequence, (String) event.get("hash"));
    }

    @Test
    void answersUsageErrorsWithExitCodeTwo() {
        var out = new ByteArrayOutputStream();
        assertThat(VerifyCli.run(new String[]{}, new PrintStream(out))).isEqualTo(2);
        assertThat(VerifyCli.run(new String[]{"--file", folder.resolve("missing.jsonl").toString()},
                new PrintStream(out))).isEqualTo(2);
    }

    private String verifyFile(List<Map<String, Object>> events, String... more) throws Exception {
        Path file = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(file, lines(events));
        List<String> args = new ArrayList<>(List.of("--file", file.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static String run(String... args) {
        var out = new ByteArrayOutputStream();
        VerifyCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void createTopic(String topic) throws Exception {
        Copies.createTopic(kafka.bootstrapServers(), topic);
    }

    private static void publish(String topic, List<Map<String, Object>> events) throws Exception {
        Copies.publish(kafka.bootstrapServers(), topic, events);
    }
}
