package org.kronika.query.programme;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.kronika.events.PlaceNames;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The programme's reference data as the query side needs it: where projects work, the categories participants are
 * counted by, and the reporting periods figures are grouped into. Read from the same file as the command side, so
 * both sides agree on what "2024-Q3" and "Ferizaj" mean, on when a day begins (its time zone; UTC when it names
 * none), and on when the reports of the file's quarters are due (its {@code daysToReport}). A name that means more than one municipality ("Mitrovica": North and South, its {@code ambiguousNames})
 * is refused naming them, as the command side refuses it, rather than taken for one or called unknown.
 */
public record Programme(String programmeId, String name, List<Municipality> municipalities,
                        Map<String, List<String>> ambiguousNames, List<String> sexCategories,
                        List<String> ageBands, List<String> communities, List<Period> reportingPeriods,
                        ZoneId timeZone, Integer daysToReport) {

    /** How long after a quarter ends its reports are due when the file does not say, as the command side reads it. */
    public static final int DAYS_TO_REPORT = 30;

    public record Municipality(String name, String country, List<String> aliases) {
        public Municipality {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    private static final java.util.regex.Pattern PERIOD_ID = java.util.regex.Pattern.compile(
            "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    /**
     * The file's quarters the command side's calendar defines: whole months, an id of the form every id has, and no
     * two over the same months. The command side leaves out one it refuses, with a warning; shown here, it was a
     * period reports were overdue for, whose report the command side refused as unknown, and whose days counted in
     * two quarters.
     */
    private static List<Period> definable(List<Period> quarters) {
        List<Period> kept = new java.util.ArrayList<>();
        for (Period quarter : quarters) {
            String fault = !PERIOD_ID.matcher(quarter.periodId()).matches() ? "its id is not 1-64 letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit"
                    : quarter.start().getDayOfMonth() != 1 ? "it does not start on the first day of a month"
                    : quarter.end().getDayOfMonth() != quarter.end().lengthOfMonth()
                    ? "it does not end on the last day of a month"
                    : quarter.end().isBefore(quarter.start()) ? "it ends before it starts"
                    : quarter.start().getYear() < 1900 || quarter.end().getYear() > 2999
                    ? "it is not within 1900-01-01 and 2999-12-31"
                    : kept.stream().filter(k -> !k.end().isBefore(quarter.start())
                            && !k.start().isAfter(quarter.end()) || k.periodId().equals(quarter.periodId()))
                    .map(k -> "it overlaps or repeats " + k.periodId()).findFirst().orElse(null);
            if (fault != null) {
                org.slf4j.LoggerFactory.getLogger(Programme.class).warn("Reporting period {} of the programme file is "
                        + "not a period, as the command side does not define it: {}", quarter.periodId(), fault);
            } else {
                kept.add(quarter);
            }
        }
        return List.copyOf(kept);
    }

    public record Period(String periodId, LocalDate start, LocalDate end) {
        public boolean contains(LocalDate date) {
            return !date.isBefore(start) && !date.isAfter(end);
        }
    }

    public Programme {
        municipalities = List.copyOf(municipalities);
        ambiguousNames = ambiguousNames == null ? Map.of() : Map.copyOf(ambiguousNames);
        sexCategories = List.copyOf(sexCategories);
        ageBands = List.copyOf(ageBands);
        communities = List.copyOf(communities);
        // Judged in the file's order, as the command side defines them; then ordered by start.
        reportingPeriods = definable(reportingPeriods).stream().sorted(Comparator.comparing(Period::start)).toList();
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
        daysToReport = daysToReport == null ? DAYS_TO_REPORT : daysToReport;
        if (daysToReport < 0) {
            // As the command side refuses it: a report due before its period ends would be overdue from its first day.
            throw new IllegalArgumentException("The programme file's daysToReport must not be negative: " + daysToReport);
        }
    }

    /**
     * The programme's clock: instants as they are, days as the programme counts them, so a project's status and a
     * file's "today" turn at the programme's midnight (as the command side's rules do), not at UTC's.
     */
    public Clock clock(Clock base) {
        return base.withZone(timeZone);
    }

    /** The instant a day of the programme begins. */
    public Instant startOf(LocalDate day) {
        return day.atStartOfDay(timeZone).toInstant();
    }

    /** The programme file published with the event contract. */
    public static Programme ofContract() {
        return read(Programme.class.getResourceAsStream("/org/kronika/events/programme.json"));
    }

    /** Another programme file, for a deployment whose reference data differs: give both services the same file. */
    public static Programme read(InputStream source) {
        try (InputStream in = source) {
            return new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(in, Programme.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the programme's reference data", e);
        }
    }

    public ReportingPeriods periods() {
        return new ReportingPeriods(reportingPeriods);
    }

    /** The municipality a name or alias stands for, compared as {@link PlaceNames} says (as the command side does). */
    public Optional<Municipality> municipality(String candidate) {
        if (candidate == null) {
            return Optional.empty();
        }
        String wanted = PlaceNames.key(candidate);
        return municipalities.stream().filter(m -> PlaceNames.keys(m.name()).contains(wanted)
                        || m.aliases().stream().anyMatch(a -> PlaceNames.keys(a).contains(wanted)))
                .findFirst();
    }

    /**
     * Why a name no municipality has is refused, in the command side's words: the name with what shows as a space or
     * as nothing by its code, and the municipalities it is near ("did you mean Vushtrri?").
     */
    public String unknown(String candidate) {
        return "'" + PlaceNames.shown(candidate) + "' is not a municipality of the programme" + didYouMean(candidate);
    }

    /** {@code "; did you mean Vushtrri?"} for a name near one municipality's (or two or three's), else nothing. */
    public String didYouMean(String candidate) {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        municipalities.forEach(municipality -> aliases.put(municipality.name(), municipality.aliases()));
        return PlaceNames.didYouMean(candidate, aliases, ambiguousNames);
    }

    /**
     * A name that cannot be taken for one municipality, with those it could mean; empty for any other name.
     */
    public Optional<Ambiguity> ambiguity(String candidate) {
        if (candidate == null) {
            return Optional.empty();
        }
        String wanted = PlaceNames.key(candidate);
        return ambiguousNames.entrySet().stream().filter(name -> PlaceNames.keys(name.getKey()).contains(wanted))
                .findFirst()
                .map(name -> new Ambiguity(candidate, name.getValue()));
    }

    /**
     * A name of more than one municipality.
     *
     * @param name    as it was written
     * @param choices the canonical names of the municipalities it could mean
     */
    public record Ambiguity(String name, List<String> choices) {
        public Ambiguity {
            choices = List.copyOf(choices);
        }

        /** Why the name is refused, naming those it could mean, in the command side's words. */
        public String why() {
            return "'" + PlaceNames.shown(name) + "' is ambiguous: use one of " + choices;
        }
    }
}
