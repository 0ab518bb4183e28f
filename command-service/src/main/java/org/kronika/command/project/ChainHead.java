package org.kronika.command.project;

import org.axonframework.messaging.MetaData;

import java.time.Instant;

/**
 * The last link of a stream's hash chain, which the next one follows: its hash, which the next hash covers, and when
 * it was recorded, which the next event's time never goes before. Readers of a history (a replay "as known at" an
 * instant, which bisects it by time) rely on a stream's times never decreasing, and a server's clock can step back,
 * or the clocks of two instances differ.
 *
 * @param hash       null before the stream's first event
 * @param recordedAt as the link states it; read only when the next event is recorded, not for every event a load
 *                   applies. Null before the first event, and after one without a time (given so in
 *                   tests, or recorded before events were chained): the next one then has no time to keep to
 */
public record ChainHead(String hash, String recordedAt) {

    /** Before a stream's first event. */
    public static final ChainHead START = new ChainHead(null, null);

    /** The head an event's link makes. */
    public static ChainHead of(MetaData link) {
        return new ChainHead((String) link.get(ChainMetaData.HASH), (String) link.get(ChainMetaData.RECORDED_AT));
    }

    /** When the next event is recorded: now, or when this one was, if the clock says earlier. */
    Instant next(Instant now) {
        if (recordedAt == null) {
            return now;
        }
        Instant last = Instant.parse(recordedAt);
        return now.isBefore(last) ? last : now;
    }
}
