package org.kronika.command.project;

import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.kronika.events.EventTypes;
import org.kronika.events.KronikaEvent;
import org.kronika.events.chain.EventChain;
import org.kronika.events.chain.EventData;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The metadata that makes an event the next link of its stream's hash chain: its hash covers the event, who caused
 * it, when, and the hash of the one before, so no stored, published or exported copy can be changed unnoticed.
 * Every aggregate applies its events with it. The link as a verifier reads it back from a copy, and recomputes, is
 * the events contract's {@link org.kronika.events.chain.ChainLink}.
 */
public final class NextLink {

    private NextLink() {
    }

    /**
     * @param version the aggregate's version before this event, null for its first
     * @param head    the aggregate's last link, {@link ChainHead#START} before its first
     */
    public static MetaData metaData(KronikaEvent event, Long version, ChainHead head, Clock clock) {
        long sequence = version == null ? 0 : version + 1;
        String recordedAt = head.next(clock.instant().truncatedTo(ChronoUnit.MILLIS)).toString();
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
}
