package org.kronika.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.events.chain.ChainLink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The first day a project can be closed, as the command side counts it (command-service's {@code
 * ProjectTerms.notEnded}): the day after its end date, by the programme's day. The command side asks its clock for
 * today in the programme's time zone (the programme file's {@code timeZone}) and stamps the closure's {@code
 * recordedAt} with the same clock a moment later, so a closure whose time falls, in that zone, on or before the end
 * date was recorded before the project had ended. Both readings are one instance's clock, so the skew between
 * instances ({@code --clock-skew}) does not enter: however that clock was off, the time it stamped is the one it let
 * the closure through at.
 */
final class ClosingDay {

    /** Where the programme file that ships with the event contract says the programme's days begin and end. */
    static final ZoneId PROGRAMME_ZONE = programmeZone();

    private ClosingDay() {
    }

    /**
     * Why the closure {@code closed} was recorded before the project could be closed, or empty.
     *
     * @param endDate   the project's end date as registered and amended by then, which the command side checked
     * @param endDateBy the event that set it
     */
    static Optional<String> early(String projectId, ChainLink closed, LocalDate endDate, long endDateBy, ZoneId zone) {
        if (endDate == null) {
            return Optional.empty();
        }
        String rule = "the project ends " + endDate + " (event " + endDateBy + ") and can be closed from "
                + endDate.plusDays(1) + ": a project is closed once it has ended";
        LocalDate day;
        try {
            day = OffsetDateTime.parse(closed.recordedAt()).atZoneSameInstant(zone).toLocalDate();
        } catch (DateTimeException | NullPointerException unreadable) {
            // No day can be read from it, so none shows that the project had ended.
            return Optional.of("EARLY " + projectId + ": the closure by event " + closed.sequence() + " was recorded "
                    + "at " + closed.recordedAt() + ", which is no time; " + rule);
        }
        if (day.isAfter(endDate)) {
            return Optional.empty();
        }
        return Optional.of("EARLY " + projectId + ": the closure by event " + closed.sequence() + " was recorded at "
                + closed.recordedAt() + ", on " + day + " in " + zone + "; " + rule);
    }

    /** The programme file's zone; UTC where it names none, as the command side reads it. */
    private static ZoneId programmeZone() {
        try (InputStream in = ClosingDay.class.getResourceAsStream("/org/kronika/events/programme.json")) {
            if (in == null) {
                throw new IllegalStateException("the event contract's programme.json is missing from the verifier");
            }
            JsonNode zone = new ObjectMapper().readTree(in).path("timeZone");
            return zone.isTextual() ? ZoneId.of(zone.asText()) : ZoneOffset.UTC;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
