package org.kronika.command.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.Tokens;
import org.kronika.command.project.ChainMetaData;
import org.kronika.command.publishing.FailingSends;
import org.kronika.command.publishing.TopicReader;
import org.kronika.command.web.AfterCommitFaults;
import org.kronika.events.PeriodApproved;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProgrammeEvent;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.SignedCheckpoints;
import org.kronika.infra.embedded.TemporaryDirectory;
import org.kronika.security.OpenApiAgreement;
import org.kronika.verifier.VerifyCli;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Checkpoints on the real event store and Kafka. The schedule of this test run's service may sign a periodic
 * checkpoint of its own at any moment, as another instance would: the assertions hold whoever signed.
 */
class CheckpointsTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHECKPOINTS_TOPIC = "kronika.checkpoints";

    @Autowired
    Checkpoints checkpoints;
    @Autowired
    SigningKeys keys;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KronikaCommandProperties properties;
    @Autowired
    PublisherProgress progress;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    CheckpointPublisher checkpointPublisher;
    @Autowired
    UnlistedSigningKeys unlistedKeys;
    @Autowired
    CheckpointStore store;
    @Autowired
    org.kronika.command.publishing.PublishLag publishLag;
    @Autowired
    org.kronika.command.publishing.ProjectEventsTopic topic;
    @Autowired
    org.kronika.command.publishing.PublishedTopics publishedTopics;
    @Autowired
    FailingSignings failingSignings;
    @Autowired
    FailingSends failingSends;
    @Autowired
    CheckpointsTopic checkpointsTopic;

    @Test
    void aPeriodicCheckpointSignsEveryStreamsHeadAndIsServedOncePublished() throws Exception {
        String projectId = registered();
        train(projectId, "t-1");
        train(projectId, "t-2");
        Head head = storedHead(projectId);
        assertThat(head.sequence()).isEqualTo(2);

        long id = signedOver(projectId, head);
        Checkpoint signed = verified(jws(id));
        assertThat(signed.head(projectId)).contains(head);
        // A stream whose last event carries no hash (as another test's damaged streams, written straight into the
        // store) is left out; once signed, a checkpoint keeps the head it signed then, which is no longer its last.
        List<Head> chained = signed.heads().stream().filter(h -> storedHead(h.projectId()).hash() != null).toList();
        assertThat(chained).as("each head is its stream's last event as Axon reads it back")
                .allSatisfy(signedHead -> assertThat(storedHead(signedHead.projectId())).isEqualTo(signedHead));
        assertThat(signed.programme()).isEqualTo(properties.programme());
        assertThat(signed.reason()).isEqualTo("periodic");
        assertThat(chained).as("every chained stream of the store")
                .hasSize(jdbc.queryForObject("SELECT count(*) FROM domainevententry e WHERE sequencenumber = "
                        + "(SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = e.aggregateidentifier) "
                        + "AND position('\"hash\"' in convert_from(metadata, 'UTF8')) > 0", Integer.class));

        assertThat(outcomeOnceUnlocked(Duration.ZERO)).as("nothing changed since")
                .isEqualTo(Checkpoints.Outcome.UNCHANGED);
        train(projectId, "t-3");
        assertThat(outcomeOnceUnlocked(Duration.ofHours(1))).as("the last is a second old")
                .isEqualTo(Checkpoints.Outcome.NOT_DUE);

        JsonNode latest = await().atMost(Duration.ofSeconds(60)).until(() -> getJson("/api/checkpoints"),
                view -> view != null && view.path("id").asLong() == id);
        assertThat(latest.path("jws").asText()).isEqualTo(jws(id));
        assertThat(latest.path("keyId").asText()).isEqualTo(keys.keyId());
        assertThat(latest.path("root").asText()).isEqualTo(signed.root());
        assertThat(latest.path("size").asInt()).isEqualTo(signed.heads().size());
        assertThat(JSON.convertValue(latest.path("heads"), new TypeReference<List<Head>>() {
        })).as("the served heads are the signed ones").isEqualTo(signed.heads());
        HttpHeaders jose = new HttpHeaders();
        jose.setAccept(List.of(org.springframework.http.MediaType.parseMediaType("application/jose")));
        HttpResponse<String> noAccept = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                http.getRootUri() + "/api/checkpoints")).header("Authorization", "Bearer " + Tokens.of("auditor-demo"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noAccept.headers().firstValue("Content-Type")).as("JSON unless the JWS is asked for by name")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        String servedJws = http.exchange("/api/checkpoints", HttpMethod.GET, new HttpEntity<>(jose), String.class)
                .getBody();
        assertThat(servedJws).isEqualTo(jws(id));
        assertThat(verifierSays(servedJws, anonymous("/api/checkpoints/keys").body(), "--prove", projectId))
                .as("the auditors' tool, given what the service serves")
                .contains("\"issuedAt\" : \"" + signed.issuedAt() + "\"")
                .contains(head.hash());

        Instant issuedAt = Instant.parse(signed.issuedAt());
        assertThat(getJson("/api/checkpoints?at=" + issuedAt).path("id").asLong()).isEqualTo(id);
        JsonNode before = getJson("/api/checkpoints?at=" + issuedAt.minus(1, ChronoUnit.MILLIS));
        assertThat(before == null || before.path("id").asLong() < id).as("at or before, never after").isTrue();
        JsonNode history = getJson("/api/checkpoints/history?page=0&size=1");
        assertThat(history.path("items")).hasSize(1);
        assertThat(history.path("totalItems").asLong()).isEqualTo(history.path("totalPages").asLong()).isPositive();

        // On its topic, after the events it signs: the publisher had passed them when the checkpoint went out.
        var published = TopicReader.readAll(TestInfrastructure.kafka().bootstrapServers(), CHECKPOINTS_TOPIC);
        assertThat(published).anySatisfy(record -> {
            assertThat(new String(record.value())).isEqualTo(jws(id));
            assertThat(record.key()).isEqualTo(properties.programme());
            assertThat(TopicReader.header(record, "content-type")).isEqualTo("application/jose");
        });
    }

    /**
     * The columns beside the JWS are no part of what was signed: whoever writes to the database can edit them. An old
     * checkpoint dated in the year 2999 must not be served as the latest for ever, nor an edited column as signed.
     */
    @Test
    void theLatestCheckpointIsTheOneSignedLastAndWhatIsServedIsWhatItsJwsSays() throws Exception {
        String projectId = registered();
        train(projectId, "t-1");
        long first = signedOver(projectId, storedHead(projectId));
        train(projectId, "t-2");
        long second = signedOver(projectId, storedHead(projectId));
        await().atMost(Duration.ofSeconds(60)).until(() -> published(first) && published(second));
        Checkpoint signed = verified(jws(first));
        Map<String, Object> columns = jdbc.queryForMap("SELECT issued_at, reason, root, size, key_id FROM checkpoints "
                + "WHERE id = ?", first);
        jdbc.update("UPDATE checkpoints SET issued_at = '2999-01-01T00:00:00Z', reason = 'approval forged', root = ?, "
                + "size = 1, key_id = 'forged' WHERE id = ?", "0".repeat(64), first);
        try {
            assertThat(getJson("/api/checkpoints").path("id").asLong()).as("the latest").isGreaterThanOrEqualTo(second);
            // At a time, the latest checkpoint signed by then by its JWS, not the row whose column says so.
            JsonNode dated = getJson("/api/checkpoints?at=2999-06-01T00:00:00Z");
            assertThat(dated.path("id").asLong()).isGreaterThanOrEqualTo(second);
            Checkpoint served = verified(jws(dated.path("id").asLong()));
            assertThat(dated.path("issuedAt").asText()).isEqualTo(served.issuedAt());
            assertThat(dated.path("reason").asText()).isEqualTo(served.reason());
            assertThat(dated.path("root").asText()).isEqualTo(served.root());
            assertThat(dated.path("size").asInt()).isEqualTo(served.heads().size());
            assertThat(dated.path("keyId").asText()).isEqualTo(keys.keyId());
            assertThat(signed.issuedAt()).isLessThan(served.issuedAt());
            List<Long> history = new ArrayList<>();
            getJson("/api/checkpoints/history?size=100").path("items").forEach(item -> {
                history.add(item.path("id").asLong());
                assertThat(item.path("reason").asText()).isNotEqualTo("approval forged");
            });
            assertThat(history).as("the latest first").isSortedAccordingTo(java.util.Comparator.reverseOrder());
        } finally {
            jdbc.update("UPDATE checkpoints SET issued_at = ?, reason = ?, root = ?, size = ?, key_id = ? WHERE id = ?",
                    columns.get("issued_at"), columns.get("reason"), columns.get("root"), columns.get("size"),
                    columns.get("key_id"), first);
        }
    }

    /**
     * An event the publisher cannot publish waits in its dead-letter queue, and the publisher's token passes it. A
     * checkpoint signing it would be published over a history the topic cuts short (an auditor's verifier would say
     * CUT), or, held back, keep every later checkpoint back with it. Its stream is signed up to the event before it.
     */
    @Test
    void aStreamWithAnEventInThePublishersDeadLetterQueueIsSignedUpToTheEventBeforeIt() throws Exception {
        String projectId = registered();
        train(projectId, "t-1");
        Head published = storedHead(projectId);
        String eventId = UUID.randomUUID().toString();
        setAsideAsItsThirdEvent(projectId, eventId);
        long deadPosition = position(projectId, 2);
        assertThat(progress.hasPublished(List.of(deadPosition))).as("passed by the token, yet not on the topic")
                .isFalse();

        try {
            long id = signedOver(projectId, published);
            await().atMost(Duration.ofSeconds(60)).until(() -> published(id));
        } finally {
            // Whatever happened above: a checkpoint the schedule signed before the letter was written waits for it,
            // and every later one with it.
            fixedAndRetried(projectId, eventId);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> progress.hasPublished(List.of(deadPosition)));
        // The stream is signed at its head again.
        Head head = storedHead(projectId);
        assertThat(head.sequence()).isEqualTo(2);
        signedOver(projectId, head);
    }

    /**
     * An approval recorded behind a letter in the publisher's dead-letter queue is not on the topic: its checkpoint
     * signs the project at the event before the letter, as every checkpoint does, and goes out without waiting for an
     * operator. Signed at the approval, it went out all the same, over a history the topic did not hold, and a
     * verifier reading both called the project's history cut. The approval is signed once the letter is retried.
     */
    @Test
    void anApprovalBehindADeadLetterIsSignedWhereTheTopicShowsItsProjectAndGoesOut() throws Exception {
        String projectId = registered();
        train(projectId, "t-1");
        Head published = storedHead(projectId);
        String eventId = UUID.randomUUID().toString();
        setAsideAsItsThirdEvent(projectId, eventId);
        try {
            // The approval's signing, as its processor does it, of an approval at the letter's place in the stream.
            Checkpoints.Signing signing = checkpoints.signApproval(projectId, "2024-Q1", projectId, 2,
                    UUID.randomUUID().toString());
            assertThat(signing.outcome()).isEqualTo(Checkpoints.Outcome.SIGNED);
            assertThat(verified(jws(signing.id())).head(projectId)).as("before the letter").contains(published);
            await().atMost(Duration.ofSeconds(60)).until(() -> published(signing.id()));
        } finally {
            fixedAndRetried(projectId, eventId);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> progress.hasPublished(List.of(position(projectId, 2))));
        signedOver(projectId, storedHead(projectId));
    }

    /**
     * A checkpoint is marked published only once Kafka acknowledged it: marked before, or without waiting for the
     * acknowledgement, one whose send failed would be served by the API as published and never reach the topic.
     */
    @Test
    void aCheckpointWhoseSendFailsStaysUnpublishedUntilKafkaAcknowledgesItsRetry() throws Exception {
        String projectId = registered();
        train(projectId, "t-1");
        int failuresBefore = failingSends.failures();
        long[] signed = {0};
        AfterCommitFaults.Hang[] retry = {null};
        // Armed before any round can send it.
        SigningHeldElsewhere.publishing(() -> {
            signed[0] = signedOver(projectId, storedHead(projectId));
            retry[0] = failingSends.failOnceThenHoldTheRetry(CHECKPOINTS_TOPIC, jws(signed[0]));
        });
        long id = signed[0];
        try {
            // Never reached if the failed attempt marked it published: nothing sends it again.
            retry[0].awaitReached(Duration.ofSeconds(60));
            assertThat(failingSends.failures()).isEqualTo(failuresBefore + 1);
            assertThat(published(id)).as("after the round whose send failed").isFalse();
        } finally {
            retry[0].release();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> published(id));
        assertThat(TopicReader.readAll(TestInfrastructure.kafka().bootstrapServers(), CHECKPOINTS_TOPIC))
                .filteredOn(record -> new String(record.value(), StandardCharsets.US_ASCII).equals(jws(id)))
                .as("on the topic once, sent again after the failure").hasSize(1);
    }

    /**
     * The runbook "Kafka topic lost" on the running service: the events topic deleted, then created again by the next
     * publication, holding only that one; the publisher's token, unchanged, still says the checkpoint's events are
     * published. The checkpoint waits until they are on the topic again, after the republish the runbook starts by
     * deleting the token, and the publication delay does not count the republished events.
     */
    @Test
    void aCheckpointWaitsWhileTheEventsTopicLacksItsEventsAndGoesOutOnceTheyAreRepublished() throws Exception {
        String projectId = registered();
        train(projectId, "t-1");
        Head head = storedHead(projectId);
        long position = position(projectId, head.sequence());
        await().atMost(Duration.ofSeconds(60)).until(() -> progress.hasPublished(List.of(position)));
        long id;
        try (var kafka = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers",
                TestInfrastructure.kafka().bootstrapServers()))) {
            long[] signed = {0};
            SigningHeldElsewhere.publishing(() -> {
                signed[0] = signedOver(projectId, head);
                kafka.deleteTopics(List.of(properties.topic().name())).all().get();
            });
            id = signed[0];
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> topicHealth().at("/details/reason").asText()
                .equals("topic " + properties.topic().name() + " does not exist: see the runbook 'Kafka topic lost' "
                        + "(docs/operations.md)"));
        assertThat(progress.hasPublished(List.of(position))).as("passed by the token, but the topic is gone").isFalse();
        checkpointPublisher.publishPending();
        assertThat(published(id)).isFalse();

        train(projectId, "t-2");
        await().atMost(Duration.ofSeconds(60)).until(() -> topicHealth().at("/details/lacksEventsFrom").asLong() > 0);
        assertThat(topicHealth().at("/details/reason").asText()).contains("was created anew");
        assertThat(progress.hasPublished(List.of(position))).as("the topic created again holds only t-2").isFalse();
        checkpointPublisher.publishPending();
        assertThat(published(id)).isFalse();

        delaySinceLastCall();
        jdbc.update("DELETE FROM tokenentry WHERE processorname = 'kafka-publisher'");
        await().atMost(Duration.ofSeconds(120)).until(() -> published(id));
        await().atMost(Duration.ofSeconds(60)).until(() -> publishLag.measure().events() == 0);
        assertThat(TopicReader.readAll(TestInfrastructure.kafka().bootstrapServers(), properties.topic().name()))
                .filteredOn(record -> projectId.equals(record.key()))
                .extracting(record -> TopicReader.header(record, org.kronika.events.CloudEventHeaders.SEQUENCE))
                .contains("0", "1", "2");
        await().atMost(Duration.ofSeconds(30)).until(() -> topicHealth().path("status").asText().equals("UP"));
        assertThat(delaySinceLastCall().path("events").asLong())
                .as("republished events are not measured from when they were first recorded").isZero();
    }

    /**
     * The events topic lost, and the publisher's next batch holds only an event it sets aside (its class removed):
     * the topic created again is recorded as holding everything from that event on, as it does but for the set-aside
     * stream, which the checkpoints leave out by their own rule. Recording only what was sent left the record above
     * such events for ever when a republish's first events were set aside: the health DOWN, and every checkpoint
     * signing a stream's head below the record held back, with every later one.
     */
    @Test
    void aBatchOfOnlyASetAsideEventStillRecordsFromWhereTheTopicCreatedAnewHoldsEverything() throws Exception {
        String projectId = registered();
        long registration = position(projectId, 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> progress.hasPublished(List.of(registration)));
        try (var kafka = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers",
                TestInfrastructure.kafka().bootstrapServers()))) {
            kafka.deleteTopics(List.of(properties.topic().name())).all().get();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> topicHealth().at("/details/reason").asText()
                .contains("does not exist"));
        String eventId = UUID.randomUUID().toString();
        storeWithItsClassRemoved(projectId, 1, eventId, "t-1");
        long setAside = position(projectId, 1);
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> letters(projectId) == 1);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(topic.existingId())
                    .hasValueSatisfying(id -> assertThat(publishedTopics.heldFrom(id)).hasValue(setAside)));
        } finally {
            // The fix an operator deploys and a retry; then the runbook's republish, for the tests after this one.
            classRestored(eventId);
            if (letters(projectId) > 0) {
                http.exchange("/api/admin/publisher/dead-letters/{id}/retry", HttpMethod.POST,
                        new HttpEntity<>(adminHeaders()), String.class, projectId);
            }
            jdbc.update("DELETE FROM tokenentry WHERE processorname = 'kafka-publisher'");
            await().atMost(Duration.ofSeconds(120)).until(() -> topicHealth().path("status").asText().equals("UP"));
        }
    }

    /**
     * The project's third event (sequence 2), a training the publisher sets aside, once it is in the dead-letter
     * queue. No checkpoint is signed meanwhile: one signed in between would sign the event and wait for it (with every
     * later one) until it is retried, the limit audit/checkpoints.md states.
     */
    private void setAsideAsItsThirdEvent(String projectId, String eventId) throws Exception {
        SigningHeldElsewhere.run(() -> {
            storeWithItsClassRemoved(projectId, 2, eventId, "t-2");
            await().atMost(Duration.ofSeconds(60)).until(() -> letters(projectId) == 1);
        });
    }

    /** The fix an operator deploys (the event's class back), then a retry of the project's letters. */
    private void fixedAndRetried(String projectId, String eventId) {
        classRestored(eventId);
        assertThat(http.exchange("/api/admin/publisher/dead-letters/{id}/retry", HttpMethod.POST,
                new HttpEntity<>(adminHeaders()), String.class, projectId).getStatusCode().value()).isEqualTo(200);
    }

    private void classRestored(String eventId) {
        jdbc.update("UPDATE domainevententry SET payloadtype = ? WHERE eventidentifier = ?",
                org.kronika.events.TrainingDelivered.class.getName(), eventId);
    }

    /** A training stored as a past version left it, its class since removed: the publisher sets it aside. */
    private void storeWithItsClassRemoved(String projectId, long sequence, String eventId, String activityId) {
        jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "metadata, payload, payloadrevision, payloadtype, timestamp) VALUES (?, ?, 'Project', ?, "
                        + "convert_to(?, 'UTF8'), convert_to(?, 'UTF8'), ?, "
                        + "'org.kronika.events.TrainingDeliveredSinceRemoved', ?)",
                projectId, sequence, eventId, "{\"hash\":\"" + "b".repeat(64) + "\"}",
                trainingJson(projectId, activityId),
                org.kronika.events.EventTypes.of(org.kronika.events.TrainingDelivered.class).revision(),
                Instant.now().toString());
    }

    private long letters(String projectId) {
        return jdbc.queryForObject("SELECT count(*) FROM deadletterentry WHERE aggregateidentifier = ?", Long.class,
                projectId);
    }

    private long position(String aggregate, long sequence) {
        return jdbc.queryForObject("SELECT globalindex FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND sequencenumber = ?", Long.class, aggregate, sequence);
    }

    private JsonNode topicHealth() throws Exception {
        return JSON.readTree(http.getForObject("/actuator/health", String.class)).path("components")
                .path("projectEventsTopic");
    }

    private JsonNode delaySinceLastCall() throws Exception {
        return JSON.readTree(http.exchange("/api/admin/publisher/delay", HttpMethod.GET,
                new HttpEntity<>(adminHeaders()), String.class).getBody());
    }

    @Test
    void severalInstancesTickingAtOnceSignOneCheckpoint() throws Exception {
        String projectId = registered();
        train(projectId, "t-1");
        int instances = 4;
        CyclicBarrier together = new CyclicBarrier(instances);
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        List<Future<Checkpoints.Signing>> ticks = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                ticks.add(threads.submit(() -> {
                    together.await();
                    return checkpoints.signPeriodicIfDue(Duration.ZERO);
                }));
            }
            List<Checkpoints.Outcome> outcomes = new ArrayList<>();
            for (Future<Checkpoints.Signing> tick : ticks) {
                outcomes.add(tick.get().outcome());
            }
            assertThat(outcomes).filteredOn(Checkpoints.Outcome.SIGNED::equals).hasSizeLessThanOrEqualTo(1);
            assertThat(outcomes).allMatch(outcome -> outcome == Checkpoints.Outcome.SIGNED
                    || outcome == Checkpoints.Outcome.LOCKED || outcome == Checkpoints.Outcome.UNCHANGED);
        } finally {
            threads.shutdownNow();
        }
        String root = verified(jws(lastSignedId())).root();
        assertThat(verified(jws(lastSignedId())).head(projectId)).contains(storedHead(projectId));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM checkpoints WHERE root = ?", Integer.class, root))
                .as("one checkpoint over these heads, whoever signed it").isEqualTo(1);
    }

    @Test
    void anInstanceSkipsWhileAnotherHoldsTheLock() throws Exception {
        train(registered(), "t-1");
        SigningHeldElsewhere.run(() -> assertThat(checkpoints.signPeriodicIfDue(Duration.ZERO).outcome())
                .isEqualTo(Checkpoints.Outcome.LOCKED));
    }

    /**
     * An approval through the workflow (the recorder submits, the officer approves): its checkpoint names the
     * approval itself as the project's head, even when the project records more before the checkpoint is signed.
     */
    @Test
    void everyApprovalIsSignedOnceWithTheApprovalAsItsProjectsHead() throws Exception {
        String projectId = registered();
        train(projectId, "t-1", "2024-03-12");
        DomainEventMessage<?> approval = approved(projectId, "2024-Q1");
        train(projectId, "t-2", "2024-05-14");
        Head later = storedHead(projectId);
        String reason = "approval " + projectId + " 2024-Q1";

        long id = await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(
                "SELECT id FROM checkpoints WHERE reason = ?", Long.class, reason), ids -> ids.size() == 1).get(0);
        Checkpoint signed = verified(jws(id));
        Head approved = new Head(projectId, approval.getSequenceNumber(),
                (String) approval.getMetaData().get(ChainMetaData.HASH));
        // The later head only if the schedule signed it in the moment before the approval processor: never lower.
        assertThat(signed.head(projectId)).hasValueSatisfying(head -> assertThat(head).isIn(approved, later));
        assertThat(checkpoints.signApproval(projectId, "2024-Q1", projectId, approval.getSequenceNumber(),
                approval.getIdentifier()).outcome()).as("its handling retried")
                .isEqualTo(Checkpoints.Outcome.ALREADY_SIGNED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM checkpoints WHERE reason = ?", Integer.class, reason))
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> published(id));
    }

    /**
     * Signing an approval that fails (the database away a moment) fails the approval processor's batch, which is
     * retried: Axon's default would log the error and move the processor's token past the approval, never signed.
     */
    @Test
    void anApprovalWhoseSigningFailsIsSignedOnceWhenRetriedNotSkipped() throws Exception {
        String projectId = registered();
        train(projectId, "t-1", "2024-03-12");
        int failuresBefore = failingSignings.failures();
        failingSignings.failOnce(projectId, "2024-Q1");

        approved(projectId, "2024-Q1");

        await().atMost(Duration.ofSeconds(60)).until(() -> failingSignings.failures() == failuresBefore + 1);
        String reason = "approval " + projectId + " 2024-Q1";
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM checkpoints WHERE reason = ?", Integer.class, reason) > 0);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM checkpoints WHERE reason = ?", Integer.class, reason))
                .as("signed once, however often its handling was tried").isEqualTo(1);
    }

    /** The recorder submits the period and the officer approves the version reviewed, the one the project is at. */
    private DomainEventMessage<?> approved(String projectId, String periodId) {
        String period = "/api/projects/" + projectId + "/periods/" + periodId;
        assertThat(http.postForEntity(period + "/submissions", Map.of("comment", "Complete"), String.class)
                .getStatusCode().value()).isEqualTo(200);
        HttpHeaders reviewed = new HttpHeaders();
        reviewed.setIfMatch("\"" + lastEvent(projectId).getSequenceNumber() + "\"");
        assertThat(http.postForEntity(period + "/approvals", new HttpEntity<>(Map.of("comment", "Matches the sheets"),
                reviewed), String.class).getStatusCode().value()).isEqualTo(200);
        DomainEventMessage<?> approval = lastEvent(projectId);
        assertThat(approval.getPayload()).isInstanceOf(PeriodApproved.class);
        return approval;
    }

    /**
     * A closure is signed at once, its project at the closure, which a closed project records nothing after: a copy
     * of the history cut back before it no longer reaches what the checkpoint signed.
     */
    @Test
    void everyClosureIsSignedOnceWithTheClosureAsItsProjectsHead() throws Exception {
        String projectId = "cp-" + UUID.randomUUID();
        assertThat(http.postForEntity("/api/projects", Map.of("projectId", projectId, "organisationId", "komf",
                "organisation", "KOMF", "title", "Closed out", "municipalities", List.of("Gjilan"),
                "startDate", "2022-01-01", "endDate", "2022-03-31"), String.class).getStatusCode().value())
                .isEqualTo(201);
        String period = "/api/projects/" + projectId + "/periods/2022-Q1";
        assertThat(http.postForEntity(period + "/submissions", Map.of("comment", "All recorded"), String.class)
                .getStatusCode().value()).isEqualTo(200);
        HttpHeaders reviewed = new HttpHeaders();
        reviewed.setIfMatch("\"1\"");
        assertThat(http.postForEntity(period + "/approvals", new HttpEntity<>(Map.of(), reviewed), String.class)
                .getStatusCode().value()).isEqualTo(200);
        HttpHeaders lookedAt = new HttpHeaders();
        lookedAt.setIfMatch("\"2\"");
        assertThat(http.postForEntity("/api/projects/" + projectId + "/closures", new HttpEntity<>(Map.of(), lookedAt),
                String.class).getStatusCode().value()).isEqualTo(200);
        DomainEventMessage<?> closure = lastEvent(projectId);
        assertThat(closure.getPayload()).isInstanceOf(ProjectClosed.class);
        String reason = "closure " + projectId;

        long id = await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList(
                "SELECT id FROM checkpoints WHERE reason = ?", Long.class, reason), ids -> ids.size() == 1).get(0);

        assertThat(verified(jws(id)).head(projectId)).contains(new Head(projectId, closure.getSequenceNumber(),
                (String) closure.getMetaData().get(ChainMetaData.HASH)));
        assertThat(transactions.execute(status -> checkpoints.signClosure(projectId, closure.getIdentifier()))
                .outcome()).as("its handling retried").isEqualTo(Checkpoints.Outcome.ALREADY_SIGNED);
        await().atMost(Duration.ofSeconds(60)).until(() -> published(id));
    }

    /**
     * An approval's checkpoint is signed in the approval processor's transaction, which commits at the end of its
     * batch. A periodic checkpoint signed meanwhile must not reach the topic before it: a reader takes the topic's
     * last record as the latest checkpoint, and the one signed earlier would come after it.
     */
    @Test
    void aCheckpointSignedWhileAnApprovalIsBeingSignedReachesTheTopicAfterIt() throws Exception {
        String projectId = registered();
        train(projectId, "t-1");
        long sequence = storedHead(projectId).sequence();
        CountDownLatch signed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService approvalProcessor = Executors.newSingleThreadExecutor();
        try {
            Future<Checkpoints.Signing> approval = approvalProcessor.submit(() -> transactions.execute(status -> {
                Checkpoints.Signing signing = checkpoints.signApproval(projectId, "2024-Q1", projectId, sequence,
                        UUID.randomUUID().toString());
                signed.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return signing;
            }));
            assertThat(signed.await(60, TimeUnit.SECONDS)).isTrue();
            train(projectId, "t-2");
            Checkpoints.Signing periodic = checkpoints.signPeriodicIfDue(Duration.ZERO);
            if (periodic.outcome() == Checkpoints.Outcome.SIGNED) {
                await().atMost(Duration.ofSeconds(60)).until(() -> published(periodic.id()));
            }
            release.countDown();
            long approvalId = approval.get(60, TimeUnit.SECONDS).id();
            await().atMost(Duration.ofSeconds(60)).until(() -> published(approvalId));
            train(projectId, "t-3");
            long later = signedOver(projectId, storedHead(projectId));
            await().atMost(Duration.ofSeconds(60)).until(() -> published(later));
        } finally {
            release.countDown();
            approvalProcessor.shutdownNow();
        }

        Map<String, Long> ids = new HashMap<>();
        jdbc.query("SELECT id, jws FROM checkpoints", (RowCallbackHandler) row -> ids.put(row.getString(2), row.getLong(1)));
        List<Long> onTopic = TopicReader.readAll(TestInfrastructure.kafka().bootstrapServers(), CHECKPOINTS_TOPIC)
                .stream().map(record -> ids.get(new String(record.value(), StandardCharsets.US_ASCII)))
                .distinct().toList();
        assertThat(onTopic).as("the topic holds the checkpoints in the order they were signed").isSorted();
    }

    /**
     * Someone with write access to the database deletes a project's last event, or changes an event and recomputes
     * its hash. The key must not sign that history afresh: an auditor who fetches only the newest checkpoint would
     * find nothing wrong. Until it is put right nothing is signed. An approval whose project a checkpoint already
     * signed further is signed there, not lower: the approval is in that head's chain.
     */
    @Test
    void noCheckpointIsSignedOverAHistoryThatLostOrChangedWhatTheLastOneSigned() throws Exception {
        String projectId = registered();
        Head head = twoTrainingsSigned(projectId);
        String where = SECOND_TRAINING;
        byte[] metadata = jdbc.queryForObject("SELECT metadata FROM domainevententry" + where, byte[].class, projectId);

        String rehashed = "f".repeat(64);
        jdbc.update("UPDATE domainevententry SET metadata = convert_to(replace(convert_from(metadata, 'UTF8'), ?, ?), "
                + "'UTF8')" + where, head.hash(), rehashed, projectId);
        long before = lastSignedId();
        try {
            assertThat(refusal()).as("changed and re-hashed").contains(projectId + " event 2");
            jdbc.update("UPDATE domainevententry SET metadata = convert_to('{}', 'UTF8')" + where, projectId);
            assertThat(refusal()).as("its hash removed").contains(projectId + " event 2");
            jdbc.update("UPDATE domainevententry SET sequencenumber = -sequencenumber" + where, projectId);
            assertThat(refusal()).as("the event gone").contains(projectId + " event 2");
            assertThat(lastSignedId()).isEqualTo(before);
        } finally {
            jdbc.update("UPDATE domainevententry SET sequencenumber = 2, metadata = ? WHERE aggregateidentifier = ? "
                    + "AND sequencenumber IN (2, -2)", metadata, projectId);
        }

        train(projectId, "t-3");
        signedOver(projectId, storedHead(projectId));
        Checkpoints.Signing approval = transactions.execute(status -> checkpoints.signApproval(projectId, "2024-Q1",
                projectId, 1, UUID.randomUUID().toString()));
        assertThat(approval.outcome()).isEqualTo(Checkpoints.Outcome.SIGNED);
        assertThat(verified(jws(approval.id())).head(projectId)).as("never lower than a checkpoint signed it before")
                .contains(storedHead(projectId));
    }

    /**
     * Each checkpoint is checked against the last one alone. A stream left out of one (a dead letter written for its
     * first event, or the hash taken off its last event) would be checked by none after it, and its history could
     * then be rewritten and signed. Once signed, a stream is signed by every later checkpoint, at least as far.
     */
    @Test
    void aStreamOnceSignedIsNeverLeftOutSoAHistoryRewrittenBehindADeadLetterOrAStrippedHashIsRefused()
            throws Exception {
        String projectId = registered();
        Head head = twoTrainingsSigned(projectId);
        byte[] second = jdbc.queryForObject("SELECT metadata FROM domainevententry" + SECOND_TRAINING, byte[].class,
                projectId);
        String letter = deadLetter(projectId, 0);
        try {
            assertSignedAfterATick(head, "a dead letter for its first event");
            rehashed(SECOND_TRAINING, projectId, head.hash());
            assertThat(refusal()).as("rewritten behind the dead letter").contains(projectId + " event 2");
        } finally {
            jdbc.update("DELETE FROM deadletterentry WHERE deadletteridentifier = ?", letter);
            jdbc.update("UPDATE domainevententry SET metadata = ?" + SECOND_TRAINING, second, projectId);
        }

        byte[][] third = new byte[1][];
        SigningHeldElsewhere.run(() -> {
            // No checkpoint may sign the third training before its hash is taken off: that would be signing it.
            train(projectId, "t-3");
            third[0] = jdbc.queryForObject("SELECT metadata FROM domainevententry" + THIRD_TRAINING, byte[].class,
                    projectId);
            jdbc.update("UPDATE domainevententry SET metadata = convert_to('{}', 'UTF8')" + THIRD_TRAINING, projectId);
        });
        try {
            assertSignedAfterATick(head, "its last event's hash taken off");
            // Re-hashed from the second training on: the third gets its hash back, naming the second's new one.
            rehashed(SECOND_TRAINING, projectId, head.hash());
            jdbc.update("UPDATE domainevententry SET metadata = convert_to(replace(convert_from(?, 'UTF8'), ?, ?), "
                    + "'UTF8')" + THIRD_TRAINING, third[0], head.hash(), "f".repeat(64), projectId);
            assertThat(refusal()).as("rewritten once the stream was left out").contains(projectId + " event 2");
        } finally {
            jdbc.update("UPDATE domainevententry SET metadata = ?" + SECOND_TRAINING, second, projectId);
            jdbc.update("UPDATE domainevententry SET metadata = ?" + THIRD_TRAINING, third[0], projectId);
        }
        train(projectId, "t-4");
        signedOver(projectId, storedHead(projectId));
    }

    /**
     * An instance whose clock ran ahead signed a checkpoint dated after one signed later, with a stream lower than
     * that one signed it. Taken for the last by its date, it hid the later one: the stream could be rewritten past
     * where it had signed it, and signed. Both the table's last row and the topic's last record are checked.
     */
    @Test
    void aCheckpointDatedAheadByAClockDoesNotHideAStreamSignedFurtherSince() throws Exception {
        String projectId = registered();
        SignedOneByOne signed = twoTrainingsSignedOneByOne(projectId);
        long lower = signed.first();
        Head head = signed.head();
        Checkpoint skewed = Checkpoint.of(properties.programme(), Instant.now().plus(Duration.ofHours(1))
                .truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(), verified(jws(lower)).heads(), "periodic");
        byte[] metadata = jdbc.queryForObject("SELECT metadata FROM domainevententry" + SECOND_TRAINING, byte[].class,
                projectId);
        long[] skewedId = new long[1];
        try {
            // No tick may sign meanwhile: its checkpoint, the table's last row, would hold the stream further.
            SigningHeldElsewhere.run(() -> {
                // Published already, as far as the table says: it is the last row, not sent again.
                jdbc.update("INSERT INTO checkpoints (issued_at, reason, root, size, key_id, jws, head_positions, "
                                + "published_at) VALUES (now() + interval '1 hour', 'periodic', ?, ?, ?, ?, '{}', now())",
                        skewed.root(), skewed.heads().size(), keys.keyId(), keys.sign(skewed));
                skewedId[0] = lastSignedId();
                // As an instance started since, which did not sign the one further: the topic's last record shows it.
                checkpoints.forgetWhatItSigned();
                rehashed(SECOND_TRAINING, projectId, head.hash());
            });
            assertThat(refusal()).as("rewritten past the skewed checkpoint's head").contains(projectId + " event 2");
        } finally {
            jdbc.update("UPDATE domainevententry SET metadata = ?" + SECOND_TRAINING, metadata, projectId);
            jdbc.update("DELETE FROM checkpoints WHERE id = ?", skewedId[0]);
        }
        train(projectId, "t-3");
        signedOver(projectId, storedHead(projectId));
    }

    /**
     * After a republish (the topic lost), an event a checkpoint signed lands in the publisher's dead-letter queue:
     * the stream is still signed where it was, and the checkpoint is published without waiting for the letter,
     * which waits for an operator; waiting for it, every later checkpoint of every project waited too.
     */
    @Test
    void aDeadLetterBelowAStreamsSignedHeadHoldsBackNoCheckpoint() throws Exception {
        String projectId = registered();
        Head head = twoTrainingsSigned(projectId);
        String[] letter = new String[1];
        // Once every checkpoint signed so far is on the topic, as long after a republish's checkpoint: one signed
        // before the letter came and not yet published waits for it (the limit audit/checkpoints.md states).
        SigningHeldElsewhere.run(() -> {
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("SELECT count(*) FROM checkpoints "
                    + "WHERE published_at IS NULL AND key_id = ?", Long.class, keys.keyId()) == 0);
            letter[0] = deadLetter(projectId, 1);
        });
        try {
            String other = registered();
            train(other, "t-1");
            long id = signedOver(other, storedHead(other));
            assertThat(verified(jws(id)).head(projectId)).as("still signed where it was").contains(head);
            await().atMost(Duration.ofSeconds(60)).until(() -> published(id));
        } finally {
            jdbc.update("DELETE FROM deadletterentry WHERE deadletteridentifier = ?", letter[0]);
        }
    }

    /**
     * A letter in the publisher's dead-letter queue for the stream's event at this sequence, as the checkpoints read
     * it: its sequence identifier is no stream's, so the publisher never takes it up.
     */
    private String deadLetter(String projectId, long sequence) {
        String letter = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO deadletterentry (deadletteridentifier, processinggroup, sequenceidentifier, "
                        + "sequenceindex, messagetype, eventidentifier, timestamp, payloadtype, payload, enqueuedat, "
                        + "aggregateidentifier, sequencenumber) VALUES (?, ?, ?, 0, 'DomainEventMessage', ?, ?, "
                        + "'org.kronika.events.TrainingDelivered', convert_to('{}', 'UTF8'), ?, ?, ?)",
                letter, org.kronika.command.publishing.ProjectEventPublisher.PROCESSING_GROUP, letter, letter,
                Instant.now().toString(), Instant.now().toString(), projectId, sequence);
        return letter;
    }

    /**
     * The checkpoints table is in the same database as the events: whoever can rewrite the events can empty it, or
     * add a row of their own. The last checkpoint on the topic (what partners and auditors hold) still counts, and a
     * row no Kronika key signed is refused.
     */
    @Test
    void anEmptiedOrForgedCheckpointsTableDoesNotLetTheKeySignARewrittenHistory() throws Exception {
        String projectId = registered();
        Head head = twoTrainingsSigned(projectId);
        long signed = lastSignedId();
        await().atMost(Duration.ofSeconds(60)).until(() -> published(signed));
        String where = SECOND_TRAINING;
        byte[] metadata = jdbc.queryForObject("SELECT metadata FROM domainevententry" + where, byte[].class, projectId);
        String backup = checkpointsBackedUp();
        try {
            SigningHeldElsewhere.run(() -> {
                // As an instance started since, which did not sign it: the topic alone remembers.
                checkpoints.forgetWhatItSigned();
                jdbc.update("DELETE FROM checkpoints");
                jdbc.update("UPDATE domainevententry SET metadata = convert_to(replace(convert_from(metadata, 'UTF8'), "
                        + "?, ?), 'UTF8')" + where, head.hash(), "e".repeat(64), projectId);
            });
            assertThat(refusal()).as("the table emptied, the topic remembers").contains(projectId + " event 2");
            assertThat(meters.get("kronika.checkpoints.refused").gauge().value()).isEqualTo(1.0);

            jdbc.update("INSERT INTO checkpoints (issued_at, reason, root, size, key_id, jws, head_positions, "
                    + "published_at) SELECT now(), 'periodic', root, size, key_id, jws || 'x', head_positions, now() "
                    + "FROM " + backup + " WHERE id = ?", signed);
            assertThat(refusal()).as("a row its key did not sign").contains("that key did not sign it");

            // A row of a key this instance does not know (taken out as compromised, or a rotation not yet rolled
            // out here) is passed over: the row before it counts, and nothing is refused for it.
            jdbc.update("DELETE FROM checkpoints WHERE published_at IS NOT NULL AND id > ?", signed);
            jdbc.execute("INSERT INTO checkpoints SELECT * FROM " + backup);
            jdbc.update("UPDATE domainevententry SET metadata = ?" + where, metadata, projectId);
            String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    "{\"alg\":\"EdDSA\",\"kid\":\"a-key-taken-out\"}".getBytes(StandardCharsets.UTF_8));
            // Many of them, the newest unpublished and waiting for nothing: none is taken for the last checkpoint,
            // and none reaches the topic.
            for (int i = 0; i < 60; i++) {
                jdbc.update("INSERT INTO checkpoints (issued_at, reason, root, size, key_id, jws, head_positions) "
                        + "SELECT now(), 'periodic', root, size, 'a-key-taken-out', ? || substr(jws, "
                        + "position('.' in jws)), '{}' FROM checkpoints WHERE id = ?", header, signed);
            }
            long forged = lastSignedId();
            train(projectId, "t-3");
            long after = signedOver(projectId, storedHead(projectId));
            await().atMost(Duration.ofSeconds(60)).until(() -> published(after));
            assertThat(published(forged)).as("a row no key of the set signed is never published").isFalse();
        } finally {
            jdbc.update("UPDATE domainevententry SET metadata = ?" + where, metadata, projectId);
            checkpointsRestored(backup);
        }
        assertSignsAgain(projectId, "t-4");
    }

    /**
     * Whoever writes to both PostgreSQL and Kafka can roll the table back to an older checkpoint and append that
     * checkpoint, genuine, to the topic again: both then name a checkpoint from before a stream's last signed event.
     * The instance that signed since remembers what it signed, and refuses.
     */
    @Test
    void aTableRolledBackAndAnOlderCheckpointAppendedToTheTopicDoNotLetTheKeySignARewrittenHistory() throws Exception {
        String projectId = registered();
        SignedOneByOne signed = twoTrainingsSignedOneByOne(projectId);
        long older = signed.first();
        Head head = signed.head();
        byte[] metadata = jdbc.queryForObject("SELECT metadata FROM domainevententry" + SECOND_TRAINING, byte[].class,
                projectId);
        String backup = checkpointsBackedUp();
        try {
            SigningHeldElsewhere.run(() -> {
                jdbc.update("DELETE FROM checkpoints WHERE id > ?", older);
                try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<>(Map.<String, Object>of(
                        "bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()),
                        new org.apache.kafka.common.serialization.StringSerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
                    producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(CHECKPOINTS_TOPIC,
                            properties.programme(), jws(older).getBytes(StandardCharsets.US_ASCII))).get();
                }
                // Read again until read: a read waits a few seconds at most for Kafka, then keeps what it had.
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    checkpointsTopic.readAgain();
                    assertThat(checkpointsTopic.latest()).as("the topic's last record, read again")
                            .contains(jws(older));
                });
                rehashed(SECOND_TRAINING, projectId, head.hash());
            });
            assertThat(refusal()).as("rewritten past both the table's and the topic's last checkpoint")
                    .contains(projectId + " event 2");
        } finally {
            jdbc.update("UPDATE domainevententry SET metadata = ?" + SECOND_TRAINING, metadata, projectId);
            checkpointsRestored(backup);
        }
        assertSignsAgain(projectId, "t-3");
    }

    /**
     * The database restored from a backup taken while a checkpoint waited to go out: the topic has it already, and the
     * ones signed after it. It is not sent again after them, where it became the topic's last record, the one readers
     * and the next signing take for the newest: a stream signed further since could then be rewritten and signed.
     */
    @Test
    void aCheckpointRestoredUnpublishedFromABackupIsNotSentAgainAfterTheOnesSignedSince() throws Exception {
        String projectId = registered();
        long older = twoTrainingsSignedOneByOne(projectId).first();
        String backup = checkpointsBackedUp();
        try {
            SigningHeldElsewhere.run(() -> {
                long newest = lastSignedId();
                await().atMost(Duration.ofSeconds(60)).until(() -> published(newest));
                jdbc.update("DELETE FROM checkpoints WHERE id > ?", older);
                jdbc.update("UPDATE checkpoints SET published_at = NULL WHERE id = ?", older);

                await().atMost(Duration.ofSeconds(60)).until(() -> published(older));
                checkpointsTopic.readAgain();
                assertThat(checkpointsTopic.latest()).as("the topic's last record, read again")
                        .contains(jdbc.queryForObject("SELECT jws FROM " + backup + " WHERE id = ?", String.class,
                                newest));
            });
        } finally {
            checkpointsRestored(backup);
        }
    }

    /**
     * An instance restarted without a rotation's variables signs with the retired key and publishes a key set that
     * cannot verify what the others sign, with health UP and nothing in its log: it says so, by gauge and log.
     */
    @Test
    void checkpointsSignedByAKeyThisInstanceDoesNotListShowItsKeysAreOlderThanARotation() throws Exception {
        String projectId = registered();
        twoTrainingsSigned(projectId);
        long signed = lastSignedId();
        unlistedKeys.check();
        assertThat(unlistedKeys.found()).as("only its own key signed since it started").isEmpty();
        try {
            jdbc.update("INSERT INTO checkpoints (issued_at, reason, root, size, key_id, jws, head_positions, "
                    + "published_at) SELECT now(), 'periodic', root, size, 'kronika-2027', jws, head_positions, now() "
                    + "FROM checkpoints WHERE id = ?", signed);
            unlistedKeys.check();
            assertThat(unlistedKeys.found()).containsExactly("kronika-2027");
            assertThat(meters.get("kronika.checkpoints.key.unlisted").gauge().value()).isEqualTo(1.0);
        } finally {
            jdbc.update("DELETE FROM checkpoints WHERE key_id = 'kronika-2027'");
        }
        unlistedKeys.check();
        assertThat(meters.get("kronika.checkpoints.key.unlisted").gauge().value()).isZero();
    }

    /**
     * Seen from an instance up to date with a rotation, the instance still signing with the key that was retired (or
     * whoever kept that key's private part) signs nothing it trusts: not the last checkpoint it continues from, and
     * shown by gauge and log.
     */
    @Test
    void checkpointsARetiredKeySignsAfterItsRetirementAreNotTrustedAndShowAsUnlisted() throws Exception {
        String projectId = registered();
        twoTrainingsSigned(projectId);
        long beforeRetirement = lastSignedId();
        KeySet.PublicJwk current = keys.keySet().keys().get(0);
        java.nio.file.Path folder = Files.createTempDirectory("kronika-rotation");
        SigningKeys upToDate = SigningKeys.load(new CheckpointProperties(Duration.ofHours(1),
                folder.resolve("kronika-2027.jwk"), null, true, List.of(new CheckpointProperties.RetiredKey(
                current.kid(), current.x(), Instant.parse(verified(jws(beforeRetirement)).issuedAt()).plusMillis(1))),
                CHECKPOINTS_TOPIC));
        var upToDateMeters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        UnlistedSigningKeys seenUpToDate = new UnlistedSigningKeys(store, upToDate, upToDateMeters);
        seenUpToDate.check();
        assertThat(seenUpToDate.found()).as("nothing signed since it started").isEmpty();

        train(projectId, "t-3");
        long afterRetirement = signedOver(projectId, storedHead(projectId));
        seenUpToDate.check();
        assertThat(seenUpToDate.found()).containsExactly(current.kid());
        assertThat(upToDateMeters.get("kronika.checkpoints.key.unlisted").gauge().value()).isEqualTo(1.0);
        assertThat(store.lastJwsOfKeys(upToDate.signers())).as("the last it trusts")
                .contains(jws(beforeRetirement));
        assertThat(upToDate.verified(jws(afterRetirement))).isEmpty();
        assertThat(store.lastJwsOfKeys(keys.signers())).as("this instance, which retired nothing")
                .contains(jws(afterRetirement));
        await().atMost(Duration.ofSeconds(60)).until(() -> published(afterRetirement));
        assertThat(store.publishedCandidates(null, upToDate.signers(), 10))
                .as("what it would serve as the latest checkpoint").extracting(CheckpointStore.Stored::id)
                .contains(beforeRetirement).doesNotContain(afterRetirement);
    }

    private static final String SECOND_TRAINING = " WHERE aggregateidentifier = ? AND sequencenumber = 2";
    private static final String THIRD_TRAINING = " WHERE aggregateidentifier = ? AND sequencenumber = 3";

    /** What a tick signs, or left signed: the stream still at this head. */
    private void assertSignedAfterATick(Head head, String after) throws Exception {
        outcomeOnceUnlocked(Duration.ZERO);
        assertThat(verified(jws(lastSignedId())).head(head.projectId())).as(after).contains(head);
    }

    /** The hash in the event's metadata replaced, as by someone who changed the event and recomputed it. */
    private void rehashed(String where, String projectId, String hash) {
        jdbc.update("UPDATE domainevententry SET metadata = convert_to(replace(convert_from(metadata, 'UTF8'), ?, ?), "
                + "'UTF8')" + where, hash, "f".repeat(64), projectId);
    }

    /** The checkpoint signed over the first training, and the head of the second, signed and published since. */
    private record SignedOneByOne(long first, Head head) {
    }

    private SignedOneByOne twoTrainingsSignedOneByOne(String projectId) {
        train(projectId, "t-1");
        long first = signedOver(projectId, storedHead(projectId));
        train(projectId, "t-2");
        Head head = storedHead(projectId);
        long second = signedOver(projectId, head);
        await().atMost(Duration.ofSeconds(60)).until(() -> published(second));
        return new SignedOneByOne(first, head);
    }

    /** Once the store is put back, the next activity is signed and the refusal is over. */
    private void assertSignsAgain(String projectId, String activityId) {
        train(projectId, activityId);
        signedOver(projectId, storedHead(projectId));
        assertThat(meters.get("kronika.checkpoints.refused").gauge().value()).isZero();
    }

    /** A copy of the checkpoints table, for a test that empties or rolls it back: its name. */
    private String checkpointsBackedUp() {
        String backup = "checkpoints_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.execute("CREATE TABLE " + backup + " AS SELECT * FROM checkpoints");
        return backup;
    }

    private void checkpointsRestored(String backup) {
        jdbc.update("DELETE FROM checkpoints");
        jdbc.execute("INSERT INTO checkpoints SELECT * FROM " + backup);
        jdbc.execute("DROP TABLE " + backup);
    }

    /** Two trainings recorded and a checkpoint signed over them: the head it signed, the second training. */
    private Head twoTrainingsSigned(String projectId) throws Exception {
        train(projectId, "t-1");
        train(projectId, "t-2");
        Head head = storedHead(projectId);
        signedOver(projectId, head);
        return head;
    }

    /**
     * Signs until the last checkpoint signed this head, and answers its id: the schedule's own tick, or the approval
     * processor's signing, may hold the signing lock a moment, and a checkpoint signed meanwhile by either counts.
     */
    private long signedOver(String projectId, Head head) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            checkpoints.signPeriodicIfDue(Duration.ZERO);
            long id = lastSignedId();
            return verified(jws(id)).head(projectId).filter(head::equals).isPresent() ? id : null;
        }, java.util.Objects::nonNull);
    }

    /** What signing comes to once no one else holds the lock. */
    private Checkpoints.Outcome outcomeOnceUnlocked(Duration minimumAge) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> checkpoints.signPeriodicIfDue(minimumAge).outcome(),
                outcome -> outcome != Checkpoints.Outcome.LOCKED);
    }

    /** Why signing now is refused; the schedule's own signing may hold the lock a moment. */
    private String refusal() {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            try {
                assertThat(checkpoints.signPeriodicIfDue(Duration.ZERO).outcome()).isEqualTo(Checkpoints.Outcome.LOCKED);
                return null;
            } catch (Checkpoints.HistoryRewritten refused) {
                return refused.getMessage();
            }
        }, java.util.Objects::nonNull);
    }

    private boolean published(long id) {
        return jdbc.queryForObject("SELECT published_at IS NOT NULL FROM checkpoints WHERE id = ?", Boolean.class, id);
    }

    @Test
    void theKeySetIsPublicAndCheckpointsAreForReadersOfTheWholeProgramme() throws Exception {
        HttpResponse<String> keySet = anonymous("/api/checkpoints/keys");
        assertThat(keySet.statusCode()).isEqualTo(200);
        JsonNode jwks = JSON.readTree(keySet.body());
        assertThat(jwks.at("/keys/0/kid").asText()).isEqualTo(keys.keyId());
        assertThat(jwks.at("/keys/0/kty").asText()).isEqualTo("OKP");
        assertThat(keySet.body()).doesNotContain("\"d\"");
        assertThat(anonymous("/api/checkpoints").statusCode()).isEqualTo(401);

        HttpHeaders recorder = new HttpHeaders();
        recorder.setBearerAuth(Tokens.of("recorder-komf"));
        assertThat(http.exchange("/api/checkpoints", HttpMethod.GET, new HttpEntity<>(recorder), String.class)
                .getStatusCode().value()).isEqualTo(403);
        HttpHeaders auditor = new HttpHeaders();
        auditor.setBearerAuth(Tokens.of("auditor-demo"));
        assertThat(http.exchange("/api/checkpoints/history", HttpMethod.GET, new HttpEntity<>(auditor), String.class)
                .getStatusCode().value()).isEqualTo(200);

        assertProblem("/api/checkpoints?at=yesterday", "at");
        assertProblem("/api/checkpoints?at=%2B300000-01-01T00:00:00Z", "at");
        assertProblem("/api/checkpoints?at=-5000-01-01T00:00:00Z", "at");
        assertProblem("/api/checkpoints/history?size=0", "size");
        assertProblem("/api/checkpoints/history?page=-1", "page");
        assertThat(http.getForEntity("/api/checkpoints?after=1", String.class).getStatusCode().value())
                .as("a parameter no endpoint takes").isEqualTo(400);
        var tooEarly = http.getForEntity("/api/checkpoints?at=2000-01-01T00:00:00Z", String.class);
        assertThat(tooEarly.getStatusCode().value()).isEqualTo(404);
        assertThat(tooEarly.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    /**
     * A client generated from the document sends what each query parameter's schema allows and nothing else: the
     * service takes every value it allows (its bounds, default and example, the last second of RFC 3339's years) and
     * refuses, naming the parameter, each it leaves out, as the query service's own test holds its parameters to its
     * document. The document called page and size any string, and the service refused a time after 2999.
     */
    @Test
    void everyQueryParameterTakesWhatItsSchemaAllowsAndIsRefusedNamingItOtherwise() throws Exception {
        JsonNode api = JSON.readTree(http.getForObject("/v3/api-docs", String.class));
        OpenApiAgreement.Probed probed = OpenApiAgreement.probeQueryParameters(api, (path, get, name, value) -> {
            var answer = http.getForEntity(URI.create(http.getRootUri() + path + "?" + name + "=" + value), String.class);
            return new OpenApiAgreement.Answer(answer.getStatusCode().value(), answer.getBody());
        });
        assertThat(probed.parameters()).containsExactlyInAnyOrder("GET /api/checkpoints at",
                "GET /api/checkpoints/history page", "GET /api/checkpoints/history size");
        assertThat(probed.disagreements()).isEmpty();
        // Refused as the query service refuses a page: one page has one address.
        assertProblem("/api/checkpoints/history?page=%2B1", "page");
        assertProblem("/api/checkpoints/history?page=01", "page");
        var beforeAnySigning = http.getForEntity(URI.create(http.getRootUri() + "/api/checkpoints?at=1800-01-01T00:00:00Z"),
                String.class);
        assertThat(beforeAnySigning.getStatusCode().value()).as("no checkpoint was signed then").isEqualTo(404);
    }

    /** The path as written: already encoded, not encoded again. Refused as the query service refuses a value. */
    private void assertProblem(String path, String field) throws Exception {
        var response = http.getForEntity(URI.create(http.getRootUri() + path), String.class);
        assertThat(response.getStatusCode().value()).as(path).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(JSON.readTree(response.getBody()).at("/errors/0/field").asText()).isEqualTo(field);
        assertThat(JSON.readTree(response.getBody()).path("title").asText()).isEqualTo("Invalid query parameter");
    }

    /** A checkpoint whose signature verifies with the served key set, and whose root is its heads'. */
    private Checkpoint verified(String jws) throws Exception {
        JsonNode keySet = JSON.readTree(anonymous("/api/checkpoints/keys").body());
        SignedCheckpoints.Jws parsed = SignedCheckpoints.parse(jws);
        String kid = JSON.readTree(parsed.headerJson()).path("kid").asText();
        JsonNode key = null;
        for (JsonNode jwk : keySet.path("keys")) {
            key = jwk.path("kid").asText().equals(kid) ? jwk : key;
        }
        assertThat(key).as("the signing key is in the key set").isNotNull();
        assertThat(SignedCheckpoints.verify(parsed, SignedCheckpoints.publicKey(key.path("x").asText()))).isTrue();
        Checkpoint checkpoint = Checkpoint.fromJson(JSON.readValue(parsed.payloadJson(),
                new TypeReference<Map<String, Object>>() {
                }));
        assertThat(checkpoint.rootMatchesHeads()).isTrue();
        return checkpoint;
    }

    /** What the verifier CLI prints for a checkpoint and a key set, as an auditor saves them from the API. */
    private String verifierSays(String jws, String keySet, String... more) throws Exception {
        try (TemporaryDirectory folder = TemporaryDirectory.create("checkpoint")) {
            List<String> arguments = new ArrayList<>(List.of("--checkpoint",
                    Files.writeString(folder.path().resolve("checkpoint.jws"), jws).toString(),
                    "--keys", Files.writeString(folder.path().resolve("jwks.json"), keySet).toString()));
            arguments.addAll(List.of(more));
            var out = new ByteArrayOutputStream();
            VerifyCli.run(arguments.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private long lastSignedId() {
        return jdbc.queryForObject("SELECT max(id) FROM checkpoints", Long.class);
    }

    private String jws(long id) {
        return jdbc.queryForObject("SELECT jws FROM checkpoints WHERE id = ?", String.class, id);
    }

    /**
     * A stream's last event as the event store gives it to Axon, not as the heads query reads it; a programme's
     * stream is signed under its subject, {@code programme:{id}}, whatever its aggregate is called.
     */
    private Head storedHead(String subject) {
        DomainEventMessage<?> last = lastEvent(subject);
        if (last == null && subject.startsWith(ProgrammeEvent.SUBJECT_PREFIX)) {
            last = lastEvent(subject.substring(ProgrammeEvent.SUBJECT_PREFIX.length()));
        }
        assertThat(last).as("the store holds stream " + subject).isNotNull();
        return new Head(subject, last.getSequenceNumber(), (String) last.getMetaData().get(ChainMetaData.HASH));
    }

    /** From the first event: reading without a sequence would start at the stream's snapshot, which has no hash. */
    private DomainEventMessage<?> lastEvent(String projectId) {
        DomainEventMessage<?> last = null;
        var events = eventStore.readEvents(projectId, 0);
        while (events.hasNext()) {
            last = events.next();
        }
        return last;
    }

    private String registered() {
        String projectId = "cp-" + UUID.randomUUID();
        assertThat(http.postForEntity("/api/projects", Map.of("projectId", projectId, "organisationId", "komf",
                "organisation", "KOMF", "title", "Checkpointed", "municipalities", List.of("Gjilan"),
                "startDate", "2024-01-01", "endDate", "2024-12-31"), String.class).getStatusCode().value()).isEqualTo(201);
        return projectId;
    }

    private void train(String projectId, String activityId) {
        train(projectId, activityId, "2024-03-12");
    }

    private void train(String projectId, String activityId, String occurredOn) {
        assertThat(http.postForEntity("/api/projects/{id}/activities/training-delivered", Map.of("activityId", activityId,
                "title", "Case management", "occurredOn", occurredOn, "municipality", "Gjilan", "sessions", 1,
                "participants", Map.of("total", 3)), String.class, projectId).getStatusCode().value()).isEqualTo(201);
    }

    private JsonNode getJson(String path) throws Exception {
        var response = http.getForEntity(path, String.class);
        return response.getStatusCode().value() == 200 ? JSON.readTree(response.getBody()) : null;
    }

    private HttpResponse<String> anonymous(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpHeaders adminHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(Tokens.of("admin-demo"));
        return headers;
    }

    private static String trainingJson(String projectId, String activityId) {
        return "{\"projectId\":\"" + projectId + "\",\"activityId\":\"" + activityId + "\",\"title\":\"Case management\","
                + "\"occurredOn\":\"2024-03-12\",\"municipality\":\"Gjilan\",\"participants\":{\"total\":3,"
                + "\"bySex\":{},\"byAgeBand\":{},\"byCommunity\":{}},\"plannedActivityId\":null,"
                + "\"indicatorIds\":[],\"module\":null,\"sessions\":1,\"deliveryMode\":\"in-person\"}";
    }
}
