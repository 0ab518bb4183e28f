package org.kronika.command.publishing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.config.EventStoreGaps;
import org.kronika.command.web.AfterCommitFaults;
import org.kronika.events.CloudEventHeaders;
import org.kronika.events.chain.EventChain;
import com.fasterxml.jackson.core.type.TypeReference;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PublishingTest extends IntegrationTest {

    private static final String TOPIC = "kronika.project-events";
    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    ProjectEventsTopic topic;
    @Autowired
    FailingSends failingSends;
    @Autowired
    PublishLag lag;
    /** The one the publishers send with. */
    @Autowired
    KafkaTemplate<String, byte[]> kafka;
    @Autowired
    AfterCommitFaults faults;
    @Autowired
    javax.sql.DataSource dataSource;
    @Autowired
    org.axonframework.eventsourcing.eventstore.EventStorageEngine storageEngine;

    /**
     * Acknowledged only once every in-sync replica holds it, and a send retried by the producer neither repeated nor
     * put before an earlier one: the publisher's at-least-once, in-order promise rests on these. With the tests' one
     * broker, acks=1 behaves the same, so nothing else here would notice them gone.
     */
    @Test
    void thePublishersProducerWaitsForEveryReplicaAndNeitherRepeatsNorReordersARetriedSend() {
        var producer = new ProducerConfig(
                kafka.getProducerFactory().getConfigurationProperties());

        assertThat(producer.getString(ProducerConfig.ACKS_CONFIG)).isIn("all", "-1");
        assertThat(producer.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
        assertThat(producer.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).isBetween(1, 5);
    }

    @Test
    void storesEventsInPostgresAndPublishesThemAsCloudEventsKeyedByProject() throws Exception {
        String projectId = registerProject();
        recordTraining(projectId, "t-1", 18, 14, 3);

        assertThat(TestInfrastructure.storedEvents(projectId)).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> publishedFor(projectId).size() == 2);

        List<ConsumerRecord<String, byte[]>> records = publishedFor(projectId);
        assertThat(records).extracting(r -> TopicReader.header(r, CloudEventHeaders.TYPE))
                .containsExactly("org.kronika.project-registered.v1", "org.kronika.training-delivered.v1");
        assertThat(records).extracting(r -> TopicReader.header(r, CloudEventHeaders.SEQUENCE)).containsExactly("0", "1");
        ConsumerRecord<String, byte[]> training = records.get(1);
        assertThat(training.key()).isEqualTo(projectId);
        assertThat(TopicReader.header(training, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");
        assertThat(TopicReader.header(training, CloudEventHeaders.SUBJECT)).isEqualTo(projectId);
        assertThat(TopicReader.header(training, CloudEventHeaders.SOURCE))
                .isEqualTo("/programmes/kosovo-albania-civil-society/projects/" + projectId);
        assertThat(TopicReader.header(training, CloudEventHeaders.ID)).isNotBlank();
        assertThat(TopicReader.header(training, CloudEventHeaders.TIME)).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode data = json.readTree(training.value());
        assertThat(data.get("occurredOn").asText()).isEqualTo("2024-03-12");
        assertThat(data.at("/participants/bySex/female").asInt()).isEqualTo(14);
    }

    @Test
    void everyPublishedEventIsALinkOfItsProjectsHashChainThatAnyoneCanRecompute() throws Exception {
        String projectId = registerProject();
        recordTraining(projectId, "t-1", 18, 14, 3);
        recordTraining(projectId, "t-2", 9, 4, 5);
        await().atMost(Duration.ofSeconds(60)).until(() -> publishedFor(projectId).size() >= 3);

        String previous = EventChain.GENESIS;
        for (ConsumerRecord<String, byte[]> record : publishedFor(projectId).subList(0, 3)) {
            Map<String, Object> payload = json.readValue(record.value(), new TypeReference<>() {
            });
            Map<String, Object> actor = new java.util.LinkedHashMap<>();
            putIfPresent(actor, "subject", TopicReader.header(record, CloudEventHeaders.ACTOR_SUBJECT));
            putIfPresent(actor, "role", TopicReader.header(record, CloudEventHeaders.ACTOR_ROLE));
            putIfPresent(actor, "organisation", TopicReader.header(record, CloudEventHeaders.ACTOR_ORGANISATION));
            String recomputed = EventChain.hash(TopicReader.header(record, CloudEventHeaders.TYPE), record.key(),
                    Long.parseLong(TopicReader.header(record, CloudEventHeaders.SEQUENCE)),
                    EventChain.occurredAt(payload), TopicReader.header(record, CloudEventHeaders.TIME), actor, payload,
                    previous);
            assertThat(TopicReader.header(record, CloudEventHeaders.PREV_HASH)).isEqualTo(previous);
            assertThat(TopicReader.header(record, CloudEventHeaders.HASH)).isEqualTo(recomputed);
            previous = recomputed;
        }
    }

    @Autowired
    org.axonframework.common.caching.Cache projectCache;

    /**
     * The evolution end to end: a training stored in revision 1 (before deliveryMode existed) is read upcast by
     * the project, while the topic carries it exactly as stored, so its hash still verifies and the chain goes on.
     */
    @Test
    void aTrainingStoredBeforeDeliveryModeExistedIsUpcastForTheProjectAndPublishedAsStored() throws Exception {
        String projectId = registerProject();

        String oldPayload = "{\"projectId\":\"" + projectId + "\",\"activityId\":\"old-1\",\"title\":\"Case management\","
                + "\"occurredOn\":\"2024-03-12\",\"municipality\":\"Gjilan\",\"participants\":{\"total\":12,"
                + "\"bySex\":{\"female\":7,\"male\":5},\"byAgeBand\":{},\"byCommunity\":{}},\"plannedActivityId\":null,"
                + "\"indicatorIds\":[],\"module\":null,\"sessions\":1}";
        String hash = storeAsRevisionOne(projectId, "org.kronika.training-delivered.v1",
                org.kronika.events.TrainingDelivered.class, oldPayload);
        projectCache.removeAll();

        // The project reads the old training (upcast) and knows its activity id...
        var again = http.postForEntity("/api/projects/{id}/activities/training-delivered", Map.of("activityId", "old-1",
                "title", "Case management", "occurredOn", "2024-03-12", "municipality", "Gjilan", "sessions", 1,
                "participants", Map.of("total", 12)), String.class, projectId);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        // ...and links the next event to the old one's hash.
        recordTraining(projectId, "new-1", 9, 4, 5);

        assertThat(publishedAsStoredAndChainedOnto(projectId, oldPayload, hash, "deliveryMode").has("deliveryMode"))
                .isTrue();
    }

    /**
     * The third evolution end to end: an indicator defined in revision 1 (before municipalityTargets) is read upcast
     * (none), so a redefinition giving it targets per municipality is a change, while the topic carries the old
     * definition exactly as stored, its hash verifying and the chain going on.
     */
    @Test
    void anIndicatorStoredBeforeMunicipalityTargetsExistedIsUpcastForTheProjectAndPublishedAsStored() throws Exception {
        String projectId = registerProject();
        String oldPayload = "{\"projectId\":\"" + projectId + "\",\"indicatorId\":\"kits\",\"name\":\"Kits\","
                + "\"unit\":\"count\",\"counts\":\"items\",\"aggregation\":\"sum\",\"baseline\":0.0,"
                + "\"target\":400.0,\"periodTargets\":[],\"dimensions\":[\"municipality\"]}";
        String hash = storeAsRevisionOne(projectId, "org.kronika.indicator-defined.v1",
                org.kronika.events.IndicatorDefined.class, oldPayload);
        projectCache.removeAll();

        // The project knows the old indicator, without targets per municipality...
        assertThat(http.postForEntity("/api/projects/{id}/indicators/kits/redefinitions", Map.of("reason", "None, "
                + "as before", "municipalityTargets", List.of()), String.class, projectId).getStatusCode().value())
                .isEqualTo(422);
        // ...and links the redefinition that gives it some to the old one's hash.
        assertThat(http.postForEntity("/api/projects/{id}/indicators/kits/redefinitions", Map.of("reason", "Per place",
                "municipalityTargets", List.of(Map.of("municipality", "Gjilani", "target", 200))), String.class,
                projectId).getStatusCode().value()).isEqualTo(200);

        assertThat(publishedAsStoredAndChainedOnto(projectId, oldPayload, hash, "municipalityTargets")
                .at("/municipalityTargets/0/municipality").asText()).isEqualTo("Gjilan");
    }

    /**
     * The event stored as revision 1 (sequence 1) went out exactly as stored, without {@code member}, under the hash
     * of what is stored; returns the data of the next event, which chains onto it.
     */
    private JsonNode publishedAsStoredAndChainedOnto(String projectId, String oldPayload, String hash, String member)
            throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(projectId).size() == 3);
        List<ConsumerRecord<String, byte[]>> published = publishedFor(projectId);
        ConsumerRecord<String, byte[]> old = published.stream()
                .filter(r -> "1".equals(TopicReader.header(r, CloudEventHeaders.SEQUENCE))).findFirst().orElseThrow();
        assertThat(new String(old.value(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(oldPayload)
                .doesNotContain(member);
        assertThat(TopicReader.header(old, CloudEventHeaders.HASH)).isEqualTo(hash);
        ConsumerRecord<String, byte[]> next = published.stream()
                .filter(r -> "2".equals(TopicReader.header(r, CloudEventHeaders.SEQUENCE))).findFirst().orElseThrow();
        assertThat(TopicReader.header(next, CloudEventHeaders.PREV_HASH)).isEqualTo(hash);
        return json.readTree(next.value());
    }

    /**
     * An event as the store held it before its type's first added member existed (revision 1), as sequence 1 of the
     * project after its registration, with the hash of what is stored: what the publisher must send unchanged.
     */
    private String storeAsRevisionOne(String projectId, String cloudEventType, Class<?> payloadType, String oldPayload)
            throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> publishedFor(projectId).size() >= 1);
        String registrationHash = TopicReader.header(publishedFor(projectId).get(0), CloudEventHeaders.HASH);
        Map<String, Object> payload = json.readValue(oldPayload, new TypeReference<>() {
        });
        String recordedAt = "2024-03-13T09:00:00Z";
        Map<String, Object> actor = Map.of("subject", "recorder-komf", "role", "recorder", "organisation", "komf");
        String hash = EventChain.hash(cloudEventType, projectId, 1, EventChain.occurredAt(payload), recordedAt, actor,
                payload, registrationHash);
        String metadata = json.writeValueAsString(Map.of("recordedAt", recordedAt, "prevHash", registrationHash,
                "hash", hash, "actorSubject", "recorder-komf", "actorRole", "recorder", "actorOrganisation", "komf"));
        execute("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, "
                        + "payload, payloadrevision, payloadtype, timestamp) VALUES (?, 1, 'Project', ?, ?, ?, '1', ?, ?)",
                projectId, UUID.randomUUID().toString(), metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                oldPayload.getBytes(java.nio.charset.StandardCharsets.UTF_8), payloadType.getName(), recordedAt);
        return hash;
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /**
     * Before the dead-letter queue, no handler matched such an event and the processor's token moved past it: it
     * never reached Kafka, and its project's next events went out after a gap.
     */
    @Test
    void anEventWhoseClassNoLongerResolvesWaitsWithItsProjectsLaterEventsUntilRetriedAndOthersGoOn() throws Exception {
        DeadLettered letter = aProjectBehindAnEventWhoseClassVanishedAndAnotherPublishedPastIt();
        String waiting = letter.waiting();
        String vanished = letter.vanished();
        assertThat(firstOccurrences(waiting)).as("nothing of the project after its unpublishable event")
                .containsExactly(0L);
        JsonNode letters = deadLettersOf(waiting);
        assertThat(letters.path("letters").asLong()).isEqualTo(2);
        assertThat(letters.at("/first/0/sequence").asLong()).isEqualTo(1);
        assertThat(letters.at("/first/0/cause").asText()).contains("TrainingDeliveredSinceRemoved");
        assertThat(letters.at("/first/1/cause").isNull()).as("the later event only waits").isTrue();

        // The fix an operator deploys: the type resolves again.
        execute("UPDATE domainevententry SET payloadtype = ? WHERE eventidentifier = ?",
                org.kronika.events.TrainingDelivered.class.getName(), vanished);
        JsonNode outcome = retry(waiting);

        assertThat(outcome.path("published").asBoolean()).as(outcome.toString()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(waiting).size() == 3);
        assertThat(firstOccurrences(waiting)).containsExactly(0L, 1L, 2L);
        assertThat(deadLettersOf(waiting)).isNull();
        var nothingLeft = http.exchange("/api/admin/publisher/dead-letters/{id}/retry",
                org.springframework.http.HttpMethod.POST, asAdmin(), String.class, waiting);
        assertThat(nothingLeft.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(nothingLeft.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    /**
     * A retry can publish a project's last letter just as the processor queues the project's next event behind it,
     * leaving a letter with no cause at the head of the project's queue: nothing fails there, and no operator is
     * told to retry. The sweep publishes such letters, in order, on its own.
     */
    @Test
    void lettersLeftAtTheHeadOfAProjectsQueueWithNoCauseArePublishedWithoutARetry() throws Exception {
        DeadLettered letter = aProjectBehindAnEventWhoseClassVanishedAndAnotherPublishedPastIt();
        String waiting = letter.waiting();
        assertThat(deadLettersOf(waiting).path("letters").asLong()).isEqualTo(2);

        // The event can be published again, and its letter is left as one queued behind a letter now gone.
        execute("UPDATE domainevententry SET payloadtype = ? WHERE eventidentifier = ?",
                org.kronika.events.TrainingDelivered.class.getName(), letter.vanished());
        execute("UPDATE deadletterentry SET causetype = NULL, causemessage = NULL WHERE eventidentifier = ?",
                letter.vanished());

        await().atMost(Duration.ofSeconds(60)).until(() -> deadLettersOf(waiting) == null);
        assertThat(publishedFor(waiting)).extracting(r -> TopicReader.header(r, CloudEventHeaders.SEQUENCE))
                .as("every letter published, in order, once").containsExactly("0", "1", "2");
    }

    /**
     * Dead-lettered events are stored and not published, yet behind the publisher's position: the lag said 0 while
     * 17 of them waited, and an alert on it stayed silent. They count, and the oldest's age, until they go out.
     */
    @Test
    void deadLetteredEventsCountInThePublishLagUntilTheyArePublished() throws Exception {
        DeadLettered letter = aProjectBehindAnEventWhoseClassVanishedAndAnotherPublishedPastIt();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PublishLag.Measurement held = lag.measure();
            assertThat(held.events() - Math.max(0, held.head() - held.published())).as("the letters")
                    .isGreaterThanOrEqualTo(2);
            assertThat(held.seconds()).isPositive();
        });

        execute("UPDATE domainevententry SET payloadtype = ? WHERE eventidentifier = ?",
                org.kronika.events.TrainingDelivered.class.getName(), letter.vanished());
        assertThat(retry(letter.waiting()).path("published").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            PublishLag.Measurement published = lag.measure();
            assertThat(published.events()).isEqualTo(Math.max(0, published.head() - published.published()));
        });
    }

    /** Before the dead-letter queue, such an event was retried for ever and no project was published any more. */
    @Test
    void anEventWhoseDataCannotBeReadHoldsUpOnlyItsOwnProjectUntilRetried() throws Exception {
        String waiting = registerProject();
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(waiting).size() == 1);
        String damaged = storeRaw(waiting, 1, org.kronika.events.TrainingDelivered.class.getName(),
                "{\"projectId\":\"" + waiting + "\",\"participants\":");
        storeRaw(waiting, 2, org.kronika.events.TrainingDelivered.class.getName(), training(waiting, "after-1"));
        JsonNode letters = lettersOnceAnotherProjectIsPublishedPast(waiting);
        assertThat(letters.path("letters").asLong()).isEqualTo(2);
        assertThat(letters.at("/first/0/cause").asText()).contains("cannot be read");
        JsonNode stillDamaged = retry(waiting);
        assertThat(stillDamaged.path("published").asBoolean()).isFalse();
        assertThat(stillDamaged.path("lettersLeft").asLong()).isEqualTo(2);
        assertThat(firstOccurrences(waiting)).containsExactly(0L);

        // The fix: the row restored from a backup.
        execute("UPDATE domainevententry SET payload = ? WHERE eventidentifier = ?",
                training(waiting, "restored-1").getBytes(java.nio.charset.StandardCharsets.UTF_8), damaged);
        assertThat(retry(waiting).path("published").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(waiting).size() == 3);
        assertThat(firstOccurrences(waiting)).containsExactly(0L, 1L, 2L);
    }

    /**
     * An event whose data reads but names no project, or another one (a damaged row): its record could not be built
     * (no key), or would go out under the other project's key with this one's sequence, which readers drop as a
     * repeat. It is set aside for its own project, as one whose data cannot be read; it stopped every project's
     * publishing, the whole batch failing at its send again and again.
     */
    @Test
    void anEventThatNamesNoProjectOrAnotherHoldsUpOnlyItsOwnProject() throws Exception {
        for (String damage : List.of("{}", training("p-someone-else", "elsewhere-1"))) {
            String waiting = registerProject();
            await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(waiting).size() == 1);
            String damaged = storeRaw(waiting, 1, org.kronika.events.TrainingDelivered.class.getName(), damage);
            String other = registerProject();
            recordTraining(other, "t-1", 18, 14, 3);

            await(damage).atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(other).size() == 2);
            assertThat(firstOccurrences(waiting)).as(damage).containsExactly(0L);
            assertThat(deadLettersOf(waiting).at("/first/0/cause").asText()).as(damage).contains("not its own stream");

            // Put right, as from a backup, and retried: no letter is left for the tests after this one.
            execute("UPDATE domainevententry SET payload = ? WHERE eventidentifier = ?",
                    training(waiting, "restored-1").getBytes(java.nio.charset.StandardCharsets.UTF_8), damaged);
            assertThat(retry(waiting).path("published").asBoolean()).as(damage).isTrue();
            await(damage).atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(waiting).size() == 2);
        }
    }

    /**
     * An event whose record is over the producer's size limit (stored by a version with other bounds, or a limit
     * lowered since): it is set aside for its own project, its later events behind it, before anything of its batch
     * is sent. It failed the whole batch at its send, again and again, and no project was published any more; found
     * by the producer alone, the batch's records sent before it were on their way, its project's later event ahead
     * of it (seen: the topic held that project's 0 and 2).
     */
    @Test
    void anEventKafkaRefusesForGoodHoldsUpOnlyItsOwnProject() throws Exception {
        aRecordRefusedForGoodHoldsUpOnlyItsOwnProject(1_100_000, true);
    }

    /**
     * The same refusal from a topic whose limit is below the producer's: it shows only in Kafka's acknowledgements,
     * and the event is set aside when the batch is offered again. No later event of its project is stored: in the
     * same batch it would have gone out beside it, ahead of it on the topic, before the refusal was known.
     */
    @Test
    void anEventTheTopicRefusesForGoodHoldsUpOnlyItsOwnProject() throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()))) {
            AlterConfigOp lower = new AlterConfigOp(new ConfigEntry("max.message.bytes", "100000"),
                    AlterConfigOp.OpType.SET);
            admin.incrementalAlterConfigs(Map.of(topic, List.of(lower))).all().get();
            try {
                aRecordRefusedForGoodHoldsUpOnlyItsOwnProject(200_000, false);
            } finally {
                admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(
                        new ConfigEntry("max.message.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();
            }
        }
    }

    /**
     * A project's second event stored with a title of {@code titleLength} characters, and a third behind it if
     * {@code eventBehind}; set aside with what follows it, then put right and retried.
     */
    private void aRecordRefusedForGoodHoldsUpOnlyItsOwnProject(int titleLength, boolean eventBehind)
            throws Exception {
        String waiting = registerProject();
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(waiting).size() == 1);
        String tooLarge = storeRaw(waiting, 1, org.kronika.events.TrainingDelivered.class.getName(),
                training(waiting, "too-large-1").replace("Case management", "x".repeat(titleLength)));
        if (eventBehind) {
            storeRaw(waiting, 2, org.kronika.events.TrainingDelivered.class.getName(), training(waiting, "after-1"));
        }
        JsonNode letters = lettersOnceAnotherProjectIsPublishedPast(waiting);
        assertThat(letters.path("letters").asLong()).isEqualTo(eventBehind ? 2 : 1);
        assertThat(letters.at("/first/0/cause").asText()).contains(tooLarge).contains("Kafka refuses");

        // The fix: the row restored from a backup (or the limits raised); the retry publishes the letters in order.
        execute("UPDATE domainevententry SET payload = ? WHERE eventidentifier = ?",
                training(waiting, "restored-1").getBytes(java.nio.charset.StandardCharsets.UTF_8), tooLarge);
        assertThat(retry(waiting).path("published").asBoolean()).isTrue();
        List<Long> all = eventBehind ? List.of(0L, 1L, 2L) : List.of(0L, 1L);
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(waiting).equals(all));
    }

    /** Another project recorded and published past the waiting one's first event; the waiting one's letters. */
    private JsonNode lettersOnceAnotherProjectIsPublishedPast(String waiting) throws Exception {
        String other = registerProject();
        recordTraining(other, "t-1", 18, 14, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(other).size() == 2);
        assertThat(firstOccurrences(waiting)).containsExactly(0L);
        return deadLettersOf(waiting);
    }

    /** @param vanished the event id of the waiting project's first letter, whose class no longer resolves */
    private record DeadLettered(String waiting, String vanished) {
    }

    /**
     * A project's second event stored with a class the service no longer has, and a third behind it; another
     * project published after them, so the publisher has passed both.
     */
    private DeadLettered aProjectBehindAnEventWhoseClassVanishedAndAnotherPublishedPastIt() throws Exception {
        String waiting = registerProject();
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(waiting).size() == 1);
        String vanished = storeRaw(waiting, 1, "org.kronika.events.TrainingDeliveredSinceRemoved",
                training(waiting, "vanished-1"));
        storeRaw(waiting, 2, org.kronika.events.TrainingDelivered.class.getName(), training(waiting, "after-1"));
        String other = registerProject();
        recordTraining(other, "t-1", 18, 14, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> firstOccurrences(other).size() == 2);
        return new DeadLettered(waiting, vanished);
    }

    private static String training(String projectId, String activityId) {
        return "{\"projectId\":\"" + projectId + "\",\"activityId\":\"" + activityId + "\",\"title\":\"Case management\","
                + "\"occurredOn\":\"2024-03-12\",\"municipality\":\"Gjilan\",\"participants\":{\"total\":12,"
                + "\"bySex\":{\"female\":7,\"male\":5},\"byAgeBand\":{},\"byCommunity\":{}},\"plannedActivityId\":null,"
                + "\"indicatorIds\":[],\"module\":null,\"sessions\":1,\"deliveryMode\":\"in-person\"}";
    }

    /** An event written straight into the event store, as a past version of the service (or damage) left it. */
    private static String storeRaw(String projectId, long sequence, String payloadType, String payload)
            throws Exception {
        String eventId = UUID.randomUUID().toString();
        execute("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, "
                        + "payload, payloadrevision, payloadtype, timestamp) VALUES (?, ?, 'Project', ?, ?, ?, ?, ?, ?)",
                projectId, sequence, eventId, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                payload.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                org.kronika.events.EventTypes.of(org.kronika.events.TrainingDelivered.class).revision(), payloadType,
                java.time.Instant.now().toString());
        return eventId;
    }

    private static void execute(String sql, Object... parameters) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private JsonNode deadLettersOf(String projectId) throws Exception {
        var response = http.exchange("/api/admin/publisher/dead-letters", org.springframework.http.HttpMethod.GET,
                asAdmin(), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        for (JsonNode project : json.readTree(response.getBody()).path("listed")) {
            if (project.path("projectId").asText().equals(projectId)) {
                return project;
            }
        }
        return null;
    }

    private JsonNode retry(String projectId) throws Exception {
        var response = http.exchange("/api/admin/publisher/dead-letters/{id}/retry",
                org.springframework.http.HttpMethod.POST, asAdmin(), String.class, projectId);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }

    private static org.springframework.http.HttpEntity<Void> asAdmin() {
        var headers = new org.springframework.http.HttpHeaders();
        headers.setBearerAuth(org.kronika.command.Tokens.of("admin-demo"));
        return new org.springframework.http.HttpEntity<>(headers);
    }

    @Test
    void everyPublishedEventsDelayFromItsRecordingToKafkasAcknowledgementIsReportedToAdministratorsOnly()
            throws Exception {
        delaySinceLastCall();
        String projectId = registerProject();
        recordTraining(projectId, "t-1", 18, 14, 3);
        long[] events = {0};
        double[] max = {0};
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode sample = delaySinceLastCall();
            events[0] += sample.path("events").asLong();
            max[0] = Math.max(max[0], sample.path("max").asDouble());
            assertThat(sample.path("p50").asDouble()).isLessThanOrEqualTo(sample.path("max").asDouble());
            return events[0] >= 2;
        });
        assertThat(max[0]).as("ms from recording to acknowledgement").isGreaterThan(0).isLessThan(60_000);

        var headers = new org.springframework.http.HttpHeaders();
        headers.setBearerAuth(org.kronika.command.Tokens.of("auditor-demo"));
        assertThat(http.exchange("/api/admin/publisher/delay", org.springframework.http.HttpMethod.GET,
                new org.springframework.http.HttpEntity<>(headers), String.class).getStatusCode().value())
                .isEqualTo(403);
    }

    private JsonNode delaySinceLastCall() throws Exception {
        var response = http.exchange("/api/admin/publisher/delay", org.springframework.http.HttpMethod.GET,
                asAdmin(), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }

    @Test
    void noEventIsLostOrReorderedWhileKafkaIsDown() throws Exception {
        topic.ensureExists();
        TestInfrastructure.kafka().stop();
        String projectId;
        try {
            projectId = registerProject();
            for (int i = 1; i <= 20; i++) {
                recordTraining(projectId, "t-" + i, 10 + i, 5, 5);
            }
            assertThat(TestInfrastructure.storedEvents(projectId)).as("commands succeed while Kafka is away").isEqualTo(21);
        } finally {
            TestInfrastructure.kafka().start();
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> firstOccurrences(projectId).size() == 21);
        assertThat(firstOccurrences(projectId)).as("every event, in project order")
                .containsExactlyElementsOf(LongStream.range(0, 21).boxed().toList());
    }

    /** Axon's default would log the failure and move its token past the event, which would then never be published. */
    @Test
    void aPublicationThatFailsWhileSendingIsRetriedNotSkipped() throws Exception {
        String projectId = registerProject();
        await().atMost(Duration.ofSeconds(60)).until(() -> publishedFor(projectId).size() == 1);
        int failuresBefore = failingSends.failures();

        failingSends.failOnce(projectId, 1);
        recordTraining(projectId, "t-1", 18, 14, 3);
        await().atMost(Duration.ofSeconds(60)).until(() -> failingSends.failures() == failuresBefore + 1);
        recordTraining(projectId, "t-2", 9, 4, 5);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> firstOccurrences(projectId).contains(2L));
        assertThat(publishedFor(projectId)).extracting(r -> TopicReader.header(r, CloudEventHeaders.SEQUENCE))
                .as("the failed event published afterwards, in order, exactly once").containsExactly("0", "1", "2");
    }

    /**
     * An event whose transaction commits after events stored later (a position held while later ones committed) is
     * published all the same: the publisher waits for a position a transaction still holds. It would give such a
     * gap up after its gap timeout, or once far enough behind, and an event committed after that would never reach
     * the topic; PostgreSQL ends every transaction of the service left idle long before either (EventStoreGaps):
     * Axon's own limits (60 s, 10,000 positions) came with no bound on how long a transaction stays open.
     */
    @Test
    void anEventCommittedAfterLaterOnesIsPublishedAndNoTransactionStaysOpenLongerThanThePublisherWaitsForIt()
            throws Exception {
        String late = registerProject();
        String correlationId = UUID.randomUUID().toString();
        AfterCommitFaults.Hang hang = faults.hangBeforeCommit(correlationId);
        var headers = new org.springframework.http.HttpHeaders();
        headers.set("X-Correlation-Id", correlationId);
        var lateTraining = java.util.concurrent.CompletableFuture.supplyAsync(() -> http.postForEntity(
                "/api/projects/{id}/activities/training-delivered", new org.springframework.http.HttpEntity<>(Map.of(
                        "activityId", "late", "title", "Case management", "occurredOn", "2024-03-12",
                        "municipality", "Gjilan", "sessions", 1, "participants", Map.of("total", 4)), headers),
                String.class, late));
        String meanwhile;
        try {
            hang.awaitReached(Duration.ofSeconds(30));
            // Committed while the held transaction has its position, below theirs: short, well inside the bound.
            meanwhile = registerProject();
            recordTraining(meanwhile, "t-1", 10, 5, 5);
            assertThat(TestInfrastructure.storedEvents(late)).as("held: not committed yet").isEqualTo(1);
        } finally {
            hang.release();
        }
        assertThat(lateTraining.join().getStatusCode()).isEqualTo(HttpStatus.CREATED);
        await().atMost(Duration.ofSeconds(90)).until(() -> publishedFor(meanwhile).size() == 2
                && publishedFor(late).size() == 2);

        try (Connection connection = dataSource.getConnection();
             var shown = connection.createStatement().executeQuery("SHOW idle_in_transaction_session_timeout")) {
            shown.next();
            assertThat(shown.getString(1)).as("every connection of the pool").isEqualTo(
                    EventStoreGaps.LONGEST_IDLE_TRANSACTION.toSeconds() + "s");
        }
        // What the publisher reads with waits for a gap longer than any transaction stays open.
        Object engine = ReflectionTestUtils.getField(storageEngine, "events");
        assertThat((Integer) ReflectionTestUtils.getField(engine, "gapTimeout")).isEqualTo(
                (int) EventStoreGaps.GAP_TIMEOUT.toMillis()).isGreaterThan(
                (int) EventStoreGaps.LONGEST_IDLE_TRANSACTION.multipliedBy(2).toMillis());
        assertThat((Integer) ReflectionTestUtils.getField(engine, "maxGapOffset"))
                .isEqualTo(EventStoreGaps.MAX_GAP_OFFSET);
    }

    private List<Long> firstOccurrences(String projectId) {
        Set<Long> seen = new LinkedHashSet<>();
        publishedFor(projectId).forEach(r -> seen.add(Long.parseLong(TopicReader.header(r, CloudEventHeaders.SEQUENCE))));
        return new ArrayList<>(seen);
    }

    private List<ConsumerRecord<String, byte[]>> publishedFor(String projectId) {
        return TopicReader.readAll(TestInfrastructure.kafka().bootstrapServers(), TOPIC).stream()
                .filter(r -> projectId.equals(r.key())).toList();
    }

    private String registerProject() {
        String projectId = "p-" + UUID.randomUUID();
        var response = http.postForEntity("/api/projects", Map.of(
                "projectId", projectId, "organisationId", "komf", "organisation", "KOMF", "title", "Monitoring the Law on Child Protection",
                "municipalities", List.of("Prishtinë", "Gjilan"),
                "startDate", "2024-01-01", "endDate", "2024-12-31"), Map.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return projectId;
    }

    private void recordTraining(String projectId, String activityId, int total, int female, int male) {
        var response = http.postForEntity("/api/projects/{id}/activities/training-delivered", Map.of(
                "activityId", activityId, "title", "Case management", "occurredOn", LocalDate.of(2024, 3, 12).toString(),
                "municipality", "Gjilan", "sessions", 1,
                "participants", Map.of("total", total, "bySex", Map.of("female", female, "male", male))),
                Map.class, projectId);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

}
