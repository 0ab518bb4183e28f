package org.kronika.command.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The publisher's dead letters, for operators: which projects wait behind an event that could not be published,
 * why, and a retry once the cause is fixed. Reported in {@code /actuator/health} (DEGRADED, still 200: commands
 * are accepted and every other project is published) and as {@code kronika.publisher.dead.letters}.
 *
 * <p>Listing reads the queue's table directly, so a letter whose data cannot be read can still be shown; a list
 * shows at most {@value #PROJECTS_LISTED} projects and the first {@value #LETTERS_LISTED} letters of each.
 */
@Component("publisherDeadLetters")
public class PublisherDeadLetters implements HealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "Some projects wait behind an unpublishable event");
    static final int PROJECTS_LISTED = 100;
    static final int LETTERS_LISTED = 10;
    private static final long SWEEP_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(PublisherDeadLetters.class);

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "publisher-dead-letters");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param letters  how many letters the project has in the queue
     * @param first    its first letters, in order: the first has the cause, the others wait behind it
     */
    public record DeadLetteredProject(String projectId, long letters, List<Letter> first) {
    }

    /** @param cause why it could not be published; empty for an event that only waits behind the first */
    public record Letter(long sequence, String eventId, String payloadType, String payloadRevision, String cause,
                         String enqueuedAt, String lastTouched) {
    }

    /** @param published whether every letter of the project went out; if not, {@code cause} says why the first did not */
    public record RetryOutcome(String projectId, boolean published, long lettersLeft, String cause) {
    }

    public record Summary(long projects, long letters, List<DeadLetteredProject> listed) {
    }

    public PublisherDeadLetters(JdbcTemplate jdbc, EventProcessingConfiguration processing, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.processing = processing;
        Gauge.builder("kronika.publisher.dead.letters", this, PublisherDeadLetters::lettersOrNaN)
                .description("Stored events waiting in the publisher's dead-letter queue, unpublished").register(meters);
    }

    public Summary list() {
        var totals = jdbc.queryForMap("SELECT count(DISTINCT sequenceidentifier) AS projects, count(*) AS letters "
                + "FROM deadletterentry WHERE processinggroup = ?", ProjectEventPublisher.PROCESSING_GROUP);
        List<DeadLetteredProject> listed = jdbc.query("SELECT sequenceidentifier, count(*) FROM deadletterentry "
                        + "WHERE processinggroup = ? GROUP BY sequenceidentifier ORDER BY min(enqueuedat), "
                        + "sequenceidentifier LIMIT ?",
                (rs, n) -> new DeadLetteredProject(rs.getString(1), rs.getLong(2), firstLetters(rs.getString(1))),
                ProjectEventPublisher.PROCESSING_GROUP, PROJECTS_LISTED);
        return new Summary(((Number) totals.get("projects")).longValue(), ((Number) totals.get("letters")).longValue(),
                listed);
    }

    /**
     * Publishes the project's letters again, in order, each read afresh from the event store. Empty if the project
     * has none.
     */
    public Optional<RetryOutcome> retry(String projectId) {
        if (lettersOf(projectId) == 0) {
            return Optional.empty();
        }
        processor().process(letter -> letter.message() instanceof DomainEventMessage<?> event
                && projectId.equals(event.getAggregateIdentifier()));
        long left = lettersOf(projectId);
        String cause = left == 0 ? null : firstLetters(projectId).stream().map(Letter::cause)
                .filter(c -> c != null).findFirst().orElse(null);
        return Optional.of(new RetryOutcome(projectId, left == 0, left, cause));
    }

    @Override
    public Health health() {
        try {
            long projects = jdbc.queryForObject("SELECT count(DISTINCT sequenceidentifier) FROM deadletterentry "
                    + "WHERE processinggroup = ?", Long.class, ProjectEventPublisher.PROCESSING_GROUP);
            return projects == 0 ? Health.up().withDetail("deadLetteredProjects", 0).build()
                    : Health.status(DEGRADED).withDetail("deadLetteredProjects", projects)
                    .withDetail("see", "GET /api/admin/publisher/dead-letters").build();
        } catch (DataAccessException e) {
            return Health.unknown().withDetail("reason", "the event store does not answer").build();
        }
    }

    /**
     * A letter can be left behind: the processor queues an event behind its project's last letter just as a retry
     * publishes that letter and finds nothing after it. Such a project has no failing letter at its head; it is
     * published here, within {@value #SWEEP_SECONDS} s, never one whose first event still fails.
     */
    @EventListener(ApplicationReadyEvent.class)
    void sweepLeftBehindLetters() {
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                for (int i = 0; i < PROJECTS_LISTED && processor().process(letter -> letter.cause().isEmpty()); i++) {
                    log.info("Published events left waiting behind a dead letter that had been retried");
                }
            } catch (RuntimeException e) {
                log.debug("Dead-letter sweep skipped: {}", e.toString());
            }
        }, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
    }

    private SequencedDeadLetterProcessor<EventMessage<?>> processor() {
        return processing.sequencedDeadLetterProcessor(ProjectEventPublisher.PROCESSING_GROUP)
                .orElseThrow(() -> new IllegalStateException("The publisher has no dead-letter queue"));
    }

    private List<Letter> firstLetters(String projectId) {
        return jdbc.query("SELECT sequencenumber, eventidentifier, payloadtype, payloadrevision, causetype, "
                        + "causemessage, enqueuedat, lasttouched FROM deadletterentry WHERE processinggroup = ? AND "
                        + "sequenceidentifier = ? ORDER BY sequenceindex LIMIT ?",
                (rs, n) -> new Letter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5) == null ? null : rs.getString(5) + ": " + rs.getString(6), rs.getString(7),
                        rs.getString(8)),
                ProjectEventPublisher.PROCESSING_GROUP, projectId, LETTERS_LISTED);
    }

    private long lettersOf(String projectId) {
        return jdbc.queryForObject("SELECT count(*) FROM deadletterentry WHERE processinggroup = ? AND "
                + "sequenceidentifier = ?", Long.class, ProjectEventPublisher.PROCESSING_GROUP, projectId);
    }

    private double lettersOrNaN() {
        try {
            return jdbc.queryForObject("SELECT count(*) FROM deadletterentry WHERE processinggroup = ?", Long.class,
                    ProjectEventPublisher.PROCESSING_GROUP);
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }
}
