package org.kronika.query.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kronika.events.CloudEventHeaders;
import org.kronika.events.EventTypes;
import org.kronika.events.ProjectEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes records the way the published contract describes them, so the query side is tested as a partner. */
public final class ContractProducer implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public ContractProducer(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public static void createTopic(String bootstrapServers, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            }
        }
    }

    /** Links already sent: a re-sent event is the same record, as the command side re-sends it (id, time, hash). */
    private final java.util.Map<String, String[]> links = new java.util.concurrent.ConcurrentHashMap<>();

    /** Sends without waiting for each acknowledgement; {@link #flush()} waits for them all. */
    public void sendQuickly(long sequence, ProjectEvent event) throws Exception {
        record(sequence, EventTypes.of(event.getClass()).cloudEventType(), event.projectId(),
                json.writeValueAsBytes(event), NO_ACTOR, false);
    }

    public void flush() {
        producer.flush();
    }

    /** An event of the programme's own stream, such as a reporting period, under its subject. */
    public void send(long sequence, org.kronika.events.ProgrammeEvent event) throws Exception {
        send(sequence, EventTypes.of(event.getClass()).cloudEventType(), event.subject(),
                json.writeValueAsBytes(event));
    }

    public void send(long sequence, ProjectEvent event) throws Exception {
        send(sequence, EventTypes.of(event.getClass()).cloudEventType(), event.projectId(),
                json.writeValueAsBytes(event));
    }

    /** Sends the event as the given link of its project's hash chain, as the command side does. */
    public void send(long sequence, String type, String projectId, byte[] data) throws Exception {
        record(sequence, type, projectId, data, NO_ACTOR, true);
    }

    /** As the command side sends what a person did: who, in its headers and in its link's hash. */
    public void sendAs(long sequence, ProjectEvent event, String subject, String role, String organisation)
            throws Exception {
        record(sequence, EventTypes.of(event.getClass()).cloudEventType(), event.projectId(),
                json.writeValueAsBytes(event), new String[]{subject, role, organisation}, true);
    }

    private static final String[] NO_ACTOR = new String[3];

    private void record(long sequence, String type, String projectId, byte[] data, String[] actor, boolean wait)
            throws Exception {
        send(links.computeIfAbsent(projectId + "/" + sequence, key -> link(sequence, type, projectId, data, actor)),
                type, projectId, sequence, data, actor, wait);
    }

    /**
     * What someone else able to write to the topic could send: the event at {@code sequence}, linked to the event
     * before it as sent, as a record of its own, which the command side's record of that event, sent after it, is
     * not.
     */
    public void forge(long sequence, ProjectEvent event) throws Exception {
        String type = EventTypes.of(event.getClass()).cloudEventType();
        byte[] data = json.writeValueAsBytes(event);
        send(link(sequence, type, event.projectId(), data, NO_ACTOR), type, event.projectId(), sequence, data,
                NO_ACTOR, true);
    }

    /** Time, hash, hash before and id of a new record of the event at {@code sequence}. */
    private String[] link(long sequence, String type, String projectId, byte[] data, String[] actor) {
        String time = Instant.now().toString();
        String[] before = links.get(projectId + "/" + (sequence - 1));
        String previous = before == null ? org.kronika.events.chain.EventChain.GENESIS : before[1];
        String id = UUID.randomUUID().toString();
        try {
            java.util.Map<String, Object> payload = json.readValue(data, new com.fasterxml.jackson.core.type.TypeReference<>() {
            });
            return new String[]{time, org.kronika.events.chain.EventChain.hash(type, projectId, sequence,
                    org.kronika.events.chain.EventChain.occurredAt(payload), time,
                    org.kronika.events.chain.EventChain.actor(actor[0], actor[1], actor[2]), payload,
                    previous), previous, id};
        } catch (java.io.IOException e) {
            return new String[]{time, "not-json", previous, id};
        }
    }

    private void send(String[] link, String type, String projectId, long sequence, byte[] data, String[] actor,
                      boolean wait) throws Exception {
        var record = new ProducerRecord<String, byte[]>(topic, projectId, data);
        header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(record, CloudEventHeaders.ID, link[3]);
        header(record, CloudEventHeaders.TYPE, type);
        header(record, CloudEventHeaders.SOURCE, "/programmes/test/projects/" + projectId);
        header(record, CloudEventHeaders.SUBJECT, projectId);
        header(record, CloudEventHeaders.TIME, link[0]);
        header(record, CloudEventHeaders.SEQUENCE, Long.toString(sequence));
        header(record, CloudEventHeaders.HASH, link[1]);
        header(record, CloudEventHeaders.PREV_HASH, link[2]);
        header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
        String[] names = {CloudEventHeaders.ACTOR_SUBJECT, CloudEventHeaders.ACTOR_ROLE,
                CloudEventHeaders.ACTOR_ORGANISATION};
        for (int i = 0; i < names.length; i++) {
            if (actor[i] != null) {
                header(record, names[i], actor[i]);
            }
        }
        var sent = producer.send(record);
        if (wait) {
            sent.get();
        }
    }

    public void sendRaw(ProducerRecord<String, byte[]> record) throws Exception {
        producer.send(record).get();
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
