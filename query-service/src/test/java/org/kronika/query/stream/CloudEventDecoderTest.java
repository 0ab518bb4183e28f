package org.kronika.query.stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.kronika.events.CloudEventHeaders;
import org.kronika.events.EventTypes;
import org.kronika.events.Participants;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.fixtures.Received;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventDecoderTest {

    private static final String TRAINING = EventTypes.of(TrainingDelivered.class).cloudEventType();

    private final CloudEventDecoder decoder = new CloudEventDecoder();

    @Test
    void aRecordAsTheContractDescribesItIsRead() throws Exception {
        ReceivedEvent event = decoder.decode(record(Received.JSON.writeValueAsString(training()), TRAINING));

        assertThat(event.projectId()).isEqualTo("p-1");
        assertThat(event.sequence()).isEqualTo(1);
        assertThat(((TrainingDelivered) event.event()).activityId()).isEqualTo("t-1");
    }

    /**
     * The verifier calls such a copy changed: applying one reading of it would show another history than it checks.
     * Only a record's own members were refused before, as a typed event's creator takes each once; a count in a
     * breakdown, or anything in an event of a type this reader does not know, was read last-wins.
     */
    @Test
    void aMemberNamedTwiceInTheDataBreaksTheContractAtAnyDepthAndInAnyType() throws Exception {
        String data = Received.JSON.writeValueAsString(training());
        String inABreakdown = data.replace("\"bySex\":{", "\"bySex\":{\"female\":99,");
        String unknown = "{\"projectId\":\"p-1\",\"novel\":true,\"novel\":false}";

        assertThat(inABreakdown).isNotEqualTo(data);
        assertThatThrownBy(() -> decoder.decode(record(inABreakdown, TRAINING)))
                .isInstanceOf(CloudEventDecoder.MalformedRecord.class).hasMessageContaining("Duplicate field 'female'");
        assertThatThrownBy(() -> decoder.decode(record(unknown, "org.kronika.something-from-the-future.v1")))
                .isInstanceOf(CloudEventDecoder.MalformedRecord.class).hasMessageContaining("Duplicate field 'novel'");
    }

    /**
     * Kafka lets a header be sent without a value. Read as text it failed the whole projection, again at every
     * restart from its checkpoint: every project stopped behind one record.
     */
    @Test
    void aHeaderWithoutAValueIsMissing() throws Exception {
        String data = Received.JSON.writeValueAsString(training());
        var noSubject = record(data, TRAINING);
        noSubject.headers().remove(CloudEventHeaders.SUBJECT).add(CloudEventHeaders.SUBJECT, null);
        var noActor = record(data, TRAINING);
        noActor.headers().add(CloudEventHeaders.ACTOR_SUBJECT, null);

        assertThatThrownBy(() -> decoder.decode(noSubject)).isInstanceOf(CloudEventDecoder.MalformedRecord.class)
                .hasMessage("missing header " + CloudEventHeaders.SUBJECT);
        assertThat(decoder.decode(noActor).actor().subject()).isNull();
    }

    @Test
    void aRecordKeyedOtherwiseThanItsSubjectOrNotKeyedAtAllBreaksTheContract() throws Exception {
        String data = Received.JSON.writeValueAsString(training());
        var keyed = record(data, TRAINING);
        var otherKey = new ConsumerRecord<>("topic", 0, 7L, "p-2", keyed.value());
        var noKey = new ConsumerRecord<String, byte[]>("topic", 0, 7L, null, keyed.value());
        keyed.headers().forEach(header -> {
            otherKey.headers().add(header);
            noKey.headers().add(header);
        });

        assertThatThrownBy(() -> decoder.decode(otherKey)).isInstanceOf(CloudEventDecoder.MalformedRecord.class)
                .hasMessage("record key p-2 differs from ce_subject p-1");
        assertThatThrownBy(() -> decoder.decode(noKey)).isInstanceOf(CloudEventDecoder.MalformedRecord.class)
                .hasMessage("record has no key; its ce_subject is p-1");
        assertThat(decoder.decode(keyed).projectId()).isEqualTo("p-1");
    }

    private static TrainingDelivered training() {
        return new TrainingDelivered("p-1", "t-1", "Case management", LocalDate.parse("2024-03-12"), "Gjilan",
                Participants.bySex(18, 14, 3), null, List.of(), null, 1);
    }

    private static ConsumerRecord<String, byte[]> record(String data, String type) {
        var record = new ConsumerRecord<>("topic", 0, 7L, "p-1", data.getBytes(StandardCharsets.UTF_8));
        header(record, CloudEventHeaders.ID, "e-1");
        header(record, CloudEventHeaders.TYPE, type);
        header(record, CloudEventHeaders.SUBJECT, "p-1");
        header(record, CloudEventHeaders.TIME, "2024-03-12T10:00:00Z");
        header(record, CloudEventHeaders.SEQUENCE, "1");
        return record;
    }

    private static void header(ConsumerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
