package org.kronika.command.project;

import org.axonframework.messaging.MetaData;

import java.time.Instant;

/**
 * The last link of a stream's hash chain, which the next one follows: its hash, which the next hash covers, and when
 * it was recorded, which the next event's time never goes before. Readers of a history (a replay "as known at" an
 * instant, which bisects it by time) rely on a stream's times never decreasing, and a server's clock can step back.
 *
 * @param hash       null before the stream's first event
 * @param recordedAt null before the first event, and for an event given without a time (in tests)
 */
public record ChainHead(String hash, Instant recordedAt) {

    /** Before a stream's first event. */
    public static final ChainHead START = new ChainHead(null, null);

    /** The head an event's link makes. */
    public static ChainHead of(MetaData link) {
        Object recordedAt = link.get(ChainMetaData.RECORDED_AT);
        return new ChainHead((String) link.get(ChainMetaData.HASH),
                recordedAt == null ? null : Instant.parse(recordedAt.toString()));
    }

    /** When the next event is recorded: now, or when this one was, if the clock says earlier. */
    Instant next(Instant now) {
        return recordedAt != null && now.isBefore(recordedAt) ? recordedAt : now;
    }
}
