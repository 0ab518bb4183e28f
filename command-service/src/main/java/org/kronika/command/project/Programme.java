package org.kronika.command.project;

import org.kronika.events.PlaceNames;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The donor programme's reference data: the places projects may work in, the categories counts are broken
 * down by, and the reporting periods targets refer to.
 *
 * @param municipalities   canonical names with the other names they are known by (Serbian, short, definite forms)
 * @param ambiguousNames   names that mean more than one place, e.g. "Mitrovica": refused with the candidates
 * @param sexCategories    keys of {@code participants.bySex}
 * @param ageBands         keys of {@code participants.byAgeBand}
 * @param communities      keys of {@code participants.byCommunity}
 * @param reportingPeriods the programme's quarters, each defined in its reporting calendar at a start when not yet
 * @param timeZone         where the programme's days begin and end (Kosovo and Albania keep Central European Time):
 *                         an activity of today is not "in the future" in the hour after the programme's midnight,
 *                         when it is still yesterday in UTC. UTC when the file names none.
 * @param daysToReport     how many days after one of the file's quarters ends its reports are due ({@value
 *                         #DAYS_TO_REPORT} when the file names none); the query side reads the same number, so a
 *                         quarter it shows before its definition arrives is due on the day it is due once defined
 */
public record Programme(
        String programmeId,
        String name,
        List<Municipality> municipalities,
        Map<String, List<String>> ambiguousNames,
        List<String> sexCategories,
        List<String> ageBands,
        List<String> communities,
        List<Quarter> reportingPeriods,
        ZoneId timeZone,
        Integer daysToReport) {

    /** How long after a quarter ends its reports are due, when the file does not say. */
    public static final int DAYS_TO_REPORT = 30;

    public Programme {
        // A deployment's own file may leave out what it has none of, as the query side reads it: no aliases, no
        // ambiguous names. A missing list must not fail every command that names a place.
        ambiguousNames = ambiguousNames == null ? Map.of() : ambiguousNames;
        timeZone = timeZone == null ? ZoneOffset.UTC : timeZone;
        daysToReport = daysToReport == null ? DAYS_TO_REPORT : daysToReport;
        if (daysToReport < 0) {
            throw new IllegalArgumentException("The programme file's daysToReport must not be negative: " + daysToReport);
        }
    }

    /** The programme's clock: instants as they are, days as the programme counts them. */
    public Clock clock(Clock base) {
        return base.withZone(timeZone);
    }

    public record Municipality(String name, String country, List<String> aliases) {
        public Municipality {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    public record Quarter(String periodId, LocalDate start, LocalDate end) {
    }

    /** The canonical name for a name or alias, compared as {@link PlaceNames} says; empty if unknown. */
    public Optional<String> canonicalMunicipality(String candidate) {
        if (candidate == null) {
            return Optional.empty();
        }
        String wanted = PlaceNames.key(candidate);
        return municipalities.stream()
                .filter(m -> known(m.name()).contains(wanted)
                        || m.aliases().stream().anyMatch(a -> known(a).contains(wanted)))
                .map(Municipality::name)
                .findFirst();
    }

    /**
     * The canonical name, or a rule violation that says why the name was not recognised: an unknown name is echoed
     * with what shows as a space or as nothing by its code ("Podujevë&#92;u00A0x"), and with the municipalities it is
     * near ("did you mean Vushtrri?"). A name of nothing but spaces and invisible characters names none.
     */
    public String requireMunicipality(String field, String candidate) {
        // Bounded before it is read, compared or quoted back: a refusal echoed a name of any size.
        if (candidate != null && candidate.length() > TextLimits.MUNICIPALITY_NAME) {
            throw new ProjectRuleViolation(field, TextLimits.atMost(TextLimits.MUNICIPALITY_NAME));
        }
        String wanted = candidate == null ? "" : PlaceNames.key(candidate);
        if (wanted.isEmpty()) {
            throw new ProjectRuleViolation(field, "must name a municipality");
        }
        for (var ambiguous : ambiguousNames.entrySet()) {
            if (known(ambiguous.getKey()).contains(wanted)) {
                throw new ProjectRuleViolation(field, "'" + PlaceNames.shown(candidate) + "' is ambiguous: use one of "
                        + ambiguous.getValue());
            }
        }
        return canonicalMunicipality(candidate).orElseThrow(() -> new ProjectRuleViolation(field,
                "'" + PlaceNames.shown(candidate) + "' is not a municipality of programme " + programmeId
                        + PlaceNames.didYouMean(candidate, aliasesByName(), ambiguousNames)));
    }

    private Map<String, List<String>> aliasesByName() {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        municipalities.forEach(municipality -> aliases.put(municipality.name(), municipality.aliases()));
        return aliases;
    }

    /**
     * A name of the programme's own data, folded once: every command naming a place compared the candidate with
     * every name and alias folded afresh. Only the programme's names are kept (a finite set), never a candidate.
     */
    private static Set<String> known(String name) {
        return FOLDED_NAMES.computeIfAbsent(name, PlaceNames::keys);
    }

    private static final Map<String, Set<String>> FOLDED_NAMES = new ConcurrentHashMap<>();
}
