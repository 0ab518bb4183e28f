package org.kronika.query.history;

import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.query.activity.ActivityChange;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.MeasurementChange;
import org.kronika.query.stream.ReceivedEvent;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns each published event into its history entry, with the activity or measurement it changed as it stood
 * before.
 */
public final class ProjectHistoryProjection {

    public HistoryEntry entry(ReceivedEvent received, ActivityChange change, MeasurementChange measurement) {
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
        } else if (received.event() instanceof MeasurementCorrected corrected && measurement != null) {
            before = facts(measurement.before().facts());
            occurredOn = corrected.measuredOn();
        } else if (received.event() instanceof MeasurementRetracted && measurement != null) {
            before = facts(measurement.before().facts());
            occurredOn = measurement.before().measuredOn();
        }
        return new HistoryEntry(received.projectId(), received.sequence(), received.eventId(), received.type(),
                received.time(), received.recordedAt(), received.actor(), received.data(), received.hash(),
                received.prevHash(), occurredOn, before);
    }

    /** A measurement's facts as its events state them: what the correction's own data is compared with. */
    public static Map<String, Object> facts(Measurement.Facts facts) {
        Map<String, Object> stated = new LinkedHashMap<>();
        stated.put("measuredOn", facts.measuredOn().toString());
        stated.put("value", facts.value().doubleValue());
        stated.put("municipality", facts.municipality());
        stated.put("breakdown", facts.breakdown());
        stated.put("source", facts.source() == null ? null : Map.of("title", facts.source().title(),
                "reference", facts.source().reference(), "sha256", facts.source().sha256()));
        return stated;
    }
}
