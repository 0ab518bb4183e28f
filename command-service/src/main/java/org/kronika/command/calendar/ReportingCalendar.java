package org.kronika.command.calendar;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.modelling.command.CreationPolicy;
import org.kronika.command.calendar.api.DefineReportingPeriod;
import org.kronika.command.project.AlreadyRecorded;
import org.kronika.command.project.ChainHead;
import org.kronika.command.project.Limits;
import org.kronika.command.project.NextLink;
import org.kronika.command.project.ProjectRuleViolation;
import org.kronika.command.project.ReportingPeriod;
import org.kronika.command.project.Rules;
import org.kronika.command.project.TextLimits;
import org.kronika.command.project.api.CommandResult;
import org.kronika.events.ProgrammeEvent;
import org.kronika.events.ReportingPeriodDefined;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The programme's reporting calendar: the periods projects report on, in as many calendars as the donor needs (the
 * quarters and a July-to-June fiscal year, say). A stream and a hash chain of its own, subject
 * {@code programme:{id}}. Periods are whole months, so that figures kept per month add up to any period exactly,
 * whenever it is defined; periods of one calendar do not overlap.
 */
public class ReportingCalendar {

    /**
     * The calendar the programme file's quarters are defined in, and the one views group figures by: a day no period
     * of it holds is counted outside every reporting period.
     */
    public static final String QUARTERS = "quarters";

    @AggregateIdentifier
    private String calendarId;
    private Map<String, ReportingPeriod> periods = new LinkedHashMap<>();
    private ChainHead head = ChainHead.START;

    /** For Axon: rebuilt from events. */
    protected ReportingCalendar() {
    }

    public static String idOf(String programmeId) {
        return ProgrammeEvent.SUBJECT_PREFIX + programmeId;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CommandResult handle(DefineReportingPeriod command, Clock clock) {
        Long version = AggregateLifecycle.getVersion();
        if (command.expectedVersion() != null && !command.expectedVersion().equals(version)) {
            // An empty calendar is at no version: -1, which no If-Match names.
            throw new ConflictingAggregateVersionException(idOf(command.programmeId()), command.expectedVersion(),
                    version == null ? -1 : version);
        }
        Rules.requireId("periodId", command.periodId());
        if (periods.containsKey(command.periodId())) {
            throw new AlreadyRecorded("periodId", command.periodId(), "calendar " + idOf(command.programmeId()));
        }
        Rules.roomForOneMore("periodId", periods.size(), Limits.REPORTING_PERIODS_PER_PROGRAMME,
                "reporting periods of the programme");
        Rules.all(
                () -> Rules.requireId("calendar", command.calendar()),
                () -> Rules.requireName("name", command.name(), TextLimits.PERIOD_NAME),
                () -> {
                    Rules.date("start", command.start());
                    if (command.start().getDayOfMonth() != 1) {
                        throw new ProjectRuleViolation("start", "must be the first day of a month: periods are whole"
                                + " months");
                    }
                },
                () -> {
                    Rules.date("end", command.end());
                    if (command.end().getDayOfMonth() != command.end().lengthOfMonth()) {
                        throw new ProjectRuleViolation("end", "must be the last day of a month: periods are whole"
                                + " months");
                    }
                },
                () -> Rules.date("dueDate", command.dueDate()));
        Rules.all(
                () -> {
                    if (command.end().isBefore(command.start())) {
                        throw new ProjectRuleViolation("end", "must not be before start " + command.start());
                    }
                },
                () -> {
                    if (command.dueDate().isBefore(command.end())) {
                        throw new ProjectRuleViolation("dueDate", "must not be before the period ends on "
                                + command.end());
                    }
                });
        Optional<ReportingPeriod> overlapping = periods.values().stream()
                .filter(p -> p.calendar().equals(command.calendar()) && p.overlaps(command.start(), command.end()))
                .findFirst();
        if (overlapping.isPresent()) {
            ReportingPeriod other = overlapping.get();
            // The date that reaches into the other period: its start, or, starting before it, its end.
            String field = command.start().isBefore(other.start()) ? "end" : "start";
            throw new ProjectRuleViolation(field, "overlaps " + other.periodId() + " (" + other.start() + " to "
                    + other.end() + ") of calendar " + command.calendar() + "; periods of one calendar do not overlap,"
                    + " use another calendar");
        }
        ReportingPeriodDefined event = new ReportingPeriodDefined(command.programmeId(), command.periodId(),
                command.calendar(), Rules.trimmed(command.name()), command.start(), command.end(), command.dueDate());
        apply(event, NextLink.metaData(event, AggregateLifecycle.getVersion(), head, clock));
        return new CommandResult(command.periodId(), AggregateLifecycle.getVersion());
    }

    @EventSourcingHandler
    void on(ReportingPeriodDefined event, MetaData link) {
        calendarId = event.subject();
        head = ChainHead.of(link);
        periods.put(event.periodId(), period(event));
    }

    /** The period an event defined. */
    public static ReportingPeriod period(ReportingPeriodDefined event) {
        return new ReportingPeriod(event.periodId(), event.calendar(), event.name(), event.start(), event.end(),
                event.dueDate());
    }
}
