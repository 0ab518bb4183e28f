package org.kronika.query.projection;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.fixtures.ProjectStory;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectSummaryProjection;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;
import org.kronika.query.stream.ReceivedEvent;
import org.kronika.security.KronikaJwt;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Typed events projected into the live generation of a read store of their own, on the local stand-in, each
 * recorded event delivered as a batch of its own and checkpointed, as a running service sees them one by one: what
 * the read side's tests that read through the API's own components (not through Kafka) start from. Signed out and
 * closed after each test.
 */
public final class ProjectedEvents implements AutoCloseable {

    private static final TopicIdentity TOPIC = new TopicIdentity("test-topic", "test-topic-id", 3);

    public final Programme programme = Programme.ofContract();
    public final ProjectViews views = new ProjectViews(programme.periods());
    public final Generations generations;
    public final Generation generation;
    private final com.mongodb.client.MongoClient client;
    private final Instant start;
    private final Map<String, ProjectStory> stories = new LinkedHashMap<>();
    /** Every event recorded, in the order it was recorded: what a rebuild reads from the topic. */
    private final List<ReceivedEvent> topic = new ArrayList<>();
    private Projector projector;

    /** @param start when the first event of each project was recorded */
    public ProjectedEvents(String database, Instant start) {
        this.start = start;
        client = com.mongodb.client.MongoClients.create(TestInfrastructure.mongo().connectionString("x"));
        generations = new Generations(client.getDatabase(database + "-" + UUID.randomUUID()), 3);
        generation = generations.create(TOPIC, "test");
        projector = projectorOf(generation);
        generations.switchTo(generation, Optional.empty());
    }

    /** Another generation of the same store, not live: a rebuild's. */
    Generation newGeneration() {
        return generations.create(TOPIC, "rebuild");
    }

    /** A projector writing into the generation, with caches so small that nothing depends on what they keep. */
    Projector projectorOf(Generation of) {
        return new Projector(ReadModelStores.of(generations, of, views), new ProjectSummaryProjection(programme.periods()),
                new ProjectionMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), 0, 3, 5, false);
    }

    /** The live generation's projector. */
    Projector projector() {
        return projector;
    }

    /** A projector that stopped is followed by a new one, as after a restart. */
    void restart() {
        projector.close();
        projector = projectorOf(generation);
    }

    ProjectStory story(String projectId) {
        return stories.computeIfAbsent(projectId, id -> new ProjectStory(start));
    }

    ReceivedEvent last(String projectId) {
        List<ReceivedEvent> events = story(projectId).events();
        return events.get(events.size() - 1);
    }

    List<ReceivedEvent> topic() {
        return List.copyOf(topic);
    }

    public void record(ProjectEvent event) {
        story(event.projectId()).then(event);
        deliver(List.of(last(event.projectId())));
    }

    /** Delivered as one batch, then flushed with a checkpoint; a repeat is not added to the topic again. */
    void deliver(List<ReceivedEvent> events) {
        events.stream().filter(e -> !topic.contains(e)).forEach(topic::add);
        projector.accept(events, Map.of(0, (long) topic.size()));
        projector.flush(true);
        projector.awaitCheckpoints();
    }

    @Override
    public void close() {
        SecurityContextHolder.clearContext();
        projector.close();
        client.close();
    }

    /** A project in Gjilan from the start of 2024 to {@code end}. */
    public static ProjectRegistered registered(String projectId, String organisation, LocalDate end) {
        return new ProjectRegistered(projectId, organisation, organisation.toUpperCase(), false, "Project " + projectId,
                null, null, null, null, List.of("Gjilan"), LocalDate.of(2024, 1, 1), end);
    }

    /** The caller of what runs next on this thread: a role, with its organisation for a recorder. */
    public static void signedIn(String role, String organisation) {
        Jwt.Builder token = Jwt.withTokenValue("test").header("alg", "none").subject(role)
                .claim(KronikaJwt.ROLE_CLAIM, role);
        if (organisation != null) {
            token.claim(KronikaJwt.ORGANISATION_CLAIM, organisation);
        }
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(token.build()));
    }
}
