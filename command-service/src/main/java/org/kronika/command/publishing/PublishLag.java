package org.kronika.command.publishing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * How far publishing lags the event store: the events stored but not on the topic, those beyond the publisher's
 * position (its tracking token) and those it set aside in its dead-letter queue, and the age of the oldest of them.
 * A dead letter is behind the position, so the position alone said 0 while events were held back: an alert on the
 * lag stayed silent while partners lacked them.
 *
 * <p>Read from PostgreSQL rather than from this instance's processor, because with several command-service
 * instances only one of them owns the publisher's segment: every instance reports the same figures, whichever
 * publishes. The token is read without claiming it. The events figure counts gaps in the global index (sequence
 * values of rolled-back transactions) too, so it is an upper bound; the seconds figure is exact. Measured at most
 * once a second, however many gauges and scrapes ask.
 */
@Component
public class PublishLag {

    private static final Logger log = LoggerFactory.getLogger(PublishLag.class);
    private static final Duration FRESH_FOR = Duration.ofSeconds(1);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Clock clock;
    private volatile Measurement last;

    /**
     * @param head         the event store's highest global index, 0 when it is empty (indices start at 1)
     * @param published    the publisher's position: every event up to it is published or dead-lettered; 0 when
     *                     nothing is yet
     * @param deadLettered events up to the position that wait in the dead-letter queue, unpublished
     * @param oldest       when the oldest unpublished event, dead letters included, was recorded; null when every
     *                     event is published
     */
    public record Measurement(Instant at, long head, long published, long deadLettered, Instant oldest) {

        public long events() {
            return Math.max(0, head - published) + deadLettered;
        }

        public double seconds() {
            return oldest == null ? 0 : Math.max(0, Duration.between(oldest, at).toMillis() / 1000.0);
        }
    }

    public PublishLag(JdbcTemplate jdbc, Serializer serializer, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.clock = clock;
        Gauge.builder("kronika.publisher.lag.events", this, lag -> lag.current(Measurement::events))
                .description("Events stored but not yet published: beyond the publisher's position, or in its "
                        + "dead-letter queue")
                .baseUnit("events").register(meters);
        Gauge.builder("kronika.publisher.lag.seconds", this, lag -> lag.current(Measurement::seconds))
                .description("Age of the oldest stored event not yet published, dead letters included; 0 when "
                        + "everything is published")
                .register(meters);
        Gauge.builder("kronika.eventstore.head", this, lag -> lag.current(m -> m.head))
                .description("Highest global index in the event store").register(meters);
        Gauge.builder("kronika.publisher.position", this, lag -> lag.current(m -> m.published))
                .description("Global index up to which every event is published").register(meters);
    }

    private double current(java.util.function.ToDoubleFunction<Measurement> figure) {
        try {
            return figure.applyAsDouble(measure());
        } catch (DataAccessException | IllegalStateException e) {
            // PostgreSQL away: no figure rather than a wrong one; health and the command metrics say why.
            log.debug("Publish lag not measured: {}", e.getMessage());
            return Double.NaN;
        }
    }

    /** The lag now, or as measured less than a second ago. */
    public synchronized Measurement measure() {
        Measurement previous = last;
        Instant now = clock.instant();
        if (previous != null && previous.at().plus(FRESH_FOR).isAfter(now)) {
            return previous;
        }
        Long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        long published = publishedPosition();
        // Only letters up to the position: with several segments, one beyond the slowest counts there already.
        var held = jdbc.queryForMap("SELECT count(*) AS letters, min(e.globalindex) AS first FROM deadletterentry d "
                + "JOIN domainevententry e ON e.eventidentifier = d.eventidentifier "
                + "WHERE d.processinggroup = ? AND e.globalindex <= ?", ProjectEventPublisher.PROCESSING_GROUP, published);
        long letters = ((Number) held.get("letters")).longValue();
        List<String> oldest = letters > 0
                ? jdbc.queryForList("SELECT timestamp FROM domainevententry WHERE globalindex = ?", String.class,
                ((Number) held.get("first")).longValue())
                : jdbc.queryForList("SELECT timestamp FROM domainevententry WHERE globalindex > ? "
                + "ORDER BY globalindex LIMIT 1", String.class, published);
        last = new Measurement(now, head == null ? 0 : head, published, letters,
                oldest.isEmpty() ? null : Instant.parse(oldest.get(0)));
        return last;
    }

    /**
     * The lowest position of the publisher's segments: with several segments, an event is published only once
     * the segment it belongs to has passed it, so the slowest one decides.
     */
    private long publishedPosition() {
        List<OptionalLong> positions = jdbc.query("SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
                (row, n) -> position(row.getBytes("token"), row.getString("tokentype")),
                ProjectEventPublisher.PROCESSING_GROUP);
        long lowest = positions.isEmpty() ? 0 : Long.MAX_VALUE;
        for (OptionalLong position : positions) {
            lowest = Math.min(lowest, position.orElse(0));
        }
        return lowest;
    }

    private OptionalLong position(byte[] token, String type) {
        if (token == null || type == null) {
            return OptionalLong.empty();
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking == null ? OptionalLong.empty() : tracking.position();
    }
}
