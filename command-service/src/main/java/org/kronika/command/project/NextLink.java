package org.kronika.command.project;

import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.kronika.events.EventTypes;
import org.kronika.events.KronikaEvent;
import org.kronika.events.chain.EventChain;
import org.kronika.events.chain.EventData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The metadata that makes an event the next link of its stream's hash chain: its hash covers the event, who caused
 * it, when, and the hash of the one before, so no stored, published or exported copy can be changed unnoticed.
 * Every aggregate applies its events with it. The link as a verifier reads it back from a copy, and recomputes, is
 * the events contract's {@link org.kronika.events.chain.ChainLink}.
 */
public final class NextLink {

    /**
     * How far behind a stream's last event the clock may be before an operator hears of it: a clock that NTP steps
     * back moves by seconds; more is a clock set wrong, here or on the instance that recorded the last event.
     */
    static final Duration NOTICED_BEHIND = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(NextLink.class);
    /** The clock's time at the last warning: one a minute at most, while every command of such a stream meets it. */
    private static final AtomicReference<Instant> LAST_WARNED = new AtomicReference<>();

    private NextLink() {
    }

    /**
     * @param version the aggregate's version before this event, null for its first
     * @param head    the aggregate's last link, {@link ChainHead#START} before its first
     */
    public static MetaData metaData(KronikaEvent event, Long version, ChainHead head, Clock clock) {
        long sequence = version == null ? 0 : version + 1;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant at = head.next(now);
        if (Duration.between(now, at).compareTo(NOTICED_BEHIND) > 0) {
            warnBehind(event.subject(), sequence, now, at);
        }
        String recordedAt = at.toString();
        MetaData command = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().getMessage().getMetaData() : MetaData.emptyInstance();
        Map<String, Object> actor = EventChain.actor(command.get(ActorMetaData.SUBJECT),
                command.get(ActorMetaData.ROLE), command.get(ActorMetaData.ORGANISATION));
        Map<String, Object> payload = EventData.of((Record) event);
        String previous = head.hash() == null ? EventChain.GENESIS : head.hash();
        String hash = EventChain.hash(EventTypes.of(event.getClass()).cloudEventType(), event.subject(), sequence,
                EventChain.occurredAt(payload), recordedAt, actor, payload, previous);
        return MetaData.with(ChainMetaData.RECORDED_AT, recordedAt)
                .and(ChainMetaData.PREV_HASH, previous)
                .and(ChainMetaData.HASH, hash);
    }

    private static void warnBehind(String subject, long sequence, Instant now, Instant at) {
        Instant last = LAST_WARNED.get();
        if (last != null && Duration.between(last, now).abs().compareTo(NOTICED_BEHIND) < 0
                || !LAST_WARNED.compareAndSet(last, now)) {
            return;
        }
        LOG.warn("This instance's clock ({}) is {} behind the last event of {}, recorded at {}: event {} is recorded "
                + "at that time, as no event of a stream is recorded before the one it follows. Check the clocks of "
                + "every command-service instance (docs/operations.md, \"Several command-service instances\"); "
                + "said at most once a minute", now, Duration.between(now, at), subject, at, sequence);
    }
}
