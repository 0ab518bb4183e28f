package org.kronika.command.restore;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kronika.command.project.ActorMetaData;
import org.kronika.events.CloudEventHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** How the restore reads the topic, record by record, before it looks at the event store. */
class TopicStreamsTest {

    private final TopicStreams streams = new TopicStreams();
    private long offset;

    @Test
    void aHeaderOfTheContractWithoutAValueSetsAsideItsStream() {
        read("p-1", 0, "{}", record -> record.headers().remove(CloudEventHeaders.SEQUENCE)
                .add(CloudEventHeaders.SEQUENCE, null));
        read("p-2", 0, "{}", record -> record.headers().add(CloudEventHeaders.ACTOR_ROLE, null));
        read("p-3", 0, "{}", record -> record.headers().add("x-trace", null));

        assertThat(streams.setAside("p-1")).contains("the record at partition 0, offset 0 has a ce_sequence header "
                + "with no value");
        assertThat(streams.setAside("p-2")).as("restored, its actor's role would be lost")
                .contains("the record at partition 0, offset 1 has a ce_actorrole header with no value");
        assertThat(streams.setAside("p-3")).as("a header no part of the contract").isEmpty();
        assertThat(streams.streams().get("p-3").get(0L).actor()).containsOnlyKeys(ActorMetaData.SUBJECT);
    }

    @Test
    void aRecordWhoseSequenceIsNoWholeNumberSetsAsideItsStreamAndNoOther() {
        read("p-1", 0, "{}", record -> { });
        read("p-1", 1, "{}", record -> header(record, CloudEventHeaders.SEQUENCE, "one"));
        read("p-2", 0, "{}", record -> header(record, CloudEventHeaders.SEQUENCE, "-1"));
        read("p-3", 0, "{}", record -> { });

        assertThat(streams.setAside("p-1")).contains("the record at partition 0, offset 1 has ce_sequence \"one\", "
                + "not a whole number");
        assertThat(streams.setAside("p-2")).hasValueSatisfying(why -> assertThat(why).contains("\"-1\""));
        assertThat(streams.setAside("p-3")).isEmpty();
        assertThat(streams.streams()).containsOnlyKeys("p-1", "p-2", "p-3");
        assertThat(streams.unplaced()).isEmpty();
    }

    @Test
    void aRecordWithoutAKeySetsAsideTheStreamItsSubjectNamesAndOneNamingNoneIsUnplaced() {
        read(null, 0, "{}", record -> header(record, CloudEventHeaders.SUBJECT, "p-1"));
        read(null, 0, "{}", record -> record.headers().remove(CloudEventHeaders.SUBJECT));
        read("", 0, "{}", record -> header(record, CloudEventHeaders.SUBJECT, ""));

        assertThat(streams.setAside("p-1")).contains("the record at partition 0, offset 0 has no key");
        assertThat(streams.unplaced()).containsExactly(
                "the record at partition 0, offset 1 has no key and no ce_subject header",
                "the record at partition 0, offset 2 has no key and no ce_subject header");
        assertThat(streams.streams()).containsOnlyKeys("p-1");
    }

    @Test
    void aRecordKeyedByAnotherStreamThanItsSubjectSetsAsideBoth() {
        read("p-1", 0, "{}", record -> header(record, CloudEventHeaders.SUBJECT, "p-2"));

        assertThat(streams.setAside("p-1")).contains("the record at partition 0, offset 0 is keyed p-1 but its "
                + "ce_subject is p-2");
        assertThat(streams.setAside("p-2")).isEqualTo(streams.setAside("p-1"));
    }

    @Test
    void dataWithAMemberNamedTwiceOrAnythingAfterItIsNoEvent() {
        read("p-1", 0, "{\"title\":\"a\",\"title\":\"b\"}", record -> { });
        read("p-2", 0, "{\"title\":\"a\"} {\"title\":\"b\"}", record -> { });
        read("p-3", 0, "null", record -> { });
        read("p-4", 0, null, record -> { });
        read("p-5", 0, "{}", record -> header(record, CloudEventHeaders.TIME, "yesterday"));

        assertThat(streams.setAside("p-1")).hasValueSatisfying(why -> assertThat(why)
                .startsWith("the record at partition 0, offset 0 holds no one JSON object (Duplicate field 'title'"));
        assertThat(streams.setAside("p-2")).hasValueSatisfying(why -> assertThat(why).contains("holds no one JSON"));
        assertThat(streams.setAside("p-3")).hasValueSatisfying(why -> assertThat(why).endsWith("holds null, not the "
                + "event's data"));
        assertThat(streams.setAside("p-4")).hasValueSatisfying(why -> assertThat(why).endsWith("has no value, not "
                + "the event's data"));
        assertThat(streams.setAside("p-5")).hasValueSatisfying(why -> assertThat(why).endsWith("has ce_time "
                + "\"yesterday\", not a time"));
    }

    @Test
    void aRepeatIsTheSameRecordByteForByteAndACopyDifferingInWhatTheHashLeavesOutIsAnotherEvent() {
        read("p-1", 0, "{}", record -> { });
        read("p-1", 0, "{}", record -> { });
        read("p-2", 0, "{}", record -> { });
        read("p-2", 0, "{}", record -> header(record, CloudEventHeaders.TIME, "2024-03-12T10:00:01Z"));
        read("p-3", 0, "{}", record -> { });
        read("p-3", 0, "{}", record -> header(record, CloudEventHeaders.ACTOR_SUBJECT, "someone-else"));
        read("p-4", 0, "{}", record -> { });
        read("p-4", 0, "{}", record -> header(record, CloudEventHeaders.CORRELATION_ID, "c-1"));
        read("p-5", 0, "{}", record -> { });
        read("p-5", 0, "{}", record -> header(record, CloudEventHeaders.ID, "e-p-5-0"));

        assertThat(streams.setAside("p-1")).isEmpty();
        assertThat(streams.streams().get("p-1")).hasSize(1);
        assertThat(streams.setAside("p-2")).contains("the topic holds two different events 0 (the records at "
                + "partition 0, offset 2 and partition 0, offset 3 differ in ce_time), one of them forged or altered: "
                + "check the stream with the verifier against the latest checkpoint");
        assertThat(streams.setAside("p-3")).hasValueSatisfying(why -> assertThat(why).contains("differ in "
                + "ce_actorsubject)"));
        assertThat(streams.setAside("p-4")).hasValueSatisfying(why -> assertThat(why).contains("differ in "
                + "ce_correlationid)"));
        assertThat(streams.setAside("p-5")).hasValueSatisfying(why -> assertThat(why).contains("differ in "
                + "the order of its headers)"));
    }

    @Test
    void everyFurtherRecordSettingAStreamAsideIsCounted() {
        read("p-1", 0, "[]", record -> { });
        read("p-1", 1, "[]", record -> { });
        read("p-1", 2, "[]", record -> { });

        assertThat(streams.setAside("p-1")).hasValueSatisfying(why -> assertThat(why)
                .startsWith("the record at partition 0, offset 0 holds no one JSON object")
                .endsWith(" (and 2 more records set aside)"));
    }

    /** A record as the publisher sends it, then as the alteration leaves it, read at the next offset. */
    private void read(String key, long sequence, String data, Consumer<ConsumerRecord<String, byte[]>> alteration) {
        var record = new ConsumerRecord<>("topic", 0, offset++, key,
                data == null ? null : data.getBytes(StandardCharsets.UTF_8));
        for (var header : List.of(List.of(CloudEventHeaders.ID, "e-" + key + "-" + sequence),
                List.of(CloudEventHeaders.TYPE, "org.kronika.training-delivered.v1"),
                List.of(CloudEventHeaders.SUBJECT, String.valueOf(key)),
                List.of(CloudEventHeaders.TIME, "2024-03-12T10:00:00Z"),
                List.of(CloudEventHeaders.SEQUENCE, Long.toString(sequence)),
                List.of(CloudEventHeaders.ACTOR_SUBJECT, "recorder-1"),
                List.of(CloudEventHeaders.HASH, "h-" + sequence))) {
            record.headers().add(header.get(0), header.get(1).getBytes(StandardCharsets.UTF_8));
        }
        alteration.accept(record);
        streams.add(record);
    }

    private static void header(ConsumerRecord<String, byte[]> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
