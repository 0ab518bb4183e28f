package org.kronika.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.events.ProgrammeEvent;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A project's closures, held to what recorded them (docs/audit/README.md, "A closed project"): while the project is
 * closed nothing but a reopening is recorded in it ({@code WHILE CLOSED}), nor is it closed again ({@code CLOSED
 * TWICE}); a reopening follows a closure ({@code NOT CLOSED}); a closure gives the project's end date as registered
 * and amended by then ({@code MISDATED}), and as its final reports every period the project reports on
 * ({@code UNLISTED}), each approved then and neither reopened nor changed since its last approval
 * ({@code UNAPPROVED}), each once and in the order of their start ({@code REPEATED}, {@code UNORDERED},
 * {@link FinalReportOrder}); a closure is recorded once the project has ended ({@code EARLY}, {@link ClosingDay}).
 * Every event of the stream, the programme's too, is held to the role that records it ({@code UNAUTHORISED},
 * {@link EventRoles}): an officer closes, an administrator reopens, a recorder records what the project did, for the
 * organisation the project is registered for. What the history says of its closures is printed too ({@code CLOSED},
 * {@code REOPENED}), as the chain's own line says what it holds.
 *
 * <p>Run on a copy whose chain holds: of a copy that was changed, a finding would say nothing.
 */
final class ClosureCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A reporting period as the programme's calendar defines it, and when it was defined. */
    record Period(String periodId, LocalDate start, LocalDate end, String definedAt) {
    }

    /**
     * The programme's reporting periods as the copy checked holds them, or why it holds none: without them, a
     * closure's final reports are held only to the periods its project's history reports on.
     */
    record Calendar(Map<String, Period> periods, String unknownBecause) {

        static final Calendar NOT_IN_AN_EXPORT = new Calendar(null, "an export holds the project's own events, not "
                + "the programme's calendar (--kafka reads it from the topic)");

        /** The calendar of the programme streams among {@code copies}, if each of their chains holds. */
        static Calendar of(List<Copy> copies) {
            Map<String, Period> periods = new LinkedHashMap<>();
            boolean any = false;
            for (Copy copy : copies) {
                if (!copy.projectId().startsWith(ProgrammeEvent.SUBJECT_PREFIX)) {
                    continue;
                }
                any = true;
                if (copy.conflict() != null || !ChainVerdict.of(copy.projectId(), copy.links()).verified()) {
                    // A calendar with a period taken out would excuse a closure that leaves that period out.
                    return new Calendar(null, "the programme's calendar on the topic (" + copy.projectId()
                            + ") does not hold");
                }
                for (ChainLink link : copy.links()) {
                    if (PeriodFold.typeName(link.type()).equals("reporting-period-defined")) {
                        JsonNode data = JSON.valueToTree(link.payload());
                        periods.put(data.path("periodId").asText(), new Period(data.path("periodId").asText(),
                                day(data.path("start")), day(data.path("end")), link.recordedAt()));
                    }
                }
            }
            return any ? new Calendar(periods, null) : new Calendar(null, "the topic holds no programme's calendar");
        }

        boolean known() {
            return periods != null;
        }
    }

    /** A period's report as the history has left it so far. */
    private static final class Report {
        /** Its last step: submitted, returned, approved or reopened. */
        private String step;
        private long stepBy;
        private long approvedBy = -1;
        /**
         * The first change of its figures since its last approval, as the {@code approved-period-changed} flagging
         * it names it, and that flag; -1 while it is approved as it stands. A closure would make figures final that
         * no officer approved.
         */
        private long changedBy = -1;
        private long flaggedBy = -1;
        /** Its days, as its latest approval locked them; null if never approved. */
        private LocalDate start;
        private LocalDate end;
        /** The project's end date at that last step, which the period then overlapped (the command side checks). */
        private LocalDate projectEndThen;

        static String said(Report report) {
            if (report == null) {
                return "never submitted";
            }
            return switch (report.step) {
                case "submitted" -> "submitted by event " + report.stepBy + ", not approved";
                case "returned" -> "returned by event " + report.stepBy;
                case "reopened" -> "reopened by event " + report.stepBy + " since its approval by event "
                        + report.approvedBy;
                default -> "approved by event " + report.approvedBy + (report.changedBy < 0 ? ""
                        : ", but changed by event " + report.changedBy + " since (flagged by event " + report.flaggedBy
                        + ")");
            };
        }
    }

    private final String projectId;
    private final Calendar calendar;
    /**
     * How long before its closure a period may have been defined and still be missing from it: the closure reads
     * the calendar when it is handled, so a period defined meanwhile can be recorded a moment before it.
     */
    private final Duration grace;
    /** Where the programme's days begin, by which a closure is held to the first day it can be recorded. */
    private final ZoneId zone;
    private final PrintStream out;
    private final long last;
    private final Map<String, Report> reports = new LinkedHashMap<>();
    private LocalDate startDate;
    private LocalDate endDate;
    private long endDateBy = -1;
    /** The event before the one checked, whose command a flag of a change belongs to; null before the first. */
    private ChainLink before;
    /** The project's registration, which names the organisation a recorder records for; null before it. */
    private ChainLink registration;
    /** The closure standing, or null while the project is open. */
    private ChainLink closure;
    private Long lastReopening;
    private boolean everClosed;
    private ChainLink firstWhileClosed;
    private int moreWhileClosed;
    private boolean calendarNoted;
    private int findings;

    private ClosureCheck(Copy copy, Calendar calendar, Duration grace, ZoneId zone, PrintStream out) {
        this.projectId = copy.projectId();
        this.calendar = calendar;
        this.grace = grace;
        this.zone = zone;
        this.out = out;
        this.last = copy.links().isEmpty() ? -1 : copy.links().get(copy.links().size() - 1).sequence();
    }

    /**
     * Prints what the copy's history says of its closures, and each finding; answers whether none was found.
     *
     * @param grace how long before a closure a period of the calendar may have been defined and be missing from it
     *              without a finding ({@link ChainCheck#COMMIT_GRACE}, plus {@code --clock-skew})
     * @param zone  the programme's time zone, in which its days are counted ({@link ClosingDay#PROGRAMME_ZONE}, or
     *              {@code --time-zone})
     */
    static boolean holds(Copy copy, Calendar calendar, Duration grace, ZoneId zone, PrintStream out) {
        ClosureCheck check = new ClosureCheck(copy, calendar, grace, zone, out);
        for (ChainLink link : copy.links()) {
            check.next(link);
        }
        return check.end();
    }

    private void next(ChainLink link) {
        String type = PeriodFold.typeName(link.type());
        JsonNode data = JSON.valueToTree(link.payload());
        switch (type) {
            case "project-closed" -> closed(link, data);
            case "project-reopened" -> reopened(link, data);
            default -> {
                if (closure != null) {
                    whileClosed(link);
                }
                authorised(link);
            }
        }
        apply(link, type, data);
        before = link;
    }

    /**
     * The event held to the role that records it ({@link EventRoles}), a flag to its change's, and a recorder's to the
     * organisation the project is registered for.
     */
    private void authorised(ChainLink link) {
        EventRoles.unauthorised(projectId, link, before, registration).ifPresent(this::finding);
    }

    private void closed(ChainLink link, JsonNode data) {
        List<String> named = new ArrayList<>();
        data.path("periodIds").forEach(periodId -> named.add(periodId.asText()));
        if (closure != null) {
            whileClosed("its closure again by event " + link.sequence());
            finding("CLOSED TWICE " + projectId + ": event " + link.sequence() + " closes the project again, closed "
                    + "by event " + closure.sequence() + " at " + closure.recordedAt() + " with no reopening between: "
                    + "a closed project is reopened before it is closed again");
        } else {
            String comment = data.path("comment").isTextual() ? ": \"" + data.path("comment").asText() + "\"" : "";
            out.println("CLOSED  " + projectId + " by event " + link.sequence() + " at " + link.recordedAt()
                    + RecordedBy.of(link).said() + comment + "; it ended " + data.path("endDate").asText("(none)")
                    + ", final reports " + (named.isEmpty() ? "none" : String.join(", ", named)) + (link.sequence() == last
                    ? "; the last event of its history: nothing was recorded after it" : ""));
        }
        authorised(link);
        ClosingDay.early(projectId, link, endDate, endDateBy, zone).ifPresent(this::finding);
        everClosed = true;
        endDate(link, data);
        finalReports(link, named);
        closure = link;
    }

    private void reopened(ChainLink link, JsonNode data) {
        if (closure == null) {
            finding("NOT CLOSED " + projectId + ": event " + link.sequence() + " reopens the project, which "
                    + (!everClosed ? "was never closed" : "was reopened by event " + lastReopening + " since it was "
                    + "last closed") + ": only a closed project is reopened");
        } else {
            whileClosed("its reopening by event " + link.sequence());
            out.println("REOPENED " + projectId + " by event " + link.sequence() + " at " + link.recordedAt()
                    + RecordedBy.of(link).said() + ": \"" + data.path("reason").asText() + "\"");
            closure = null;
        }
        authorised(link);
        lastReopening = link.sequence();
    }

    /** What the project's history holds that a closure is held to. */
    private void apply(ChainLink link, String type, JsonNode data) {
        switch (type) {
            case "project-registered" -> {
                registration = link;
                startDate = day(data.path("startDate"));
                endDate = day(data.path("endDate"));
                endDateBy = link.sequence();
            }
            case "project-details-amended" -> {
                LocalDate amended = day(data.path("endDate"));
                if (amended != null) {
                    endDate = amended;
                    endDateBy = link.sequence();
                }
            }
            case "period-submitted", "period-returned", "period-approved", "period-reopened" -> {
                Report report = reports.computeIfAbsent(data.path("periodId").asText(), periodId -> new Report());
                report.step = type.substring("period-".length());
                report.stepBy = link.sequence();
                report.projectEndThen = endDate;
                report.changedBy = -1;
                report.flaggedBy = -1;
                if (type.equals("period-approved")) {
                    report.approvedBy = link.sequence();
                    report.start = day(data.path("start"));
                    report.end = day(data.path("end"));
                }
            }
            case "approved-period-changed" -> data.path("periodIds").forEach(periodId -> {
                Report report = reports.get(periodId.asText());
                if (report != null && report.step.equals("approved") && report.changedBy < 0) {
                    // The change it names, as the command side's refusal names it; a flag that names none is its own.
                    report.changedBy = data.path("changeSequence").canConvertToLong()
                            ? data.path("changeSequence").asLong() : link.sequence();
                    report.flaggedBy = link.sequence();
                }
            });
            default -> {
            }
        }
    }

    private void endDate(ChainLink closed, JsonNode data) {
        LocalDate said = day(data.path("endDate"));
        if (endDate != null && !endDate.equals(said)) {
            finding("MISDATED " + projectId + ": the closure by event " + closed.sequence() + " gives the project's "
                    + "end date as " + data.path("endDate").asText("(none)") + "; as registered and amended by then "
                    + "it ends " + endDate + " (event " + endDateBy + ")");
        }
    }

    private void finalReports(ChainLink closed, List<String> named) {
        String which = "the closure by event " + closed.sequence();
        FinalReportOrder.findings(projectId, which, named, this::daysOf).forEach(this::finding);
        for (String periodId : new LinkedHashSet<>(named)) {
            Report report = reports.get(periodId);
            if (report == null || !report.step.equals("approved") || report.changedBy >= 0) {
                finding("UNAPPROVED " + projectId + ": " + which + " names " + periodId + " among its final "
                        + "reports, whose report was " + Report.said(report) + " then: a closure's final reports are "
                        + "each approved, as they stand");
            }
        }
        for (var reported : reports.entrySet()) {
            String periodId = reported.getKey();
            if (named.contains(periodId)) {
                continue;
            }
            Optional<Days> ofTheProject = reportsOn(periodId, reported.getValue());
            if (ofTheProject.isEmpty()) {
                out.println("NOTE    " + projectId + ": " + which + " leaves out " + periodId + ", whose report was "
                        + Report.said(reported.getValue()) + "; the project's end date has moved earlier since, to "
                        + endDate + ", and what the check holds does not give the period's days, so whether the "
                        + "project still reports on it is not checked");
            } else if (ofTheProject.get().overlap()) {
                unlisted(which, periodId, reported.getValue(), ofTheProject.get());
            }
        }
        if (!calendar.known()) {
            if (!calendarNoted) {
                out.println("NOTE    " + projectId + ": a closure's final reports are held to the periods its history "
                        + "reports on (submitted, returned, approved or reopened); a period of the project never "
                        + "reported on is not seen: " + calendar.unknownBecause());
                calendarNoted = true;
            }
            return;
        }
        for (Period period : calendar.periods().values()) {
            if (named.contains(period.periodId()) || reports.containsKey(period.periodId())
                    || !overlaps(period.start(), period.end())) {
                continue;
            }
            switch (defined(period, closed)) {
                case BEFORE -> unlisted(which, period.periodId(), null, new Days(period.start(), period.end(), true));
                case JUST_BEFORE -> out.println("NOTE    " + projectId + ": " + which + " leaves out "
                        + period.periodId() + " (" + period.start() + " to " + period.end() + "), a period the project "
                        + "reports on, never reported on, defined at " + period.definedAt() + ", within " + grace
                        + " before the closure: the closure may have read the calendar before it was defined, so it "
                        + "is not held to it");
                default -> {
                }
            }
        }
    }

    private void unlisted(String which, String periodId, Report report, Days days) {
        String when = days.start() == null ? "" : " (" + days.start() + " to " + days.end() + ")";
        finding("UNLISTED " + projectId + ": " + which + " leaves out " + periodId + when + ", a period the project "
                + "reports on, whose report was " + Report.said(report) + ": a closure names every period of the "
                + "project as its final reports, each approved");
    }

    /** A period's days where known (else null), and whether the project's dates overlap them. */
    private record Days(LocalDate start, LocalDate end, boolean overlap) {
    }

    /**
     * Whether the project reports on the period (their days overlap), or empty where that cannot be told: the days
     * come from the calendar, or from the period's approval; without either, the project reported on it at its
     * last step, and still does unless its end date has moved earlier since.
     */
    private Optional<Days> reportsOn(String periodId, Report report) {
        Optional<FinalReportOrder.Span> days = daysOf(periodId);
        if (days.isPresent()) {
            LocalDate start = days.get().start();
            LocalDate end = days.get().end();
            return Optional.of(new Days(start, end, overlaps(start, end)));
        }
        if (report.projectEndThen != null && endDate != null && !endDate.isBefore(report.projectEndThen)) {
            return Optional.of(new Days(null, null, true));
        }
        return Optional.empty();
    }

    /** A period's days as the programme's calendar defines them, else as its latest approval locked them. */
    private Optional<FinalReportOrder.Span> daysOf(String periodId) {
        Period defined = calendar.known() ? calendar.periods().get(periodId) : null;
        if (defined != null && defined.start() != null && defined.end() != null) {
            return Optional.of(new FinalReportOrder.Span(periodId, defined.start(), defined.end()));
        }
        Report report = reports.get(periodId);
        return report == null || report.start == null || report.end == null ? Optional.empty()
                : Optional.of(new FinalReportOrder.Span(periodId, report.start, report.end));
    }

    private boolean overlaps(LocalDate start, LocalDate end) {
        return start != null && end != null && (startDate == null || !end.isBefore(startDate))
                && (endDate == null || !start.isAfter(endDate));
    }

    /** When a period was defined, against a closure. */
    private enum Defined { BEFORE, JUST_BEFORE, AFTER }

    /**
     * A period defined after the closure was none of its periods, nor, if defined within the grace before it, need
     * it have been: the closure read the calendar when it was handled, and the period's definition, handled at the
     * same time, may carry the earlier time yet not have been committed then (or been stamped by a clock ahead of
     * the closure's). A time that cannot be read is taken as before.
     */
    private Defined defined(Period period, ChainLink closed) {
        try {
            Instant definedAt = OffsetDateTime.parse(period.definedAt()).toInstant();
            Instant closedAt = OffsetDateTime.parse(closed.recordedAt()).toInstant();
            return !definedAt.isBefore(closedAt) ? Defined.AFTER
                    : definedAt.isBefore(closedAt.minus(grace)) ? Defined.BEFORE : Defined.JUST_BEFORE;
        } catch (DateTimeParseException | NullPointerException unreadable) {
            return Defined.BEFORE;
        }
    }

    private void whileClosed(ChainLink link) {
        if (firstWhileClosed == null) {
            firstWhileClosed = link;
        } else {
            moreWhileClosed++;
        }
    }

    /** Events recorded in the project while the closure stood, up to {@code until}: one finding for them all. */
    private void whileClosed(String until) {
        if (firstWhileClosed == null) {
            return;
        }
        finding("WHILE CLOSED " + projectId + ": event " + firstWhileClosed.sequence() + " ("
                + PeriodFold.typeName(firstWhileClosed.type()) + ") was recorded at " + firstWhileClosed.recordedAt()
                + " while the project was closed (by event " + closure.sequence() + " at " + closure.recordedAt() + ")"
                + (moreWhileClosed == 0 ? "" : ", and " + moreWhileClosed
                + (moreWhileClosed == 1 ? " event" : " events") + " after it") + ", before " + until
                + ": nothing but a reopening is recorded in a closed project");
        firstWhileClosed = null;
        moreWhileClosed = 0;
    }

    private boolean end() {
        if (closure != null) {
            whileClosed("the end of the history");
        }
        if (findings > 0) {
            out.println("FAILED  " + projectId + ": its chain holds, but its history does not keep the rules of who "
                    + "records what and of a closure (" + findings + (findings == 1 ? " finding" : " findings")
                    + " above)");
        }
        return findings == 0;
    }

    private void finding(String line) {
        out.println(line);
        findings++;
    }

    /** A day as the event gives it, or null where it gives none that can be read. */
    private static LocalDate day(JsonNode value) {
        try {
            return value.isTextual() ? LocalDate.parse(value.asText()) : null;
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }
}
