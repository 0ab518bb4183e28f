package org.kronika.query.history;

import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorMeasured;
import org.kronika.query.activity.ActivityChange;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.stream.ReceivedEvent;

import java.time.LocalDate;
import java.util.Map;

/** Turns each published event into its history entry, with the activity it changed as it stood before. */
public final class ProjectHistoryProjection {

    public HistoryEntry entry(ReceivedEvent received, ActivityChange change) {
        LocalDate occurredOn = null;
        Map<String, Object> before = null;
        if (received.event() instanceof ActivityEvent activity) {
            occurredOn = activity.occurredOn();
        } else if (received.event() instanceof IndicatorMeasured measured) {
            occurredOn = measured.measuredOn();
        } else if (received.event() instanceof ActivityCorrected && change != null) {
            before = change.before().current().data();
            occurredOn = ActivityData.read(change.after().type(), change.after().current().data()).occurredOn();
        } else if (received.event() instanceof ActivityRetracted && change != null) {
            before = change.before().current().data();
            occurredOn = ActivityData.read(change.before().type(), before).occurredOn();
        }
        return new HistoryEntry(received.projectId(), received.sequence(), received.eventId(), received.type(),
                received.time(), received.recordedAt(), received.actor(), received.data(), received.hash(),
                received.prevHash(), occurredOn, before);
    }
}
