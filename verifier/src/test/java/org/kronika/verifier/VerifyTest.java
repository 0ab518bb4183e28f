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
import java.util.Arrays;
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
        kafka = KafkaBroker.temporary(0).start();
    }

    @AfterAll
    static void stop() {
        kafka.close();
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
        assertThat(verifyFile(deleted)).startsWith("BROKEN  p-1 at event 3: expected event 3 but found 4: an event "
                + "is missing or out of order");

        List<Map<String, Object>> swapped = copy(events);
        swapped.set(1, events.get(2));
        swapped.set(2, events.get(1));
        assertThat(verifyFile(swapped)).startsWith("BROKEN  p-1 at event 1: expected event 1 but found 2: an event "
                + "is missing or out of order");

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

    /**
     * Kronika records no event of a stream before the one it follows, and a replay as known at an instant relies on
     * it; an intact copy whose times go back is noted, after its line, without failing: its hashes hold, and an event
     * recorded by an earlier Kronika on a clock that stepped back looks the same.
     */
    @Test
    void anIntactCopyWithAnEventRecordedBeforeTheOneItFollowsIsNotedAndStillHolds() throws Exception {
        List<Map<String, Object>> inOrder = chain("p-1", 75);
        assertThat(inOrder.get(74).get("recordedAt")).isEqualTo("2026-11-27T11:14:00.5Z");
        assertThat(verifyLines(inOrder, -1, null)).startsWith("OK      p-1: 75 events").doesNotContain("NOTE")
                .endsWith("exit 0");

        List<Map<String, Object>> back = new ArrayList<>();
        for (String time : List.of("2026-11-27T10:00:00Z", "2026-11-27T10:05:00.250Z", "2026-11-27T10:04:59Z",
                "2026-11-27T10:05:00.250Z", "2026-11-27T10:05:00.249Z", "2026-11-27T11:00:00+01:00")) {
            Copies.append(back, "p-1", "training-delivered", new LinkedHashMap<>(Map.of("projectId", "p-1",
                    "activityId", "t-" + back.size(), "title", "Training")), Copies.RECORDER, time);
        }
        assertThat(verifyLines(back, -1, null)).startsWith("OK      p-1: 6 events")
                .contains("\nNOTE    p-1: event 2 was recorded at 2026-11-27T10:04:59Z, before event 1 "
                        + "(2026-11-27T10:05:00.250Z), and 2 more event(s) before one they "
                        + "follow: Kronika records no event before the one it follows, so a replay as known at an "
                        + "instant between them (?knownAt=) is not to be relied on")
                .endsWith("exit 0");
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

    /**
     * A member named twice, or a second value after the event, gives a line two readings: Jackson keeps the last
     * member, another parser the first. Kronika writes neither, so the copy was changed.
     */
    @Test
    void aMemberNamedTwiceOrAnythingAfterTheEventIsABreakInAnExportAndOnTheTopic() throws Exception {
        List<Map<String, Object>> events = chain("p-1", 4);
        String intact = json.writeValueAsString(events.get(2));
        for (String forged : List.of(intact.replace("\"title\":\"Training\"", "\"title\":\"Forged\",\"title\":\"Training\""),
                intact + " {\"title\":\"Forged\"}")) {
            assertThat(forged).isNotEqualTo(intact);
            var said = verifyLines(events, 2, forged);
            assertThat(said).as(forged).startsWith("BROKEN  p-1 at event 2: line 3 is not one JSON object").endsWith("exit 1");
        }

        String topic = "copy-member-twice";
        createTopic(topic);
        var twice = Copies.record(topic, events.get(2));
        String payload = new String(twice.value(), StandardCharsets.UTF_8);
        Copies.send(kafka.bootstrapServers(), List.of(Copies.record(topic, events.get(0)), Copies.record(topic,
                events.get(1)), new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, "p-1",
                payload.replace("\"title\":\"Training\"", "\"title\":\"Forged\",\"title\":\"Training\"")
                        .getBytes(StandardCharsets.UTF_8), twice.headers()), Copies.record(topic, events.get(3))));
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", topic)).startsWith(
                "BROKEN  p-1 at event 2: the record at partition").contains("Duplicate field 'title'");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", topic)).isEqualTo(1);
    }

    /**
     * A member Kronika's export does not write is covered by no hash: a "note" or an "occurredAt" added to a line
     * would read as a verified fact to anyone reading the file.
     */
    @Test
    void aMemberNoExportWritesIsABreakAsNoHashCoversIt() throws Exception {
        List<Map<String, Object>> events = chain("p-1", 4);
        String intact = json.writeValueAsString(events.get(2));
        String added = intact.replaceFirst("\\}$", ",\"note\":\"approved by the board\"}");
        assertThat(added).isNotEqualTo(intact);
        assertThat(verifyLines(events, 2, added)).startsWith("BROKEN  p-1 at event 2: line 3 has \"note\", which "
                + "no export of Kronika's writes and no hash covers").endsWith("exit 1");
        assertThat(verifyLines(events, 2, intact)).as("the line as exported").startsWith("OK").endsWith("exit 0");
    }

    /** A tampered copy is reported as changed, at the event, never as the verifier's own failure (exit 2). */
    @Test
    void anEventOfTheWrongShapeIsABreakNotACrash() throws Exception {
        List<Map<String, Object>> events = chain("p-1", 4);
        String intact = json.writeValueAsString(events.get(2));
        assertThat(verifyLines(events, 2, intact.replace("\"sequence\":2", "\"sequence\":\"2\"")))
                .startsWith("BROKEN  p-1 at event 2: line 3: sequence is \"2\", not a whole number").endsWith("exit 1");
        assertThat(verifyLines(events, 2, intact.replace("\"sequence\":2,", ""))).startsWith(
                "BROKEN  p-1 at event 2: line 3: sequence is missing").endsWith("exit 1");
        assertThat(verifyLines(events, 2, intact.replaceFirst("\"actor\":\\{[^}]*}", "\"actor\":[]")))
                .startsWith("BROKEN  p-1 at event 2: line 3: actor is [], not an object").endsWith("exit 1");
        assertThat(verifyLines(events, 0, "[]")).startsWith("BROKEN  " + Copy.UNNAMED + " at event 0: line 1")
                .endsWith("exit 1");

        String topic = "copy-without-subject";
        createTopic(topic);
        var unnamed = Copies.record(topic, events.get(2));
        unnamed.headers().remove(org.kronika.events.CloudEventHeaders.SUBJECT);
        var nothing = Copies.record(topic, events.get(3));
        Copies.send(kafka.bootstrapServers(), List.of(Copies.record(topic, events.get(0)), Copies.record(topic,
                events.get(1)), unnamed, new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, "p-1",
                "null".getBytes(StandardCharsets.UTF_8), nothing.headers())));
        String said = run("--kafka", kafka.bootstrapServers(), "--topic", topic);
        assertThat(said).startsWith("BROKEN  p-1 at event 2: the record at partition")
                .contains("has no ce_subject header");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", topic)).isEqualTo(1);
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", topic, "--project", "p-1")).isEqualTo(1);
    }

    /**
     * Kronika publishes nothing but events to the topic, each with its type, sequence and data: a record without
     * one of them is no event of Kronika's, so the topic was changed. It breaks the chain of the project it names,
     * at its sequence or, without one, where the intact events end; one that names no project is reported as such.
     * Passed over, a project's last event stripped of its type, or turned into a tombstone, would leave the rest
     * "OK".
     */
    @Test
    void aRecordWithoutATypeASequenceOrDataIsABreakOnTheTopicNotPassedOver() throws Exception {
        List<Map<String, Object>> events = chain("p-1", 4);
        Map<String, java.util.function.UnaryOperator<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>>>
                strip = new LinkedHashMap<>();
        strip.put("at event 3: the record at partition .*, offset 3 has no ce_type header", last -> {
            last.headers().remove(org.kronika.events.CloudEventHeaders.TYPE);
            return last;
        });
        // (its pattern spelt apart from the one above only to be another key of the map)
        strip.put("at event 3: the record at partition [^,]*, offset 3 has no ce_type header", last -> {
            // Kafka lets a header carry no value at all: as missing as an absent header, never a crash of the run.
            last.headers().remove(org.kronika.events.CloudEventHeaders.TYPE);
            last.headers().add(org.kronika.events.CloudEventHeaders.TYPE, null);
            return last;
        });
        strip.put("at event 3: the record at partition .*, offset 3 has no ce_sequence header", last -> {
            last.headers().remove(org.kronika.events.CloudEventHeaders.SEQUENCE);
            return last;
        });
        strip.put("at event 3: the record at partition .*, offset 3 has no value, not the event's data", last ->
                new org.apache.kafka.clients.producer.ProducerRecord<>(last.topic(), null, last.key(), null,
                        last.headers()));
        int topics = 0;
        for (var forged : strip.entrySet()) {
            String topic = "copy-not-an-event-" + topics++;
            createTopic(topic);
            List<org.apache.kafka.clients.producer.ProducerRecord<String, byte[]>> records = new ArrayList<>();
            for (Map<String, Object> event : events) {
                records.add(Copies.record(topic, event));
            }
            records.set(3, forged.getValue().apply(records.get(3)));
            Copies.send(kafka.bootstrapServers(), records);
            assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", topic)).as(forged.getKey())
                    .containsPattern("^BROKEN  p-1 " + forged.getKey() + ": it is not an event as Kronika publishes it")
                    .doesNotContain("OK ");
            assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", topic, "--project", "p-1"))
                    .as(forged.getKey()).isEqualTo(1);
        }

        String topic = "copy-nothing-named";
        createTopic(topic);
        publish(topic, events);
        Copies.send(kafka.bootstrapServers(), List.of(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                null, null, "{}".getBytes(StandardCharsets.UTF_8))));
        String said = run("--kafka", kafka.bootstrapServers(), "--topic", topic);
        assertThat(said).contains("OK      p-1: 4 events").contains("BROKEN  " + Copy.UNNAMED
                + " at event 0: the record at partition").contains("has no ce_type header");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", topic)).isEqualTo(1);
    }

    /**
     * Kronika keys each record by its ce_subject; a partner following the docs files an event under the key. A record
     * keyed otherwise is no event as Kronika publishes it, and breaks both streams it names (the key's, where such a
     * partner applies it, and the subject's), whichever of them is checked; one without a key breaks its subject's.
     */
    @Test
    void aRecordKeyedOtherThanItsSubjectBreaksTheStreamsOfBothOnTheTopic() throws Exception {
        String topic = "copy-keyed-otherwise";
        createTopic(topic);
        publish(topic, chain("p-a", 3));
        List<Map<String, Object>> forged = chain("p-a2", 4);
        publish(topic, forged.subList(0, 3));
        var event3 = Copies.record(topic, forged.get(3));
        Copies.send(kafka.bootstrapServers(), List.of(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                null, "p-a", event3.value(), event3.headers())));
        String keyedOtherwise = "at event 3: the record at partition \\d+, offset \\d+ is keyed p-a but its ce_subject"
                + " is p-a2: it is not an event as Kronika publishes it, so the topic was changed";

        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", topic))
                .containsPattern("(?m)^BROKEN  p-a " + keyedOtherwise + " \\(3 events intact before it\\)$")
                .containsPattern("(?m)^BROKEN  p-a2 " + keyedOtherwise + " \\(3 events intact before it\\)$")
                .doesNotContain("OK ");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", topic)).isEqualTo(1);
        for (String project : List.of("p-a", "p-a2")) {
            assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", topic, "--project", project)).as(project)
                    .containsPattern("(?m)^BROKEN  " + project + " " + keyedOtherwise).doesNotContain("OK ");
            assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", topic, "--project", project)).as(project)
                    .isEqualTo(1);
        }

        String keyless = "copy-keyless";
        createTopic(keyless);
        publish(keyless, forged.subList(0, 3));
        Copies.send(kafka.bootstrapServers(), List.of(new org.apache.kafka.clients.producer.ProducerRecord<>(keyless,
                null, (String) null, event3.value(), event3.headers())));
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", keyless, "--project", "p-a2"))
                .containsPattern("(?m)^BROKEN  p-a2 at event 3: the record at partition \\d+, offset \\d+ has no key but"
                        + " its ce_subject is p-a2: it is not an event as Kronika publishes it")
                .doesNotContain("OK ");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", keyless)).isEqualTo(1);
    }

    /** Kronika writes its exports in UTF-8: a line that is not was changed, and the copy breaks there. */
    @Test
    void aLineThatIsNotUtf8IsABreakAtItsEventNotAFailureOfTheVerifier() throws Exception {
        List<Map<String, Object>> events = chain("p-1", 4);
        String text = lines(events);
        byte[] forged = text.getBytes(StandardCharsets.UTF_8);
        assertThat(forged).as("ASCII: a character's index is its byte's").hasSize(text.length());
        // The T of the second line's title, inside a string.
        forged[text.indexOf("\"title\":\"Training\"", text.indexOf('\n')) + "\"title\":\"".length()] = (byte) 0xFF;
        Path file = Files.createTempFile(folder, "export", ".jsonl");
        Files.write(file, forged);
        var out = new ByteArrayOutputStream();
        int exit = VerifyCli.run(new String[]{"--file", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8) + "exit " + exit)
                .startsWith("BROKEN  p-1 at event 1: line 2 is not UTF-8 text").endsWith("exit 1");
    }

    /**
     * An honest export saved by a tool that puts a byte-order mark before it still verifies (the mark is no part of
     * what was served); one saved as UTF-16 (PowerShell 5's {@code >}) is the wrong file, not a changed history: a
     * usage error saying how to save it, never BROKEN. The same for a saved period report.
     */
    @Test
    void anExportSavedWithAByteOrderMarkVerifiesAndOneSavedAsUtf16IsTheWrongFileNotAChangedHistory() throws Exception {
        List<Map<String, Object>> events = chain("p-1", 4);
        byte[] text = lines(events).getBytes(StandardCharsets.UTF_8);
        Path marked = Files.createTempFile(folder, "export", ".jsonl");
        Files.write(marked, concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text));
        assertThat(run("--file", marked.toString())).contains("OK      p-1: 4 events");
        assertThat(exit("--file", marked.toString())).isZero();

        Path wide = Files.createTempFile(folder, "export", ".jsonl");
        Files.write(wide, concat(new byte[]{(byte) 0xFF, (byte) 0xFE},
                lines(events).getBytes(StandardCharsets.UTF_16LE)));
        assertThat(run("--file", wide.toString())).contains("is UTF-16 text, not the UTF-8 Kronika serves")
                .doesNotContain("BROKEN");
        assertThat(exit("--file", wide.toString())).isEqualTo(2);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The export's lines, line {@code index} written as given; what the verifier says, and its exit code. */
    private String verifyLines(List<Map<String, Object>> events, int index, String line) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            lines.append(i == index ? line : json.writeValueAsString(events.get(i))).append('\n');
        }
        Path file = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(file, lines);
        var out = new ByteArrayOutputStream();
        int exit = VerifyCli.run(new String[]{"--file", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8) + "exit " + exit;
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

    /**
     * A check that found nothing to check does not pass: a topic that holds no project's events (the services
     * publish to another, or it was emptied) is EMPTY, exit 1, as an empty export is; a topic that does not exist (a
     * mistyped --topic) cannot be read at all, and is an error naming it, exit 2, as a missing file is.
     */
    @Test
    void aTopicOrAnExportHoldingNoEventFailsAndATopicThatDoesNotExistIsNamed() throws Exception {
        String topic = "copy-empty";
        createTopic(topic);
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", topic))
                .isEqualTo("EMPTY   the topic copy-empty holds no project's events\n");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", topic)).isEqualTo(1);

        String mistyped = "copy-emtpy";
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", mistyped)).isEqualTo("error: the topic "
                + mistyped + " does not exist on " + kafka.bootstrapServers() + "\n");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", mistyped)).isEqualTo(2);
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", mistyped, "--project", "p-a")).isEqualTo(2);

        Path empty = Files.createTempFile(folder, "export", ".jsonl");
        assertThat(run("--file", empty.toString())).startsWith("EMPTY   the file holds no event").doesNotContain("OK ");
        assertThat(exit("--file", empty.toString())).isEqualTo(1);
        assertThat(run("--file", empty.toString(), "--project", "p-a")).as("whichever project it should hold")
                .isEqualTo("EMPTY   the file holds no event\n");
        assertThat(exit("--file", empty.toString(), "--project", "p-a")).isEqualTo(1);
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
        // Signed half a minute after p-a's event 4 was recorded (each event n at 10:0n:00.5).
        Path checkpoint = signed(key, "k1", "2026-11-27T10:04:30Z", List.of(head(one, 4), head(two, 2)));
        Path keys = keySet(Map.of("k1", key));

        String[] pa = {"--project", "p-a", "--checkpoint", checkpoint.toString(), "--keys", keys.toString()};
        assertThat(verifyFile(one, pa))
                .contains("OK      p-a: 5 events").contains("reaches the checkpoint's event 4 unchanged");
        List<Map<String, Object>> later = chain("p-a", 7);
        assertThat(verifyFile(later, pa)).as("events recorded since the checkpoint").contains("OK      p-a: 7 events");
        // A checkpoint signed days after those events were recorded signs event 4 as the head: events 5 and 6,
        // recorded before it by their own account, were added since with an earlier time (one with write access to
        // the topic, say, who can compute hashes but not sign a checkpoint).
        String[] daysLater = {"--project", "p-a", "--checkpoint", signed(key, "k1", "2026-11-30T12:00:00Z",
                List.of(head(one, 4), head(two, 2))).toString(), "--keys", keys.toString()};
        assertThat(verifyFile(later, daysLater)).contains("UNSIGNED p-a: event 5 was recorded at "
                + "2026-11-27T10:05:00.5Z, before the checkpoint (2026-11-30T12:00:00Z), which signs event 4 as the "
                + "head").doesNotContain("OK      p-a");
        assertThat(verifyFile(one, daysLater)).as("no event past the head").contains("OK      p-a: 5 events");
        // An approval's checkpoint signs its project at the approval, whatever it recorded between the approval and
        // the signing; every other project at its head. An event past the approval that says it was recorded
        // before it was added since.
        String[] approval = {"--project", "p-a", "--checkpoint", signed(key, "k1", "2026-11-30T12:00:00Z",
                List.of(head(one, 4), head(two, 2)), "approval p-a 2024-Q3").toString(), "--keys", keys.toString()};
        assertThat(verifyFile(later, approval)).contains("OK      p-a: 7 events");
        List<Map<String, Object>> backdated = Copies.copy(later);
        backdated.get(5).put("recordedAt", "2026-11-27T10:02:00.5Z");
        backdated = Copies.rechained(backdated, 5, (String) ((Map<?, ?>) backdated.get(5).get("payload")).get("title"));
        assertThat(verifyFile(backdated, approval)).contains("UNSIGNED p-a: event 5 was recorded at "
                + "2026-11-27T10:02:00.5Z, before the approval the checkpoint signs (2026-11-27T10:04:00.5Z)");
        // No minute's grace there: nothing commits between an approval and the events after it, only clocks differ.
        List<Map<String, Object>> secondsBefore = Copies.copy(later);
        secondsBefore.get(5).put("recordedAt", "2026-11-27T10:04:00Z");
        secondsBefore = Copies.rechained(secondsBefore, 5,
                (String) ((Map<?, ?>) secondsBefore.get(5).get("payload")).get("title"));
        assertThat(verifyFile(secondsBefore, approval)).contains("UNSIGNED p-a: event 5");
        assertThat(verifyFile(secondsBefore, with(approval, "--clock-skew", "PT1S"))).as("as far as clocks may differ")
                .contains("OK      p-a: 7 events");
        String[] anothers = {"--project", "p-a", "--checkpoint", signed(key, "k1", "2026-11-30T12:00:00Z",
                List.of(head(one, 4), head(two, 2)), "approval p-b 2024-Q3").toString(), "--keys", keys.toString()};
        assertThat(verifyFile(later, anothers)).contains("UNSIGNED p-a: event 5");
        assertThat(verifyFile(one.subList(0, 4), pa))
                .contains("CUT     p-a: the checkpoint signed event 4, this copy ends before it, at event 3: events "
                        + "were removed, from its end or, if its hashes were recomputed, anywhere");
        assertThat(verifyFile(one.subList(0, 2), pa)).contains("CUT     p-a");
        List<Map<String, Object>> middle = copy(one);
        middle.remove(2);
        for (int i = 2; i < middle.size(); i++) {
            middle.get(i).put("sequence", i);
        }
        middle.get(2).put("prevHash", one.get(1).get("hash"));
        middle = rechained(middle, 2, (String) ((Map<?, ?>) middle.get(2).get("payload")).get("title"));
        assertThat(verifyFile(middle)).as("on its own, renumbered and recomputed").contains("OK      p-a: 4 events");
        assertThat(verifyFile(middle, pa)).as("an event removed from the middle, the hashes recomputed").contains(
                "CUT     p-a: the checkpoint signed event 4, this copy ends before it, at event 3: events were "
                        + "removed, from its end or, if its hashes were recomputed, anywhere");
        List<Map<String, Object>> recomputed = rechained(one, 2, "A training that never was");
        assertThat(verifyFile(recomputed)).as("on its own, a recomputed chain holds").contains("OK      p-a");
        assertThat(verifyFile(recomputed, pa)).contains("CHANGED p-a: event 4 hashes to");

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

        // Every event deleted: an export is cut too. A project of which the topic holds nothing is missing, whether
        // the auditor named it or it was found in the checkpoint.
        Path empty = Files.createTempFile(folder, "export", ".jsonl");
        String[] againstCheckpoint = {"--checkpoint", checkpoint.toString(), "--keys", keys.toString()};
        assertThat(run(with(againstCheckpoint, "--file", empty.toString()))).as("which project, only --project says")
                .startsWith("usage: --file with --checkpoint needs --project ID").doesNotContain("OK ");
        assertThat(exit(with(againstCheckpoint, "--file", empty.toString(), "--project", "p-a"))).isEqualTo(1);
        assertThat(run(with(againstCheckpoint, "--file", empty.toString(), "--project", "p-a")))
                .contains("CUT     p-a: the checkpoint signed event 4, this copy holds none of its events: events were "
                        + "removed, from its end or, if its hashes were recomputed, anywhere");
        assertThat(exit(with(againstCheckpoint, "--kafka", kafka.bootstrapServers(), "--topic", gone, "--project",
                "p-b"))).isEqualTo(1);
        String missing = "MISSING p-b: the checkpoint signed its event 2, the topic holds none of its events\n";
        assertThat(run(with(againstCheckpoint, "--kafka", kafka.bootstrapServers(), "--topic", gone, "--project",
                "p-b"))).endsWith(missing).doesNotContain("CUT ").doesNotContain("p-a");
        assertThat(run(with(againstCheckpoint, "--kafka", kafka.bootstrapServers(), "--topic", gone)))
                .endsWith(missing).doesNotContain("CUT ");
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", gone, "--project", "p-unknown"))
                .isEqualTo("MISSING p-unknown: the topic holds none of its events\n");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", gone, "--project", "p-unknown"))
                .isEqualTo(1);
        Path other = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(other, lines(two));
        assertThat(run(with(againstCheckpoint, "--file", other.toString(), "--project", "p-a")))
                .as("a file of another project").contains("WRONG EXPORT: an export holds one project, p-a; found p-b");
        assertThat(exit(with(againstCheckpoint, "--file", other.toString(), "--project", "p-a"))).isEqualTo(1);
    }

    /**
     * Once signed, a stream is in every later checkpoint, and one recorded before a checkpoint is in it: a project of
     * the copy that a checkpoint leaves out though it was recorded before it was left out, not "recorded since".
     */
    @Test
    void aProjectRecordedBeforeACheckpointThatLeavesItOutFails() throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        Path keys = keySet(Map.of("k1", key));
        List<Map<String, Object>> one = chain("p-a", 3);
        List<Map<String, Object>> two = chain("p-b", 3);
        List<Head> onlyOne = List.of(head(one, 2));
        String[] before = {"--checkpoint", signed(key, "k1", "2026-11-26T12:00:00Z", onlyOne).toString(), "--keys",
                keys.toString()};
        String[] after = {"--checkpoint", signed(key, "k1", "2026-11-30T12:00:00Z", onlyOne).toString(), "--keys",
                keys.toString()};
        Path export = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(export, lines(two));
        String[] pb = {"--file", export.toString(), "--project", "p-b"};

        assertThat(run(with(before, pb))).contains("OK      p-b: 3 events")
                .contains("not in the checkpoint (recorded since)");
        assertThat(exit(with(before, pb))).isZero();
        // Recorded half a second before the signing, it may have been committed after the heads were read.
        String[] inTheMoment = {"--checkpoint", signed(key, "k1", "2026-11-27T10:00:01Z", onlyOne).toString(),
                "--keys", keys.toString()};
        assertThat(run(with(inTheMoment, pb))).contains("OK      p-b: 3 events");
        String[] aMinuteLater = {"--checkpoint", signed(key, "k1", "2026-11-27T10:01:01Z", onlyOne).toString(),
                "--keys", keys.toString()};
        assertThat(run(with(aMinuteLater, pb))).contains("UNSIGNED p-b");
        assertThat(run(with(after, pb))).contains("UNSIGNED p-b: its "
                + "first event was recorded at 2026-11-27T10:00:00.5Z, before the checkpoint (2026-11-30T12:00:00Z)")
                .doesNotContain("OK      p-b");
        assertThat(exit(with(after, pb))).isEqualTo(1);
        // The clock that recorded it two minutes behind the one that signed: the auditor who knows it says so.
        String[] threeMinutesLater = {"--checkpoint", signed(key, "k1", "2026-11-27T10:03:00Z", onlyOne).toString(),
                "--keys", keys.toString()};
        assertThat(run(with(threeMinutesLater, pb))).contains("UNSIGNED p-b").contains("--clock-skew");
        assertThat(run(with(threeMinutesLater, with(pb, "--clock-skew", "PT2M"))))
                .contains("OK      p-b: 3 events").contains("not in the checkpoint (recorded since)");
        assertThat(exit(with(threeMinutesLater, with(pb, "--clock-skew", "PT1M")))).isEqualTo(1);
        assertThat(exit("--file", export.toString(), "--clock-skew", "PT2M")).as("without a checkpoint").isEqualTo(2);
        assertThat(exit(with(threeMinutesLater, with(pb, "--clock-skew", "two minutes")))).isEqualTo(2);
        assertThat(exit(with(threeMinutesLater, with(pb, "--clock-skew", "-PT2M")))).isEqualTo(2);

        String topic = "copy-left-out";
        createTopic(topic);
        publish(topic, one);
        publish(topic, two);
        assertThat(run(with(after, "--kafka", kafka.bootstrapServers(), "--topic", topic, "--project", "p-b")))
                .contains("UNSIGNED p-b");
        assertThat(exit(with(after, "--kafka", kafka.bootstrapServers(), "--topic", topic, "--project", "p-b")))
                .isEqualTo(1);
        assertThat(run(with(after, "--kafka", kafka.bootstrapServers(), "--topic", topic))).contains("OK      p-a")
                .contains("UNSIGNED p-b");
    }

    /**
     * An export names its own project. Served under the project's URL, a history rewritten under a look-alike id (a
     * Cyrillic 'а' for 'a'), every hash recomputed and every event dated after the checkpoint, would be a project
     * the checkpoint does not sign, recorded since, and pass: against a checkpoint, only the auditor can say which
     * project the file must hold, so --project is required, and the look-alike is another project's export.
     */
    @Test
    void anExportIsCheckedAgainstACheckpointOnlyAsTheProjectTheAuditorNamesSoALookAlikeIdIsAWrongExport()
            throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        List<Map<String, Object>> real = chain("p-a", 5);
        String[] signed = {"--checkpoint", signed(key, "k1", "2026-11-26T12:00:00Z", List.of(head(real, 4)))
                .toString(), "--keys", keySet(Map.of("k1", key)).toString()};
        Path forged = Files.writeString(Files.createTempFile(folder, "export", ".jsonl"), lines(chain("p-\u0430", 2)));

        assertThat(run(with(signed, "--file", forged.toString()))).startsWith("usage: --file with --checkpoint needs "
                + "--project ID, the project the export must hold: the file names its own project, so only you can "
                + "say which project it must be").doesNotContain("OK ", "CHECKPOINT signed");
        assertThat(exit(with(signed, "--file", forged.toString()))).isEqualTo(2);
        assertThat(run(with(signed, "--file", forged.toString(), "--project", "p-a")))
                .contains("WRONG EXPORT: an export holds one project, p-a; found p-\u0430").doesNotContain("OK ");
        assertThat(exit(with(signed, "--file", forged.toString(), "--project", "p-a"))).isEqualTo(1);
        assertThat(run("--file", forged.toString())).as("without a checkpoint, the file's own chain")
                .startsWith("OK      p-\u0430: 2 events");
    }

    /**
     * On the topic, a project recorded since the checkpoint is no finding; one whose id is a signed one's but for
     * characters no Kronika id has reads as that project, so it is named beside it, and the signed project is
     * checked on its own line as ever.
     */
    @Test
    void aStreamTheCheckpointLeavesOutWhoseIdLooksLikeASignedOnesIsNotedOnTheTopic() throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        List<Map<String, Object>> real = chain("p-a", 5);
        String[] signed = {"--checkpoint", signed(key, "k1", "2026-11-26T12:00:00Z", List.of(head(real, 4)))
                .toString(), "--keys", keySet(Map.of("k1", key)).toString()};
        String topic = "copy-look-alike";
        createTopic(topic);
        publish(topic, real);
        publish(topic, chain("p-\u0430", 2));
        publish(topic, chain("p-b", 2));
        publish(topic, chain("p-a\u200b", 2));

        String said = run(with(signed, "--kafka", kafka.bootstrapServers(), "--topic", topic));
        assertThat(said).contains("OK      p-a: 5 events").contains("OK      p-\u0430: 2 events")
                .contains("NOTE    p-\u0430 looks like p-a, which the checkpoint signs, but is another stream: it has "
                        + "U+0430 where it has 'a', and Kronika gives no project an id with a character outside ASCII")
                .contains("OK      p-b: 2 events").doesNotContain("NOTE    p-b")
                .contains("NOTE    p-a\u200b has U+200B, outside ASCII: Kronika gives no project an id with such a"
                        + " character, so this stream was not recorded by Kronika");
        assertThat(said.indexOf("NOTE    p-\u0430")).as("after the stream's own line")
                .isGreaterThan(said.indexOf("OK      p-\u0430"));
        assertThat(said.indexOf("NOTE    p-a\u200b")).isGreaterThan(said.indexOf("OK      p-a\u200b"));
    }

    private static String[] with(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static int exit(String... args) {
        return VerifyCli.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsRejectedAndOldKeysStayValidAfterARotation() throws Exception {
        KeyPair old = SignedCheckpoints.newKey();
        KeyPair current = SignedCheckpoints.newKey();
        List<Map<String, Object>> one = chain("p-a", 3);
        Path byOld = signed(old, "2025-key", List.of(head(one, 2)));
        Path rotated = keySet(Map.of("2025-key", old, "2026-key", current));
        assertThat(verifyFile(one, "--project", "p-a", "--checkpoint", byOld.toString(), "--keys", rotated.toString()))
                .contains("OK      p-a");

        Path impostor = signed(SignedCheckpoints.newKey(), "2026-key", List.of(head(one, 2)));
        var out = new ByteArrayOutputStream();
        Path file = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(file, lines(one));
        assertThat(VerifyCli.run(new String[]{"--file", file.toString(), "--project", "p-a", "--checkpoint",
                impostor.toString(), "--keys", rotated.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8)))
                .as("a finding about the checkpoint, not a usage error").isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("REFUSED checkpoint: checkpoint signature does not verify with key '2026-key'");

        Path unknownKey = signed(SignedCheckpoints.newKey(), "2027-key", List.of(head(one, 2)));
        assertThat(exit("--file", file.toString(), "--project", "p-a", "--checkpoint", unknownKey.toString(), "--keys",
                rotated.toString())).isEqualTo(1);
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
        // Written as the docs say (> proof.json): the output is the proof, and nothing else.
        Files.writeString(proofFile, proof);
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--check-proof",
                proofFile.toString())).contains("PROVEN  event 2 of p-a leads, unchanged, to the head");

        Files.writeString(proofFile, proof.substring(proof.indexOf('{')).replace("\"title\" : \"Training\"",
                "\"title\" : \"Trainimg\""));
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--check-proof",
                proofFile.toString())).contains("INVALID proof: the chain breaks at event 2");

        // A proof that names an event its chain does not start at proves nothing about that event.
        String valid = proof.substring(proof.indexOf('{'));
        Files.writeString(proofFile, valid.replace("\"event\" : 2", "\"event\" : 0"));
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--check-proof",
                proofFile.toString())).contains("INVALID proof: its chain starts at event 2").doesNotContain("PROVEN");
        var cut = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(valid);
        var chain = (com.fasterxml.jackson.databind.node.ArrayNode) cut.path("chain");
        while (chain.size() > 1) {
            chain.remove(0);
        }
        Files.writeString(proofFile, cut.toString());
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--check-proof",
                proofFile.toString())).as("only the head's own link left").contains("INVALID proof")
                .doesNotContain("PROVEN");
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--prove", "p-a",
                "--file", export.toString(), "--sequence", "9")).as("an event the export does not hold")
                .contains("NOT IN EXPORT event 9 of p-a").doesNotContain("auditPath");
        List<String> notAnExport = separately("--checkpoint", checkpoint.toString(), "--keys", keys.toString(),
                "--prove", "p-a", "--file", export.toString(), "--sequence", "9");
        assertThat(notAnExport.get(0)).as("the proof file").isEmpty();
        assertThat(notAnExport.get(1)).startsWith("NOT IN EXPORT event 9 of p-a");
        assertThat(separately("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--prove", "p-z")
                .subList(0, 2)).containsExactly("", "NOT IN CHECKPOINT p-z\n");
        // Read as Long.parseLong reads it, 12a stopped the run after the checkpoint with "For input string" and +2
        // was taken for 2: a sequence is written as the export writes it.
        for (String sequence : List.of("12a", "+2", "-1", " 2", "99999999999999999999")) {
            List<String> misused = separately("--checkpoint", checkpoint.toString(), "--keys", keys.toString(),
                    "--prove", "p-a", "--file", export.toString(), "--sequence", sequence);
            assertThat(misused.get(1)).as(sequence).startsWith("usage: --sequence takes the sequence of the "
                    + "project's event to prove from, a whole number such as 12, not " + sequence);
            assertThat(misused.get(2)).as(sequence).isEqualTo("2");
            assertThat(misused.get(0)).as(sequence).isEmpty();
        }

        // A member no event has, which no hash covers, is never quoted in a proof (an export with one holds no intact
        // chain), nor taken in one as proven.
        List<Map<String, Object>> added = new ArrayList<>();
        one.forEach(event -> {
            Map<String, Object> more = new java.util.LinkedHashMap<>(event);
            more.put("note", "approved by the board");
            added.add(more);
        });
        Files.writeString(export, lines(added));
        String fromAdded = run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--prove", "p-a",
                "--file", export.toString(), "--sequence", "2");
        assertThat(fromAdded).startsWith("NOT PROVEN event 2 of p-a: the export does not hold its chain, intact, up "
                + "to the signed head 4: BROKEN  p-a at event 0: line 1 has \"note\"").doesNotContain("\"chain\"")
                .doesNotContain("approved by the board");
        Files.writeString(proofFile, valid.replace("\"hash\" :", "\"note\" : \"approved by the board\",\n \"hash\" :"));
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--check-proof",
                proofFile.toString())).contains("INVALID proof: /chain/0 carries note, which no event has and"
                + " no hash covers").doesNotContain("PROVEN");
        // Nor is an event quoted as another project's.
        Files.writeString(proofFile, valid.replace("\"projectId\" : \"p-a\",\n    \"sequence\" : 2",
                "\"projectId\" : \"p-b\",\n    \"sequence\" : 2"));
        assertThat(Files.readString(proofFile)).contains("\"p-b\"");
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--check-proof",
                proofFile.toString())).contains("INVALID proof: /chain/0 names project \"p-b\", not the signed"
                + " head's p-a").doesNotContain("PROVEN");
    }

    /**
     * A proof is written only from an export that holds the project's chain, intact, up to the signed head: one
     * changed on the way, cut before the head, of another project, or not an export at all yields no proof, and
     * says why with exit 1, a finding, not a usage error.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aProofIsWrittenOnlyFromAnExportThatHoldsTheChainUpToTheSignedHead() throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        List<Map<String, Object>> one = chain("p-a", 5);
        Path checkpoint = signed(key, "k1", List.of(head(one, 4), new Head("other", 0, "0".repeat(64))));
        Path keys = keySet(Map.of("k1", key));
        Map<String, String> exports = Map.of(
                "changed", lines(one).replaceFirst("\"title\":\"Training\"", "\"title\":\"Trainimg\""),
                "cut", lines(one.subList(0, 4)),
                "another project", lines(chain("p-b", 5)),
                "not JSON", "{\"projectId\": \"p-a\", \"sequence\": 0, oops}\n");
        // Beyond the head, a break is no finding about the events the proof holds: the project went on since.
        List<Map<String, Object>> longer = chain("p-a", 8);
        String whole = lines(longer);
        ((Map<String, Object>) longer.get(6).get("payload")).put("title", "Trainimg");
        Path beyond = Files.writeString(Files.createTempFile(folder, "export", ".jsonl"), lines(longer));
        assertThat(Files.readString(beyond)).isNotEqualTo(whole);
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--prove", "p-a", "--file",
                beyond.toString(), "--sequence", "1")).contains("auditPath").doesNotContain("NOT PROVEN");
        exports.forEach((kind, text) -> {
            try {
                assertThat(text).as(kind).isNotEqualTo(lines(one));
                Path export = Files.writeString(Files.createTempFile(folder, "export", ".jsonl"), text);
                String[] args = {"--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--prove", "p-a",
                        "--file", export.toString(), "--sequence", "1"};
                assertThat(run(args)).as(kind).doesNotContain("auditPath")
                        .containsAnyOf("NOT PROVEN event 1 of p-a", "WRONG EXPORT");
                assertThat(exit(args)).as(kind).isEqualTo(1);
                // Written > proof.json, the finding landed in the file, unseen, where a proof was expected.
                List<String> apart = separately(args);
                assertThat(apart.get(0)).as(kind + ": the proof file").isEmpty();
                assertThat(apart.get(1)).as(kind).containsAnyOf("NOT PROVEN event 1 of p-a", "WRONG EXPORT");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * A proof reads the export as {@code --file} reads it. Saved with a byte-order mark and CRLF line ends, and with
     * what follows the signed head cut off in the middle of a line, not UTF-8 or no event at all (a download stopped
     * while the project went on, a line added), the export holds the chain intact up to the head: the proof is written
     * from its events up to the head, no line after it, and checks. It failed with {@code error:} (exit 2), reading
     * the file a second time as plain text.
     */
    @Test
    void aProofIsWrittenFromAnExportAsTheFileCheckReadsIt() throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        List<Map<String, Object>> longer = chain("p-a", 8);
        Path checkpoint = signed(key, "k1", List.of(head(longer, 4), new Head("other", 0, "0".repeat(64))));
        Path keys = keySet(Map.of("k1", key));
        byte[] mark = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        String crlf = lines(longer).replace("\n", "\r\n");
        Map<String, byte[]> exports = Map.of(
                "a byte-order mark", concat(mark, lines(longer).getBytes(StandardCharsets.UTF_8)),
                "a mark, CRLF and a last line cut off", concat(mark,
                        crlf.substring(0, crlf.length() - 40).getBytes(StandardCharsets.UTF_8)),
                "a line after the head not UTF-8", concat(lines(longer.subList(0, 6)).getBytes(StandardCharsets.UTF_8),
                        new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}', '\n'}),
                "a line after the head that is no event, naming an event before it", (lines(longer)
                        + "{\"projectId\":\"p-a\",\"sequence\":3}\n").getBytes(StandardCharsets.UTF_8));
        for (var export : exports.entrySet()) {
            Path file = Files.write(Files.createTempFile(folder, "export", ".jsonl"), export.getValue());
            String[] args = {"--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--prove", "p-a",
                    "--file", file.toString(), "--sequence", "2"};
            String proof = run(args);
            assertThat(proof).as(export.getKey()).contains("auditPath").doesNotContain("NOT PROVEN", "error");
            assertThat(exit(args)).as(export.getKey()).isZero();
            assertThat(checkProof(new Proven(checkpoint, keys, proof), proof)).as(export.getKey())
                    .contains("PROVEN  event 2 of p-a leads, unchanged, to the head").endsWith("exit 0");
        }
    }

    /**
     * A proof is read as strictly as an export: with a member named twice, one reader checks the event the proof
     * names and another the one it holds. A proof that is not one as the verifier writes it is invalid (exit 1),
     * never a failure of the verifier.
     */
    @Test
    void aProofWithAMemberNamedTwiceOrOfTheWrongKindIsInvalidNotACrash() throws Exception {
        Proven proven = eventTwoOfPa();
        String proof = proven.proof();
        assertThat(checkProof(proven, proof)).startsWith("CHECKPOINT").contains("PROVEN  event 2 of p-a")
                .endsWith("exit 0");

        Map<String, String> malformed = Map.of(
                "it is not one JSON object (Duplicate field 'event')", proof.replace("\"event\" : 2",
                        "\"event\" : 0, \"event\" : 2"),
                "it is not one JSON object (Duplicate field 'title')", proof.replace("\"title\" : \"Training\"",
                        "\"title\" : \"Forged\", \"title\" : \"Training\""),
                "it is not one JSON object (Trailing token", proof + "{}",
                "/chain/0: sequence is \"2\", not a whole number", proof.replace("\"sequence\" : 2", "\"sequence\" : \"2\""),
                "/head/sequence is \"4\", not a whole number", proof.replaceFirst("\"sequence\" : 4",
                        "\"sequence\" : \"4\""),
                "/chain/0 is 7, not an event", proof.replaceFirst("\"chain\" : \\[ \\{", "\"chain\" : [ 7, {"),
                "/auditPath is missing, not a list", proof.replace("\"auditPath\"", "\"path\""));
        malformed.forEach((why, forged) -> {
            assertThat(forged).as(why).isNotEqualTo(proof);
            assertThat(checkProof(proven, forged)).as(why).contains("INVALID proof: " + why)
                    .doesNotContain("PROVEN").endsWith("exit 1");
        });
    }

    /**
     * Text that is not well-formed Unicode has no canonical form, so no hash, and an audit step that is not 64 hex
     * digits is no hash either: a proof holding one was changed since it was written, and is invalid (exit 1) with
     * what is wrong where, as an export holding one is broken, never a failure of the verifier (exit 2).
     */
    @Test
    void aProofWithTextWithoutACanonicalFormOrAnAuditStepThatIsNoHashIsInvalidNotACrash() throws Exception {
        Proven proven = eventTwoOfPa();
        String proof = proven.proof();
        assertThat(checkProof(proven, proof)).contains("PROVEN  event 2 of p-a").endsWith("exit 0");
        String step = proof.replaceFirst("(?s).*\"auditPath\" : \\[ \"([0-9a-f]{64})\".*", "$1");
        assertThat(step).hasSize(64);

        Map<String, String> forged = Map.of(
                "the chain breaks at event 2: its content has no canonical form", proof.replace(
                        "\"title\" : \"Training\"", "\"title\" : \"Training\\ud800\""),
                "/head has no canonical form", proof.replace("\"projectId\" : \"p-a\",\n    \"sequence\" : 4",
                        "\"projectId\" : \"p-a\\ud800\",\n    \"sequence\" : 4"),
                "/auditPath/0 is \"zz" + step.substring(2) + "\", not 64 hex digits", proof.replace(step,
                        "zz" + step.substring(2)),
                "/auditPath/0 is \"" + step.substring(1) + "\", not 64 hex digits", proof.replace(step,
                        step.substring(1)));
        forged.forEach((why, changed) -> {
            assertThat(changed).as(why).isNotEqualTo(proof);
            assertThat(checkProof(proven, changed)).as(why).contains("INVALID proof: " + why)
                    .doesNotContain("PROVEN", "error:").endsWith("exit 1");
        });
        assertThat(checkProof(proven, proof.replace(step, step.toUpperCase(java.util.Locale.ROOT))))
                .as("the same hash, in capitals").contains("PROVEN  event 2 of p-a").endsWith("exit 0");
    }

    /**
     * A proof saved as the docs say ({@code > proof.json}) on a machine whose locale is not UTF-8 (a minimal container,
     * cron, Windows' code page): written in the platform's charset, Albanian letters in the events it quotes came out
     * as {@code ?} and the genuine proof was INVALID. The verifier writes UTF-8 whatever the platform.
     */
    @Test
    void aProofSavedOnAMachineWhoseLocaleIsNotUtf8StillProvesEventsInAlbanian() throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int sequence = 0; sequence < 3; sequence++) {
            Map<String, Object> payload = new java.util.LinkedHashMap<>();
            payload.put("projectId", "p-komf");
            payload.put("activityId", "t-" + sequence);
            payload.put("title", "Trajnim për mbrojtjen e fëmijëve në Prishtinë");
            payload.put("occurredOn", "2024-03-1" + sequence);
            payload.put("participants", Map.of("total", 10));
            Copies.append(events, "p-komf", "training-delivered", payload);
        }
        Path checkpoint = signed(key, "k1", List.of(head(events, 2)));
        Path keys = keySet(Map.of("k1", key));
        Path export = Files.writeString(Files.createTempFile(folder, "export", ".jsonl"), lines(events),
                StandardCharsets.UTF_8);

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Each name the JDKs since 17 take the console's charset from (stdout.encoding since 19).
        Process prove = new ProcessBuilder(java.toString(), "-Dfile.encoding=US-ASCII",
                "-Dsun.stdout.encoding=US-ASCII", "-Dsun.stderr.encoding=US-ASCII", "-Dstdout.encoding=US-ASCII",
                "-Dstderr.encoding=US-ASCII", "-cp",
                System.getProperty("java.class.path"), VerifyCli.class.getName(), "--checkpoint", checkpoint.toString(),
                "--keys", keys.toString(), "--prove", "p-komf", "--file", export.toString(), "--sequence", "1")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] written = prove.getInputStream().readAllBytes();
        assertThat(prove.waitFor()).isZero();
        Path proofFile = Files.write(Files.createTempFile(folder, "proof", ".json"), written);

        assertThat(new String(written, StandardCharsets.UTF_8)).contains("fëmijëve në Prishtinë");
        assertThat(run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--check-proof",
                proofFile.toString())).contains("PROVEN  event 1 of p-komf");
    }

    /** A checkpoint that signs p-a at event 4, the key set that verifies it, and the proof the verifier writes of event 2. */
    private record Proven(Path checkpoint, Path keys, String proof) {
    }

    private Proven eventTwoOfPa() throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        List<Map<String, Object>> one = chain("p-a", 5);
        Path checkpoint = signed(key, "k1", List.of(head(one, 4), new Head("other", 0, "0".repeat(64))));
        Path keys = keySet(Map.of("k1", key));
        Path export = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(export, lines(one));
        String proof = run("--checkpoint", checkpoint.toString(), "--keys", keys.toString(), "--prove", "p-a",
                "--file", export.toString(), "--sequence", "2");
        return new Proven(checkpoint, keys, proof);
    }

    /** What the verifier says of a proof file, and its exit code. */
    private String checkProof(Proven signed, String proof) {
        try {
            Path file = Files.writeString(Files.createTempFile(folder, "proof", ".json"), proof);
            var out = new ByteArrayOutputStream();
            int exit = VerifyCli.run(new String[]{"--checkpoint", signed.checkpoint().toString(), "--keys",
                    signed.keys().toString(), "--check-proof", file.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            return out.toString(StandardCharsets.UTF_8) + "exit " + exit;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A project whose 2024-Q3 report was approved at event 8 (head 7), then corrected with a reason; the report's
     * figures are worked out by hand here from the events, not by any of Kronika's code.
     */
    /**
     * A report approved, reopened and approved again keeps its first approval; the verifier checks it as it checks
     * the last one: its event and head, its figures replayed to that head, its reopening, and the changes flagged
     * while it stood, neither more nor fewer.
     */
    @SuppressWarnings("unchecked")
    @Test
    void anEarlierApprovalIsCheckedAsTheLastOneIs() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Copies.append(events, "p-r", "period-reopened", map("projectId", "p-r", "periodId", "2024-Q3",
                "reason", "A finding"));
        Copies.append(events, "p-r", "period-submitted", map("projectId", "p-r", "periodId", "2024-Q3",
                "comment", "Again"));
        Copies.append(events, "p-r", "period-approved", map("projectId", "p-r", "periodId", "2024-Q3",
                "start", "2024-07-01", "end", "2024-09-30", "headSequence", 12, "headHash", events.get(12).get("hash"),
                "comment", "Fine again"));
        Map<String, Object> first = approvedReport(approvedHistory());
        Map<String, Object> earlier = map("approval", first.get("approval"), "asApproved", first.get("asApproved"),
                "changes", first.get("changes"), "reopened", map("sequence", 11), "changesComplete", true);
        Map<String, Object> report = map("projectId", "p-r", "periodId", "2024-Q3", "status", "approved",
                "approval", map("sequence", 13, "headSequence", 12, "headHash", events.get(12).get("hash")),
                "asApproved", figures(12, 20, map("female", 9, "male", 6), 15, 20, 28, 70.0),
                "asCorrectedSince", figures(13, 20, map("female", 9, "male", 6), 15, 20, 28, 70.0),
                "changes", List.of(), "earlierApprovals", new ArrayList<>(List.of(earlier)),
                "discussion", List.of(step(events, "submitted", 7, "Done"), step(events, "approved", 8, "OK"),
                        step(events, "reopened", 11, "A finding"), step(events, "submitted", 12, "Again"),
                        step(events, "approved", 13, "Fine again")));

        assertThat(checkReport(report, events)).contains("EARLIER approval by event 8 at head 7, reopened by event "
                + "11: its figures are what events 0..7 give, 1 change flagged while it stood").doesNotContain(
                "MISMATCH").endsWith("exit 0");

        Map<String, Object> altered = Copies.copy(List.of(report)).get(0);
        Map<String, Object> then = ((List<Map<String, Object>>) altered.get("earlierApprovals")).get(0);
        ((Map<String, Object>) ((Map<String, Object>) then.get("asApproved")).get("totals")).put("activities", 7);
        assertThat(checkReport(altered, events)).contains("MISMATCH earlier approval by event 8: totals.activities: "
                + "the report says 7").endsWith("exit 1");
        Map<String, Object> unlisted = Copies.copy(List.of(report)).get(0);
        ((List<Map<String, Object>>) unlisted.get("earlierApprovals")).get(0).put("changes", List.of());
        assertThat(checkReport(unlisted, events)).contains("UNLISTED change: the export flags event 9 while the "
                + "approval by event 8 stood").endsWith("exit 1");
        Map<String, Object> saidCut = Copies.copy(List.of(report)).get(0);
        ((List<Map<String, Object>>) saidCut.get("earlierApprovals")).get(0).putAll(map("changes", List.of(),
                "changesComplete", false));
        assertThat(checkReport(saidCut, events)).as("a list said cut that one read would hold whole")
                .contains("MISMATCH earlier approval by event 8: the report says the changes flagged while it stood "
                        + "are cut, but the export flags 1 in 2024-Q3 before the last approval")
                .contains("UNLISTED change: the export flags event 9 while the approval by event 8 stood")
                .endsWith("exit 1");
        Map<String, Object> dropped = Copies.copy(List.of(report)).get(0);
        dropped.put("earlierApprovals", List.of());
        assertThat(checkReport(dropped, events)).as("an approval its discussion names, not kept")
                .contains("UNLISTED earlier approval: the discussion names the approval by event 8").endsWith("exit 1");
        Map<String, Object> moved = Copies.copy(List.of(report)).get(0);
        ((List<Map<String, Object>>) moved.get("earlierApprovals")).get(0).put("reopened", map("sequence", 12));
        assertThat(checkReport(moved, events)).contains("MISMATCH earlier approval by event 8: the report says event "
                + "12 reopened it").endsWith("exit 1");
    }

    /**
     * A report says whether its list of changes since the approval is whole; one said cut must hold the latest a
     * list may, so that "cut" cannot hide a change a whole list would show.
     */
    @Test
    void aListOfChangesSaidCutMustHoldTheLatestAListMay() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Map<String, Object> whole = approvedReport(events);
        whole.put("changesComplete", true);
        assertThat(checkReport(whole, events)).doesNotContain("MISMATCH").endsWith("exit 0");

        Map<String, Object> cut = approvedReport(events);
        cut.putAll(map("changes", List.of(), "changesComplete", false));
        assertThat(checkReport(cut, events)).contains("MISMATCH changes: the report says its list of changes is cut "
                + "to the latest, yet lists 0; a cut list holds the 1000 latest").endsWith("exit 1");
    }

    /** Who approved and when, as the report names them, are the export's approval event's actor and time. */
    @SuppressWarnings("unchecked")
    @Test
    void theApproverAndTimeAReportNamesAreTheExportsApprovalEvents() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Map<String, Object> approver = (Map<String, Object>) events.get(8).get("actor");
        Map<String, Object> report = approvedReport(events);
        ((Map<String, Object>) report.get("approval")).putAll(map("at", events.get(8).get("recordedAt"),
                "by", new java.util.LinkedHashMap<>(approver)));
        assertThat(checkReport(report, events)).contains("APPROVED p-r 2024-Q3").doesNotContain("MISMATCH")
                .endsWith("exit 0");

        Map<String, Object> renamed = Copies.copy(List.of(report)).get(0);
        ((Map<String, Object>) ((Map<String, Object>) renamed.get("approval")).get("by")).put("subject",
                "officer-deputy");
        assertThat(checkReport(renamed, events)).contains("MISMATCH approval: the report says subject "
                + "officer-deputy, the export's event 8 was recorded by subject " + approver.get("subject"))
                .endsWith("exit 1");
        Map<String, Object> backdated = Copies.copy(List.of(report)).get(0);
        ((Map<String, Object>) backdated.get("approval")).put("at", "2026-10-15T09:00:00Z");
        assertThat(checkReport(backdated, events)).contains("MISMATCH approval: the report says it was approved at "
                + "2026-10-15T09:00:00Z").endsWith("exit 1");
        Map<String, Object> partners = Copies.copy(List.of(report)).get(0);
        ((Map<String, Object>) partners.get("approval")).put("by", null);
        assertThat(checkReport(partners, events)).as("served to a partner, it names no one").endsWith("exit 0");
    }

    /**
     * The approval a report rests on was recorded by an officer, as the command side takes approvals from officers
     * only: figures approved by another role were certified by no one who may, however they add up.
     */
    @SuppressWarnings("unchecked")
    @Test
    void aReportWhoseApprovalWasRecordedByAnotherRoleThanAnOfficersFails() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        List<Map<String, Object>> byRecorder = Copies.copy(events.subList(0, 8));
        for (Map<String, Object> event : events.subList(8, events.size())) {
            Copies.append(byRecorder, "p-r", PeriodFold.typeName((String) event.get("type")),
                    (Map<String, Object>) event.get("payload"), event.get("sequence").equals(8) ? Copies.RECORDER
                            : (Map<String, Object>) event.get("actor"));
        }

        assertThat(checkReport(approvedReport(byRecorder), byRecorder)).contains("AS APPROVED OK")
                .contains("UNAUTHORISED p-r: event 8 approves a period's report, recorded by the role recorder "
                        + "(recorder-kec); an approval is recorded by the role officer")
                .contains("FAILED  p-r 2024-Q3").endsWith("exit 1");
        assertThat(checkReport(approvedReport(events), events)).doesNotContain("UNAUTHORISED").endsWith("exit 0");
    }

    /**
     * What a saved report says was said about its figures (each submission, return, approval and reopening, with its
     * comment, by whom and when) is the export's: a step reworded, renamed, turned into another, left out, or a
     * discussion dropped whole fails the report.
     */
    @SuppressWarnings("unchecked")
    @Test
    void theDiscussionAReportNamesIsTheExportsStepByStep() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Map<String, Object> report = approvedReport(events);
        List<Map<String, Object>> steps = (List<Map<String, Object>>) report.get("discussion");
        for (Map<String, Object> step : steps) {
            Map<String, Object> event = events.get(((Number) step.get("sequence")).intValue());
            step.putAll(map("at", event.get("recordedAt"), "by", new LinkedHashMap<>((Map<String, Object>)
                    event.get("actor"))));
        }
        assertThat(checkReport(report, events)).contains("DISCUSSION OK: 2 steps, each the export's event with what "
                + "it said, by whom and when").doesNotContain("MISMATCH").endsWith("exit 0");

        Map<String, Object> reworded = Copies.copy(List.of(report)).get(0);
        ((List<Map<String, Object>>) reworded.get("discussion")).get(0).put("comment", "Done, every sheet checked");
        assertThat(checkReport(reworded, events)).contains("MISMATCH discussion: the report says event 7 submitted "
                + "2024-Q3 saying \"Done, every sheet checked\"; the export holds period-submitted").endsWith("exit 1");
        Map<String, Object> returned = Copies.copy(List.of(report)).get(0);
        ((List<Map<String, Object>>) returned.get("discussion")).get(0).put("kind", "returned");
        assertThat(checkReport(returned, events)).contains("MISMATCH discussion: the report says event 7 returned")
                .endsWith("exit 1");
        Map<String, Object> renamed = Copies.copy(List.of(report)).get(0);
        ((Map<String, Object>) ((List<Map<String, Object>>) renamed.get("discussion")).get(0).get("by"))
                .put("subject", "someone-else");
        assertThat(checkReport(renamed, events)).contains("MISMATCH discussion step 7: the report says subject "
                + "someone-else").endsWith("exit 1");
        Map<String, Object> backdated = Copies.copy(List.of(report)).get(0);
        ((List<Map<String, Object>>) backdated.get("discussion")).get(0).put("at", "2024-01-01T00:00:00Z");
        assertThat(checkReport(backdated, events)).contains("MISMATCH discussion step 7: the report says it was "
                + "submitted at 2024-01-01T00:00:00Z").endsWith("exit 1");
        Map<String, Object> leftOut = Copies.copy(List.of(report)).get(0);
        ((List<Map<String, Object>>) leftOut.get("discussion")).remove(0);
        assertThat(checkReport(leftOut, events)).contains("UNLISTED step: the export's event 7 is period-submitted "
                + "of 2024-Q3, which the report, of event 10, does not list in its discussion").endsWith("exit 1");
        Map<String, Object> dropped = Copies.copy(List.of(report)).get(0);
        dropped.remove("discussion");
        assertThat(checkReport(dropped, events)).contains("MISMATCH discussion: the report has none").endsWith("exit 1");
        Map<String, Object> repeated = Copies.copy(List.of(report)).get(0);
        List<Map<String, Object>> twice = (List<Map<String, Object>>) repeated.get("discussion");
        twice.set(0, twice.get(1));
        assertThat(checkReport(repeated, events)).contains("MISMATCH discussion: the report lists event(s) [8] more "
                + "than once").endsWith("exit 1");
        Map<String, Object> untimed = Copies.copy(List.of(report)).get(0);
        ((List<Map<String, Object>>) untimed.get("discussion")).get(0).remove("at");
        assertThat(checkReport(untimed, events)).contains("MISMATCH discussion step 7: the report gives no time for it")
                .endsWith("exit 1");
        Map<String, Object> unnamed = Copies.copy(List.of(report)).get(0);
        ((List<Map<String, Object>>) unnamed.get("discussion")).get(0).remove("by");
        assertThat(checkReport(unnamed, events)).contains("MISMATCH discussion: the report names who took 1 of its 2 "
                + "steps").endsWith("exit 1");
    }

    /**
     * What a report lists is held to the event it is of: a version said lower than its figures', or none at all,
     * excuses nothing, and a change listed twice cannot stand in for one left out.
     */
    @Test
    void aReportsVersionCannotBeLoweredToExcuseWhatItLeavesOut() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Map<String, Object> lowered = approvedReport(events);
        lowered.put("version", 9);
        assertThat(checkReport(lowered, events)).contains("MISMATCH version: the report says it is of event 9, its "
                + "figures as corrected since of event 10").endsWith("exit 1");
        Map<String, Object> noVersion = approvedReport(events);
        noVersion.remove("asCorrectedSince");
        noVersion.put("changes", List.of());
        assertThat(checkReport(noVersion, events)).as("of no event said: of the export's last")
                .contains("UNLISTED change: the export flags event 9").endsWith("exit 1");
        Map<String, Object> twice = approvedReport(events);
        List<Object> changes = new ArrayList<>((List<Object>) twice.get("changes"));
        changes.add(changes.get(0));
        twice.put("changes", changes);
        assertThat(checkReport(twice, events)).contains("MISMATCH changes: the report lists event(s) [9] more than "
                + "once").endsWith("exit 1");
    }

    /**
     * A closed project's export holds two event types the checks before them did not know: its chain, and a report
     * of one of its periods, check as they did, and the export's check says when it was closed. That report was
     * changed after its approval and not approved again, so a closure naming it makes final figures no officer
     * approved: the report checks, the closure does not.
     */
    @Test
    void aClosedProjectsExportAndReportCheckAsBeforeAndSayWhenItWasClosed() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Copies.append(events, "p-r", "project-closed", map("projectId", "p-r", "endDate", "2025-12-31",
                "periodIds", List.of("2024-Q3"), "comment", null), Copies.OFFICER);

        assertThat(checkReport(approvedReport(events), events)).contains("OK      p-r: 12 events")
                .contains("AS APPROVED OK", "AS CORRECTED SINCE OK", "DISCUSSION OK").doesNotContain("MISMATCH")
                .endsWith("exit 0");
        assertThat(verifyFile(events)).startsWith("OK      p-r: 12 events").contains("CLOSED  p-r by event 11 at "
                + events.get(11).get("recordedAt") + " (officer-director, officer); it ended 2025-12-31, final reports "
                + "2024-Q3; the last event of its history: nothing was recorded after it").contains("UNAPPROVED p-r: "
                + "the closure by event 11 names 2024-Q3 among its final reports, whose report was approved by event 8, "
                + "but changed by event 9 since (flagged by event 10) then").contains("FAILED  p-r");
    }

    /**
     * On the topic the programme's calendar is at hand, so a closure is held to every period of the project, one
     * never reported on too, whether every project is checked or one; a period defined after the closure was none
     * of its periods.
     */
    @Test
    void onTheTopicAClosureIsHeldToEveryPeriodOfTheProgrammesCalendar() throws Exception {
        List<Map<String, Object>> project = ClosureCheckTest.closedHistory();
        List<Map<String, Object>> halfYear = halfYearCalendar();
        createTopic("closure-calendar");
        publish("closure-calendar", halfYear);
        publish("closure-calendar", project);

        String unlisted = "UNLISTED p-c: the closure by event 7 leaves out 2024-H2 (2024-07-01 to 2024-12-31), a "
                + "period the project reports on, whose report was never submitted";
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", "closure-calendar"))
                .contains("OK      p-c: 8 events", "OK      programme:test: 4 events", unlisted)
                .doesNotContain("2025-Q1", "NOTE");
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", "closure-calendar", "--project", "p-c"))
                .startsWith("OK      p-c: 8 events").contains(unlisted).doesNotContain("programme:test");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", "closure-calendar", "--project", "p-c"))
                .isEqualTo(1);
        // Defined at 10:02, five minutes before the closure: within the grace where the instances' clocks may
        // differ by as much, with or without a checkpoint.
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", "closure-calendar", "--project", "p-c",
                "--clock-skew", "PT5M")).contains("NOTE    p-c: the closure by event 7 leaves out 2024-H2 (2024-07-01 "
                + "to 2024-12-31), a period the project reports on, never reported on, defined at "
                + halfYear.get(2).get("recordedAt") + ", within PT6M before the closure")
                .doesNotContain("UNLISTED", "usage");

        // Defined at 10:12, after the closure at 10:07.
        List<Map<String, Object>> later = new ArrayList<>();
        for (int year = 2022; year <= 2024; year++) {
            for (int quarter = 1; quarter <= 4; quarter++) {
                java.time.LocalDate start = java.time.LocalDate.of(year, quarter * 3 - 2, 1);
                defined(later, year + "-Q" + quarter, "quarters", start.toString(),
                        start.plusMonths(3).minusDays(1).toString());
            }
        }
        defined(later, "2024-H2", "halves", "2024-07-01", "2024-12-31");
        createTopic("closure-calendar-later");
        publish("closure-calendar-later", later);
        publish("closure-calendar-later", project);
        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", "closure-calendar-later", "--project", "p-c"))
                .contains("CLOSED  p-c by event 7").doesNotContain("UNLISTED", "NOTE");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", "closure-calendar-later", "--project", "p-c"))
                .isZero();
    }

    /**
     * The programme's stream is held to the roles that record it as a project's is: only an administrator defines a
     * reporting period (the programme file's quarters too, defined at startup in the administrator's name).
     */
    @Test
    void onTheTopicTheProgrammesCalendarIsHeldToTheRoleThatDefinesItsPeriods() throws Exception {
        List<Map<String, Object>> calendar = new ArrayList<>();
        Copies.append(calendar, "programme:test", "reporting-period-defined", period("2024-Q3", "quarters",
                "2024-07-01", "2024-09-30"), Map.of("subject", "kronika:programme-file", "role", "admin"));
        Copies.append(calendar, "programme:test", "reporting-period-defined", period("2024-Q4", "quarters",
                "2024-10-01", "2024-12-31"), Copies.OFFICER);
        createTopic("calendar-roles");
        publish("calendar-roles", calendar);

        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", "calendar-roles"))
                .contains("OK      programme:test: 2 events")
                .contains("UNAUTHORISED programme:test: event 1 defines a reporting period, recorded by the role "
                        + "officer (officer-director); a reporting period's definition is recorded by the role admin")
                .doesNotContain("event 0 defines").contains("FAILED  programme:test");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", "calendar-roles")).isEqualTo(1);
    }

    /** On the topic each project's recorders are held to the organisation its own stream registers it for. */
    @Test
    void onTheTopicEachProjectsRecordersAreHeldToTheOrganisationItIsRegisteredFor() throws Exception {
        List<Map<String, Object>> ofKec = new ArrayList<>();
        Copies.append(ofKec, "p-kec", "project-registered", map("projectId", "p-kec", "organisationId", "kec"));
        Copies.append(ofKec, "p-kec", "training-delivered", map("projectId", "p-kec", "activityId", "t-1",
                "title", "Training", "occurredOn", "2024-08-10", "participants", map("total", 10)));
        List<Map<String, Object>> ofKomf = new ArrayList<>();
        Copies.append(ofKomf, "p-komf", "project-registered", map("projectId", "p-komf", "organisationId", "komf"));
        Copies.append(ofKomf, "p-komf", "training-delivered", map("projectId", "p-komf", "activityId", "t-1",
                "title", "Training", "occurredOn", "2024-08-10", "participants", map("total", 10)));
        createTopic("organisations");
        publish("organisations", ofKec);
        publish("organisations", ofKomf);

        assertThat(run("--kafka", kafka.bootstrapServers(), "--topic", "organisations"))
                .contains("OK      p-kec: 2 events").doesNotContain("FAILED  p-kec")
                .contains("OK      p-komf: 2 events")
                .contains("UNAUTHORISED p-komf: event 1 records an activity (training-delivered), recorded by the "
                        + "role recorder (recorder-kec) of the organisation kec; the project is registered for the "
                        + "organisation komf (event 0), and the role recorder records only for projects of its own "
                        + "organisation")
                .contains("FAILED  p-komf");
        assertThat(exit("--kafka", kafka.bootstrapServers(), "--topic", "organisations")).isEqualTo(1);
    }

    /**
     * Against a checkpoint, the calendar a project's closures are held to is held to it as well, with --project as
     * without: cut behind the checkpoint, its chain whole, it passed a closure that leaves out the period cut away.
     */
    @Test
    void withOneProjectAndACheckpointTheCalendarItsClosuresAreHeldToIsHeldToTheCheckpointToo() throws Exception {
        List<Map<String, Object>> project = ClosureCheckTest.closedHistory();
        List<Map<String, Object>> halfYear = halfYearCalendar();
        KeyPair key = SignedCheckpoints.newKey();
        String[] againstCheckpoint = {"--project", "p-c", "--checkpoint", signed(key, "k1",
                List.of(head(project, 7), head(halfYear, 3))).toString(), "--keys", keySet(Map.of("k1", key)).toString()};
        createTopic("closure-calendar-cut");
        publish("closure-calendar-cut", halfYear.subList(0, 2));
        publish("closure-calendar-cut", project);

        String[] cut = with(againstCheckpoint, "--kafka", kafka.bootstrapServers(), "--topic", "closure-calendar-cut");
        assertThat(run(cut)).contains("OK      p-c: 8 events", "CUT     programme:test: the checkpoint signed event 3")
                .doesNotContain("UNLISTED");
        assertThat(exit(cut)).isEqualTo(1);

        createTopic("closure-calendar-gone");
        publish("closure-calendar-gone", project);
        String[] gone = with(againstCheckpoint, "--kafka", kafka.bootstrapServers(), "--topic", "closure-calendar-gone");
        assertThat(run(gone)).contains("MISSING programme:test: the checkpoint signed its event 3");
        assertThat(exit(gone)).isEqualTo(1);
    }

    /** A programme's calendar of quarters and a half year (2024-H2), 2024-Q3 to 2025-Q1, defined in that order. */
    private static List<Map<String, Object>> halfYearCalendar() {
        List<Map<String, Object>> halfYear = new ArrayList<>();
        defined(halfYear, "2024-Q3", "quarters", "2024-07-01", "2024-09-30");
        defined(halfYear, "2024-Q4", "quarters", "2024-10-01", "2024-12-31");
        defined(halfYear, "2024-H2", "halves", "2024-07-01", "2024-12-31");
        defined(halfYear, "2025-Q1", "quarters", "2025-01-01", "2025-03-31");
        return halfYear;
    }

    private static void defined(List<Map<String, Object>> calendar, String periodId, String kind, String start,
                                String end) {
        Copies.append(calendar, "programme:test", "reporting-period-defined", period(periodId, kind, start, end));
    }

    private static Map<String, Object> period(String periodId, String kind, String start, String end) {
        return map("programmeId", "test", "periodId", periodId, "calendar", kind, "name", periodId, "start", start,
                "end", end, "dueDate", end);
    }

    private static List<Map<String, Object>> approvedHistory() {
        String p = "p-r";
        List<Map<String, Object>> events = new ArrayList<>();
        Copies.append(events, p, "project-registered", map("projectId", p, "organisationId", "kec", "title", "Clubs",
                "municipalities", List.of("Prizren"), "startDate", "2024-01-01", "endDate", "2025-12-31"));
        Copies.append(events, p, "indicator-defined", map("projectId", p, "indicatorId", "people", "name", "People trained",
                "unit", "count", "counts", "participants", "aggregation", "sum", "baseline", 0, "target", 100,
                "periodTargets", List.of(map("periodId", "2024-Q3", "target", 40)), "dimensions", List.of("sex")));
        Copies.append(events, p, "indicator-defined", map("projectId", p, "indicatorId", "score", "name", "Media score",
                "unit", "score", "counts", "measured", "aggregation", "latest", "baseline", 2, "target", 10,
                "periodTargets", List.of(), "dimensions", List.of()));
        Copies.append(events, p, "training-delivered", training("t-1", "2024-07-10", "Prizren", 12, 7, 5));
        Copies.append(events, p, "meeting-held", map("projectId", p, "activityId", "m-1", "title", "Hearing",
                "occurredOn", "2024-08-02", "participants", map("total", 5), "indicatorIds", List.of("people")));
        Copies.append(events, p, "training-delivered", training("t-0", "2024-06-20", "Prizren", 8, 4, 4));
        Copies.append(events, p, "indicator-measured", map("projectId", p, "indicatorId", "score", "measurementId",
                "s-1", "measuredOn", "2024-09-30", "value", 6.5));
        Copies.append(events, p, "period-submitted", map("projectId", p, "periodId", "2024-Q3", "comment", "Done"));
        Copies.append(events, p, "period-approved", map("projectId", p, "periodId", "2024-Q3", "start", "2024-07-01",
                "end", "2024-09-30", "headSequence", 7, "headHash", events.get(7).get("hash"), "comment", "OK"));
        Copies.append(events, p, "activity-corrected", map("projectId", p, "activityId", "t-1", "activityType",
                "training-delivered", "corrected", training("t-1", "2024-07-10", "Prizren", 15, 9, 6),
                "reason", "Three names were on a second sheet"));
        Copies.append(events, p, "approved-period-changed", map("projectId", p, "periodIds", List.of("2024-Q3"),
                "changeSequence", 9, "changeType", "activity-corrected", "itemId", "t-1",
                "reason", "Three names were on a second sheet"));
        return events;
    }

    private static Map<String, Object> training(String id, String on, String place, int total, int female, int male) {
        return map("projectId", "p-r", "activityId", id, "title", "Training", "occurredOn", on, "municipality", place,
                "participants", map("total", total, "bySex", map("female", female, "male", male)),
                "indicatorIds", List.of("people"));
    }

    /** The report as the query service serves it, with the figures worked out by hand. */
    private Map<String, Object> approvedReport(List<Map<String, Object>> events) {
        return map("projectId", "p-r", "periodId", "2024-Q3", "status", "approved",
                "approval", map("sequence", 8, "headSequence", 7, "headHash", events.get(7).get("hash")),
                "asApproved", figures(7, 17, map("female", 7, "male", 5), 12, 17, 25, 62.5),
                "asCorrectedSince", figures(10, 20, map("female", 9, "male", 6), 15, 20, 28, 70.0),
                "changes", List.of(map("sequence", 10, "kind", "activity-corrected", "itemId", "t-1",
                        "changeSequence", 9, "reason", "Three names were on a second sheet")),
                "discussion", new ArrayList<>(List.of(step(events, "submitted", 7, "Done"),
                        step(events, "approved", 8, "OK"))));
    }

    /** A step of a report's discussion as a partner is served it: what, when, no one named. */
    private static Map<String, Object> step(List<Map<String, Object>> events, String kind, int sequence,
                                            String comment) {
        return map("kind", kind, "sequence", sequence, "comment", comment, "at",
                events.get(sequence).get("recordedAt"));
    }

    private static Map<String, Object> figures(long version, long people, Map<String, Object> bySex, long trained,
                                               double achieved, double cumulative, double percent) {
        Map<String, Object> figures = map("periodId", "2024-Q3", "start", "2024-07-01", "end", "2024-09-30",
                "version", version,
                "totals", map("activities", 2, "participants", map("total", people, "bySex", bySex, "byAgeBand", map(),
                        "byCommunity", map()), "byType", map("meeting-held", map("activities", 1, "participants", 5),
                        "training-delivered", map("activities", 1, "participants", trained))),
                "byMunicipality", List.of(map("municipality", "(none)", "activities", 1, "participants", 5),
                        map("municipality", "Prizren", "activities", 1, "participants", trained)));
        Map<String, Object> score = map("indicatorId", "score", "name", "Media score", "unit", "score",
                "aggregation", "latest", "target", 10.0, "achieved", 6.5, "nothingMeasured", false, "cumulative", 6.5,
                "nothingMeasuredByEnd",
                false, "percentOfTarget", 65.0,
                "byMunicipality", map("(none)", 6.5), "bySex", map(), "byAgeBand", map(), "byCommunity", map());
        score.put("periodTarget", null);
        figures.put("indicators", List.of(map("indicatorId", "people", "name", "People trained", "unit", "count",
                "aggregation", "sum", "target", 100.0, "periodTarget", 40.0, "achieved", achieved,
                "nothingMeasured", false, "cumulative", cumulative, "nothingMeasuredByEnd", false, "percentOfTarget", percent,
                "byMunicipality", map("(none)", 5.0, "Prizren", (double) trained), "bySex", bySex, "byAgeBand", map(),
                "byCommunity", map()), score));
        return figures;
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void anApprovedReportIsRecomputedFromTheExportFigureByFigureWithWhatChangedSince() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        KeyPair key = SignedCheckpoints.newKey();
        Path checkpoint = signed(key, "k1", List.of(head(events, 10)));
        Path keys = keySet(Map.of("k1", key));
        String out = checkReport(approvedReport(events), events, "--checkpoint", checkpoint.toString(), "--keys",
                keys.toString());
        assertThat(out).contains("OK      p-r: 11 events").contains("reaches the checkpoint's event 10 unchanged")
                .contains("APPROVED p-r 2024-Q3 (2024-07-01 to 2024-09-30) by event 8, at head 7")
                .contains("FIGURE  totals.participants.total = 17", "FIGURE  totals.participants.bySex.female = 7",
                        "FIGURE  byMunicipality.Prizren.participants = 12", "FIGURE  indicators.people.achieved = 17",
                        "FIGURE  indicators.people.cumulative = 25", "FIGURE  indicators.people.percentOfTarget = 62.5",
                        "FIGURE  indicators.score.achieved = 6.5", "FIGURE  indicators.score.periodTarget = (none)",
                        "FIGURE  indicators.people.byMunicipality.Prizren = 12", "FIGURE  indicators.people.bySex.male = 5")
                .contains("AS APPROVED OK")
                .contains("CHANGED SINCE APPROVAL: 1 change")
                .contains("SINCE   event 9 activity-corrected t-1, flagged by event 10: Three names were on a second sheet")
                .contains("NOW     indicators.people.achieved = 20 (approved: 17)")
                .contains("NOW     indicators.score.achieved = 6.5\n".translateEscapes())
                .contains("AS CORRECTED SINCE OK")
                .doesNotContain("MISMATCH").endsWith("exit 0");
        assertThat(out.lines().filter(l -> l.startsWith("FIGURE")).count()).as("every figure of the report")
                .isEqualTo(ReportCheck.flatten(json.valueToTree(approvedReport(events).get("asApproved"))).size());
        assertThat(out.lines().filter(l -> l.startsWith("NOW") && l.contains("(approved:")).toList())
                .as("only what the correction changed differs from the approved figures").hasSize(11);
    }

    /**
     * The approved 6.5 of the media score corrected to 3 after approval, with a reason: the report's figures as
     * corrected since are what the export gives with the measurement as corrected, and the correction is a change of
     * the period that must be flagged; a retraction takes the measurement out of the figures altogether.
     */
    @SuppressWarnings("unchecked")
    @Test
    void aMeasurementCorrectedOrRetractedAfterApprovalCountsAsCorrectedOrNoMoreInTheReport() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Copies.append(events, "p-r", "measurement-corrected", map("projectId", "p-r", "indicatorId", "score",
                "measurementId", "s-1", "measuredOn", "2024-09-30", "value", 3.0, "municipality", null,
                "breakdown", map(), "source", null, "reason", "The scale was read upside down"));
        Copies.append(events, "p-r", "approved-period-changed", map("projectId", "p-r", "periodIds",
                List.of("2024-Q3"), "changeSequence", 11, "changeType", "measurement-corrected", "itemId", "s-1",
                "reason", "The scale was read upside down"));
        Map<String, Object> report = approvedReport(events);
        Map<String, Object> corrected = (Map<String, Object>) report.get("asCorrectedSince");
        corrected.put("version", 12);
        Map<String, Object> score = ((List<Map<String, Object>>) corrected.get("indicators")).get(1);
        score.putAll(map("achieved", 3.0, "cumulative", 3.0, "percentOfTarget", 30.0, "byMunicipality",
                map("(none)", 3.0)));
        List<Object> changes = new ArrayList<>((List<Object>) report.get("changes"));
        changes.add(map("sequence", 12, "kind", "measurement-corrected", "itemId", "s-1", "changeSequence", 11,
                "reason", "The scale was read upside down"));
        report.put("changes", changes);

        assertThat(checkReport(report, events)).contains("AS APPROVED OK")
                .contains("SINCE   event 11 measurement-corrected s-1, flagged by event 12")
                .contains("NOW     indicators.score.achieved = 3 (approved: 6.5)")
                .contains("AS CORRECTED SINCE OK").doesNotContain("MISMATCH").endsWith("exit 0");
        assertThat(checkReport(report, Copies.copy(events.subList(0, 12)))).as("the correction without its flag")
                .contains("UNFLAGGED event 11 changed 2024-Q3 after its approval").endsWith("exit 1");
        // A change left out of the report's list, which the export flags by the version the report is of.
        Map<String, Object> shortened = approvedReport(events);
        ((Map<String, Object>) shortened.get("asCorrectedSince")).put("version", 12);
        ((Map<String, Object>) shortened.get("asCorrectedSince")).put("indicators",
                ((Map<String, Object>) report.get("asCorrectedSince")).get("indicators"));
        assertThat(checkReport(shortened, events)).contains("UNLISTED change: the export flags event 11 (The scale "
                + "was read upside down) by event 12, which the report, of event 12, does not list").endsWith("exit 1");

        List<Map<String, Object>> retracted = Copies.copy(events.subList(0, 11));
        Copies.append(retracted, "p-r", "measurement-retracted", map("projectId", "p-r", "indicatorId", "score",
                "measurementId", "s-1", "reason", "Measured in another project"));
        Copies.append(retracted, "p-r", "approved-period-changed", map("projectId", "p-r", "periodIds",
                List.of("2024-Q3"), "changeSequence", 11, "changeType", "measurement-retracted", "itemId", "s-1",
                "reason", "Measured in another project"));
        assertThat(checkReport(report, retracted)).as("retracted, the score counts nothing")
                .contains("NOW     indicators.score.achieved = 0 (approved: 6.5)")
                .contains("NOW     indicators.score.byMunicipality.(none) = (absent) (approved: 6.5)");
    }

    /**
     * The June training t-0, before the approved 2024-Q3, counts in its cumulative figures by its end: retracted after
     * the approval and flagged in 2024-Q3, it is listed as any change since. Without the flag (a history recorded
     * before the command side flagged such changes) it is noted, not failed; a change dated after the quarter is
     * neither.
     */
    @Test
    void aChangeDatedBeforeThePeriodIsListedWhenFlaggedAndNotedWithoutFailingWhenNot() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Copies.append(events, "p-r", "activity-retracted", map("projectId", "p-r", "activityId", "t-0",
                "reason", "Recorded in another project"));
        Copies.append(events, "p-r", "approved-period-changed", map("projectId", "p-r", "periodIds",
                List.of("2024-Q2", "2024-Q3"), "changeSequence", 11, "changeType", "activity-retracted", "itemId", "t-0",
                "reason", "Recorded in another project"));
        Map<String, Object> report = approvedReport(events);
        assertThat(checkReport(report, events)).contains("CHANGED SINCE APPROVAL: 2 changes")
                .contains("SINCE   event 11 activity-retracted t-0, flagged by event 12: Recorded in another project")
                .contains("NOW     indicators.people.cumulative = 20 (approved: 25)")
                .doesNotContain("CUMULATIVE", "UNFLAGGED", "MISMATCH").endsWith("exit 0");

        List<Map<String, Object>> unflagged = Copies.copy(events.subList(0, 12));
        Copies.append(unflagged, "p-r", "training-delivered", training("t-9", "2024-10-05", "Prizren", 4, 2, 2));
        assertThat(checkReport(report, unflagged)).as("recorded before such changes were flagged")
                .contains("CHANGED SINCE APPROVAL: 1 change")
                .contains("CUMULATIVE event 11 changed 2024-Q3's figures by its end (dated before it) with no "
                        + "approved-period-changed: recorded before such changes were flagged, or altered")
                .doesNotContain("UNFLAGGED", "event 12").contains("OK      p-r 2024-Q3").endsWith("exit 0");

        // Once the history flags changes dated before a period (event 12 names 2024-Q3 for a June retraction), a later
        // one with no flag for it had its flag taken away or narrowed.
        List<Map<String, Object>> later = Copies.copy(events);
        Copies.append(later, "p-r", "training-delivered", training("t-8", "2024-06-25", "Prizren", 4, 2, 2));
        assertThat(checkReport(report, later)).contains("UNFLAGGED event 13 changed 2024-Q3's figures by its end with no "
                + "approved-period-changed for it, though this history flags such changes since event 12")
                .doesNotContain("CUMULATIVE").endsWith("exit 1");

        // Dated in 2024-Q2, approved by then, the retraction needed a flag under either rule: with none for any
        // period, one was taken away, and the report of 2024-Q3 is no more to be trusted than Q2's.
        List<Map<String, Object>> taken = Copies.copy(events.subList(0, 11));
        Copies.append(taken, "p-r", "period-submitted", map("projectId", "p-r", "periodId", "2024-Q2", "comment", "Late"));
        Copies.append(taken, "p-r", "period-approved", map("projectId", "p-r", "periodId", "2024-Q2", "start",
                "2024-04-01", "end", "2024-06-30", "headSequence", 11, "headHash", taken.get(11).get("hash"),
                "comment", "OK"));
        Copies.append(taken, "p-r", "activity-retracted", map("projectId", "p-r", "activityId", "t-0",
                "reason", "Recorded in another project"));
        assertThat(checkReport(report, taken)).contains("UNFLAGGED event 13 changed 2024-Q3's figures by its end, "
                + "dated in a period approved then, with no approved-period-changed for any period")
                .doesNotContain("CUMULATIVE").endsWith("exit 1");
    }

    @SuppressWarnings("unchecked")
    @Test
    void aFigureAlteredInTheReportOrAHeadHashThatDiffersIsAMismatch() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Map<String, Object> report = approvedReport(events);
        var people = ((List<Map<String, Object>>) ((Map<String, Object>) report.get("asApproved")).get("indicators")).get(0);
        people.put("achieved", 18.0);
        assertThat(checkReport(report, events)).contains("FIGURE  indicators.people.cumulative = 25")
                .contains("MISMATCH indicators.people.achieved: the report says 18, events 0..7 give 17")
                .contains("FAILED  p-r 2024-Q3: 1 of the approved figures is not").endsWith("exit 1");

        Map<String, Object> otherHead = approvedReport(events);
        ((Map<String, Object>) otherHead.get("approval")).put("headHash", events.get(6).get("hash"));
        assertThat(checkReport(otherHead, events)).contains("MISMATCH approval").doesNotContain("FIGURE")
                .contains("FAILED  p-r 2024-Q3: the export holds no such approval")
                .endsWith("exit 1");

        Map<String, Object> moreChildren = approvedReport(events);
        ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) moreChildren.get("asApproved"))
                .get("totals")).get("participants")).put("byAgeBand", map("10-14", 3));
        assertThat(checkReport(moreChildren, events))
                .contains("MISMATCH totals.participants.byAgeBand.10-14: the report says 3, events 0..7 give (absent)")
                .endsWith("exit 1");

        // A reader shown an indicator twice might read either line: the second copy is not "the same figure".
        Map<String, Object> twice = approvedReport(events);
        var indicators = (List<Map<String, Object>>) ((Map<String, Object>) twice.get("asApproved")).get("indicators");
        Map<String, Object> forged = new LinkedHashMap<>(indicators.get(0));
        forged.put("achieved", 999.0);
        ((Map<String, Object>) twice.get("asApproved")).put("indicators",
                List.of(forged, indicators.get(0), indicators.get(1)));
        assertThat(checkReport(twice, events)).contains("MISMATCH the figure indicators.people.name appears more than once")
                .doesNotContain("AS APPROVED OK").endsWith("exit 1");
        Path memberTwice = Files.createTempFile(folder, "report", ".json");
        Files.writeString(memberTwice, json.writeValueAsString(approvedReport(events))
                .replaceFirst("\"achieved\":17\\.0", "\"achieved\":999,\"achieved\":17.0"));
        Path export = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(export, lines(events));
        assertThat(Files.readString(memberTwice)).contains("\"achieved\":999,\"achieved\":17.0");
        assertThat(run("--report", memberTwice.toString(), "--file", export.toString()))
                .contains("MISMATCH the report names a member twice");

        // Figures of another period, or of another moment, are not this approval's, however well they add up.
        Map<String, Object> otherPeriod = approvedReport(events);
        Map<String, Object> q2 = new LinkedHashMap<>((Map<String, Object>) otherPeriod.get("asCorrectedSince"));
        q2.putAll(map("periodId", "2024-Q2", "start", "2024-04-01", "end", "2024-06-30"));
        otherPeriod.put("asCorrectedSince", q2);
        assertThat(checkReport(otherPeriod, events)).contains("MISMATCH asCorrectedSince: period \"2024-Q2\", not 2024-Q3")
                .contains("MISMATCH asCorrectedSince: start \"2024-04-01\", not 2024-07-01")
                .doesNotContain("AS CORRECTED SINCE OK").endsWith("exit 1");
        Map<String, Object> laterApproved = approvedReport(events);
        ((Map<String, Object>) laterApproved.get("asApproved")).put("version", 10);
        assertThat(checkReport(laterApproved, events)).contains("MISMATCH asApproved: version 10, not the approved head 7")
                .endsWith("exit 1");
        Map<String, Object> otherDays = approvedReport(events);
        otherDays.put("end", "2024-12-31");
        assertThat(checkReport(otherDays, events)).contains("MISMATCH report: end \"2024-12-31\", not 2024-09-30")
                .endsWith("exit 1");
    }

    /**
     * A report saved before Kronika said whether anything counted by the period's end holds no
     * {@code nothingMeasuredByEnd}, and one saved before it said whether anything counted in the period no
     * {@code nothingMeasured}: noted, not failed, their figures checked as ever; one that says either wrongly is a
     * mismatch.
     */
    @SuppressWarnings("unchecked")
    @Test
    void aReportSavedBeforeItSaidWhetherAnythingCountedByThePeriodsEndVerifiesButAWrongSayingIsAMismatch()
            throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        for (String flag : List.of("nothingMeasuredByEnd", "nothingMeasured")) {
            Map<String, Object> saved = approvedReport(events);
            for (String side : List.of("asApproved", "asCorrectedSince")) {
                ((List<Map<String, Object>>) ((Map<String, Object>) saved.get(side)).get("indicators"))
                        .forEach(indicator -> assertThat(indicator.remove(flag)).isNotNull());
            }
            assertThat(checkReport(saved, events)).as(flag)
                    .contains("NOTE    indicators.score." + flag + ": not in the report (saved before Kronika kept "
                            + "it), events 0..7 give false")
                    .contains("FIGURE  indicators.score.cumulative = 6.5", "FIGURE  indicators.score.achieved = 6.5",
                            "AS APPROVED OK", "AS CORRECTED SINCE OK")
                    .contains(("NOW     indicators.score." + flag + " = false\n").translateEscapes())
                    .doesNotContain("MISMATCH").endsWith("exit 0");

            Map<String, Object> wrong = approvedReport(events);
            ((List<Map<String, Object>>) ((Map<String, Object>) wrong.get("asApproved")).get("indicators")).get(1)
                    .put(flag, true);
            assertThat(checkReport(wrong, events)).as(flag)
                    .contains("MISMATCH indicators.score." + flag + ": the report says true, events 0..7 give false")
                    .endsWith("exit 1");
        }
    }

    @Test
    void aCutOrRecomputedExportOrAnUnflaggedChangeFailsTheReport() throws Exception {
        List<Map<String, Object>> events = approvedHistory();
        Map<String, Object> report = approvedReport(events);
        KeyPair key = SignedCheckpoints.newKey();
        Path checkpoint = signed(key, "k1", List.of(head(events, 10)));
        Path keys = keySet(Map.of("k1", key));
        String[] signed = {"--checkpoint", checkpoint.toString(), "--keys", keys.toString()};

        assertThat(checkReport(report, events.subList(0, 10), signed)).as("the flagged change cut off")
                .contains("CUT     p-r").doesNotContain("FIGURE").endsWith("exit 1");
        assertThat(checkReport(report, events.subList(0, 8))).as("cut before the approval, without a checkpoint")
                .contains("MISMATCH approval: the report names event 8").endsWith("exit 1");
        assertThat(checkReport(report, Copies.rechained(events, 3, "Forged"), signed)).contains("CHANGED p-r")
                .endsWith("exit 1");
        assertThat(checkReport(report, events, "--checkpoint", signed(key, "k1", "2026-11-27T10:07:30Z",
                List.of(head(events, 7))).toString(),
                "--keys", keys.toString())).as("a checkpoint older than the approval proves nothing about it")
                .contains("NOT COVERED p-r: the checkpoint signed event 7, not the approval (event 8)").endsWith("exit 1");

        List<Map<String, Object>> unflagged = Copies.copy(events.subList(0, 10));
        assertThat(checkReport(report, unflagged)).as("the correction without its flag")
                .contains("AS APPROVED OK")
                .contains("UNFLAGGED event 9 changed 2024-Q3 after its approval")
                .contains("MISSING change: the report lists event 9").endsWith("exit 1");

        List<Map<String, Object>> redefined = Copies.copy(events);
        Copies.append(redefined, "p-r", "indicator-redefined", map("projectId", "p-r", "indicatorId", "people",
                "target", 60, "reason", "The donor lowered the target"));
        assertThat(checkReport(report, redefined)).as("a redefinition changes the approved period's target")
                .contains("UNFLAGGED event 11 changed 2024-Q3").endsWith("exit 1");
    }

    private String checkReport(Map<String, Object> report, List<Map<String, Object>> events, String... more)
            throws Exception {
        Path file = Files.createTempFile(folder, "report", ".json");
        Files.writeString(file, json.writeValueAsString(report));
        Path export = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(export, lines(events));
        List<String> args = new ArrayList<>(List.of("--report", file.toString(), "--file", export.toString()));
        args.addAll(List.of(more));
        var out = new ByteArrayOutputStream();
        int exit = VerifyCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8) + "exit " + exit;
    }

    private Path signed(KeyPair key, String keyId, List<Head> heads) throws Exception {
        return signed(key, keyId, "2026-11-30T12:00:00Z", heads);
    }

    private Path signed(KeyPair key, String keyId, String issuedAt, List<Head> heads) throws Exception {
        return signed(key, keyId, issuedAt, heads, "periodic");
    }

    private Path signed(KeyPair key, String keyId, String issuedAt, List<Head> heads, String reason) throws Exception {
        Checkpoint checkpoint = Checkpoint.of("test-programme", issuedAt, heads, reason);
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

    /** A misspelt or half-written option must not leave out what it asked for, a checkpoint, and still say OK. */
    @Test
    void anUnknownMisspeltOrIncompleteOptionIsAUsageError() throws Exception {
        Path export = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(export, lines(chain("p-a", 3)));
        String file = export.toString();
        assertThat(run("--file", file)).as("the export itself holds").startsWith("OK      p-a");
        Map<String, String> misuses = Map.of(
                "unknown option --checkpont", "--file " + file + " --checkpont cp.jws --keys jwks.json",
                "--project takes its value as the next argument: --project p-a", "--file " + file + " --project=p-a",
                "--checkpoint needs a value", "--file " + file + " --checkpoint",
                "--keys needs a value", "--file " + file + " --checkpoint cp.jws --keys --project p-a",
                "--file is given twice", "--file " + file + " --file " + file,
                "--time-zone takes the programme's time zone as the programme file names it, e.g. Europe/Tirane, "
                        + "not Tirana", "--file " + file + " --time-zone Tirana");
        misuses.forEach((why, args) -> {
            var out = new ByteArrayOutputStream();
            assertThat(VerifyCli.run(args.split(" "), new PrintStream(out, true, StandardCharsets.UTF_8))).as(args)
                    .isEqualTo(2);
            assertThat(out.toString(StandardCharsets.UTF_8)).as(args).startsWith("usage: " + why + "\nusage: --file");
        });
    }

    /**
     * Each check runs with the options it takes: one given beside a check that would leave it out (a proof without
     * the checkpoint to check it against, a topic beside a file) is a usage error naming both, not a narrower check
     * that says OK.
     */
    @Test
    void anOptionTheCheckAskedForWouldLeaveOutIsAUsageErrorNamingIt() throws Exception {
        SignedFiles signed = signedFiles();
        String checkpoint = signed.checkpoint();
        String keys = signed.keys();
        String file = signed.file();
        String proof = signed.proof();
        String report = Files.writeString(Files.createTempFile(folder, "report", ".json"),
                json.writeValueAsString(approvedReport(approvedHistory()))).toString();

        Map<String, String[]> misuses = new LinkedHashMap<>();
        misuses.put("--check-proof needs --checkpoint", new String[]{"--file", file, "--check-proof", proof});
        misuses.put("--check-proof needs --checkpoint ", new String[]{"--keys", keys, "--check-proof", proof});
        misuses.put("--prove needs --checkpoint", new String[]{"--file", file, "--prove", "p-a"});
        misuses.put("--keys needs --checkpoint", new String[]{"--file", file, "--keys", keys});
        misuses.put("--kafka cannot be given with --file", new String[]{"--file", file, "--kafka", "localhost:1"});
        misuses.put("--topic cannot be given with --file", new String[]{"--file", file, "--topic", "t"});
        misuses.put("--project cannot be given with --report", new String[]{"--report", report, "--file", file,
                "--project", "p-r"});
        misuses.put("--time-zone cannot be given with --report", new String[]{"--report", report, "--file", file,
                "--time-zone", "UTC"});
        misuses.put("--file cannot be given with --check-proof", new String[]{"--checkpoint", checkpoint, "--keys",
                keys, "--check-proof", proof, "--file", file});
        misuses.put("--prove cannot be given with --check-proof", new String[]{"--checkpoint", checkpoint, "--keys",
                keys, "--check-proof", proof, "--prove", "p-a"});
        misuses.put("--file needs --sequence", new String[]{"--checkpoint", checkpoint, "--keys", keys, "--prove",
                "p-a", "--file", file});
        misuses.put("--sequence needs --file", new String[]{"--checkpoint", checkpoint, "--keys", keys, "--prove",
                "p-a", "--sequence", "1"});
        misuses.put("--sequence cannot be given with --file", new String[]{"--file", file, "--sequence", "1"});
        misuses.put("nothing to check", new String[]{"--project", "p-a"});
        misuses.forEach((why, args) -> {
            var out = new ByteArrayOutputStream();
            assertThat(VerifyCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8))).as(why).isEqualTo(2);
            assertThat(out.toString(StandardCharsets.UTF_8)).as(why).startsWith("usage: " + why)
                    .doesNotContain("OK ", "PROVEN", "CHECKPOINT signed");
        });

        // The checkpoint on its own, as after a key rotation (audit/checkpoints.md), is a check of its own.
        assertThat(run("--checkpoint", checkpoint, "--keys", keys)).startsWith("CHECKPOINT signed").doesNotContain("usage");
        assertThat(exit("--checkpoint", checkpoint, "--keys", keys)).isZero();
        assertThat(exit("--checkpoint", checkpoint, "--keys", keys, "--check-proof", proof)).isZero();
        assertThat(exit("--file", file, "--project", "p-a", "--checkpoint", checkpoint, "--keys", keys)).isZero();
    }

    /**
     * A checkpoint signed before the latest the auditor holds is refused, whatever it is checked with: served from a
     * database rolled back to it, it would pass a history cut since as recorded since.
     */
    @Test
    void aCheckpointSignedBeforeTheLatestTheAuditorHoldsIsRefused() throws Exception {
        SignedFiles signed = signedFiles();
        String checkpoint = signed.checkpoint();
        String keys = signed.keys();
        String file = signed.file();
        String proof = signed.proof();

        String issued = run("--checkpoint", checkpoint, "--keys", keys).split(" ")[2];
        String later = java.time.Instant.parse(issued).plusMillis(1).toString();
        for (String[] args : List.of(new String[]{"--checkpoint", checkpoint, "--keys", keys},
                new String[]{"--file", file, "--project", "p-a", "--checkpoint", checkpoint, "--keys", keys},
                new String[]{"--checkpoint", checkpoint, "--keys", keys, "--check-proof", proof})) {
            assertThat(run(with(args, "--not-before", later))).as(String.join(" ", args))
                    .startsWith("STALE   checkpoint signed " + issued + ", before " + later)
                    .doesNotContain("OK ", "PROVEN", "CHECKPOINT signed");
            assertThat(exit(with(args, "--not-before", later))).isEqualTo(1);
            assertThat(exit(with(args, "--not-before", issued))).as("signed at that very time").isZero();
        }
        // A proof is written to a file (> proof.json): the file gets nothing, the person asking the finding.
        var proofOut = new ByteArrayOutputStream();
        var said = new ByteArrayOutputStream();
        assertThat(VerifyCli.run(new String[]{"--checkpoint", checkpoint, "--keys", keys, "--prove", "p-a",
                "--not-before", later}, new PrintStream(proofOut, true, StandardCharsets.UTF_8),
                new PrintStream(said, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(proofOut.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(said.toString(StandardCharsets.UTF_8)).startsWith("STALE   checkpoint signed " + issued);
        for (var misuse : Map.of("--not-before needs --checkpoint", new String[]{"--file", file, "--not-before",
                later}, "--not-before takes an ISO-8601 instant", new String[]{"--checkpoint", checkpoint, "--keys",
                keys, "--not-before", "yesterday"}).entrySet()) {
            var out = new ByteArrayOutputStream();
            assertThat(VerifyCli.run(misuse.getValue(), new PrintStream(out, true, StandardCharsets.UTF_8)))
                    .isEqualTo(2);
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: " + misuse.getKey());
        }
    }

    /** A checkpoint signing p-a's three events, its key set, p-a's export and a proof of p-a's head, as files. */
    private record SignedFiles(String checkpoint, String keys, String file, String proof) {
    }

    private SignedFiles signedFiles() throws Exception {
        KeyPair key = SignedCheckpoints.newKey();
        List<Map<String, Object>> one = chain("p-a", 3);
        String checkpoint = signed(key, "k1", List.of(head(one, 2))).toString();
        String keys = keySet(Map.of("k1", key)).toString();
        Path export = Files.createTempFile(folder, "export", ".jsonl");
        Files.writeString(export, lines(one));
        Path proof = Files.createTempFile(folder, "proof", ".json");
        Files.writeString(proof, run("--checkpoint", checkpoint, "--keys", keys, "--prove", "p-a"));
        return new SignedFiles(checkpoint, keys, export.toString(), proof.toString());
    }

    @Test
    void answersUsageErrorsWithExitCodeTwo() {
        var out = new ByteArrayOutputStream();
        assertThat(VerifyCli.run(new String[]{}, new PrintStream(out))).isEqualTo(2);
        assertThat(VerifyCli.run(new String[]{"--file", folder.resolve("missing.jsonl").toString()},
                new PrintStream(out))).isEqualTo(2);
    }

    /**
     * What could not be read is named, and what it was taken for, on standard error, where usage errors go too:
     * standard output holds results alone, so a proof written to a file or results piped on hold no error line.
     */
    @Test
    void whatCannotBeReadIsNamedOnStandardErrorWithNothingOnStandardOutput() throws Exception {
        String missing = folder.resolve("nonexist.jsonl").toString();
        assertThat(separately("--file", missing)).isEqualTo(List.of("", "error: no such file: " + missing + "\n", "2"));
        assertThat(separately("--fiel", missing).subList(0, 2)).satisfies(said -> {
            assertThat(said.get(0)).isEmpty();
            assertThat(said.get(1)).startsWith("usage: unknown option --fiel\nusage: --file");
        });

        Path export = Files.writeString(Files.createTempFile(folder, "export", ".jsonl"), lines(chain("p-a", 2)));
        Path report = Files.writeString(Files.createTempFile(folder, "report", ".json"), "<html>Sign in</html>");
        assertThat(separately("--report", report.toString(), "--file", export.toString())).isEqualTo(List.of("",
                "error: " + report + " is not JSON as Kronika serves a period's report (Unexpected character ('<' "
                        + "(code 60)): expected a valid value (JSON String, Number, Array, Object or token 'null', "
                        + "'true' or 'false'))\n", "2"));

        KeyPair key = SignedCheckpoints.newKey();
        Path checkpoint = signed(key, "k1", List.of(head(chain("p-a", 2), 1)));
        Path keys = Files.writeString(Files.createTempFile(folder, "jwks", ".json"), "{\"keys\": [");
        assertThat(separately("--checkpoint", checkpoint.toString(), "--keys", keys.toString()).get(1))
                .startsWith("error: " + keys + " is not JSON as Kronika serves a key set (Unexpected end-of-input");

        // Not the 30 seconds an auditor waits by default: a broker that cannot be reached is no faster to find.
        assertThat(separately("--kafka", "localhost:1", "--project", "p-a", "--kafka-timeout", "PT2S"))
                .isEqualTo(List.of("", "error: Kafka at localhost:1 did not answer within 2 seconds (Timeout expired "
                        + "while fetching topic metadata): check the brokers given to --kafka, or wait longer "
                        + "(--kafka-timeout)\n", "2"));
        assertThat(separately("--kafka", "localhost:1", "--kafka-timeout", "30s").get(1))
                .startsWith("usage: --kafka-timeout takes an ISO-8601 duration, e.g. PT30S, not 30s");
        assertThat(separately("--kafka", "localhost:1", "--kafka-timeout", "PT0S").get(1))
                .startsWith("usage: --kafka-timeout PT0S is not above zero");
        assertThat(separately("--kafka", "localhost:1", "--kafka-timeout", "PT9999999999999H").get(1))
                .startsWith("usage: --kafka-timeout PT9999999999999H is more than a day");
        assertThat(separately("--kafka", "localhost:1", "--project", "p-a", "--kafka-timeout", "PT1S").get(1))
                .startsWith("error: Kafka at localhost:1 did not answer within 1 second (");
        assertThat(separately("--file", missing, "--kafka-timeout", "PT5S").get(1))
                .startsWith("usage: --kafka-timeout cannot be given with --file");
    }

    /** What the run printed on standard output, what on standard error, and its exit code. */
    private static List<String> separately(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int exit = VerifyCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return List.of(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), String.valueOf(exit));
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
