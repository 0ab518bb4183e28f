package org.kronika.command.project;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.serialization.Revision;
import org.kronika.command.project.api.AmendProjectDetails;
import org.kronika.command.project.api.ApprovePeriod;
import org.kronika.command.project.api.CloseProject;
import org.kronika.command.project.api.ReopenProject;
import org.kronika.command.project.api.ReopenPeriod;
import org.kronika.command.project.api.ReturnPeriod;
import org.kronika.command.project.api.SubmitPeriod;
import org.kronika.command.project.api.CommandResult;
import org.kronika.command.project.api.CorrectActivity;
import org.kronika.command.project.api.CorrectMeasurement;
import org.kronika.command.project.api.DefineIndicator;
import org.kronika.command.project.api.PlanActivity;
import org.kronika.command.project.api.RecordActivity;
import org.kronika.command.project.api.RecordIndicatorMeasurement;
import org.kronika.command.project.api.RedefineIndicator;
import org.kronika.command.project.api.RegisterProject;
import org.kronika.command.project.api.RetractActivity;
import org.kronika.command.project.api.RetractMeasurement;
import org.kronika.command.project.api.VersionedCommand;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ApprovedPeriodChanged;
import org.kronika.events.PeriodApproved;
import org.kronika.events.PeriodReopened;
import org.kronika.events.PeriodReturned;
import org.kronika.events.PeriodSubmitted;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.EventTypes;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.ProjectReopened;
import org.kronika.events.ProjectEvent;
import org.kronika.events.chain.EventData;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A grant-funded project: its logframe and everything it records. Its history of events is the system of
 * record; this class decides each command, builds its event and keeps the chain's head. Its collaborators keep
 * what the rules need: {@link ProjectTerms} (whose, when, where), {@link Logframe} (indicators and planned activities),
 * {@link PeriodReports} (which periods are locked), {@link Closure} (whether it is closed out) and, outside the
 * aggregate, its {@link ActivityLedger} (what was recorded, corrected, retracted), asked through {@link Activities},
 * its {@link MeasurementLedger} (what was measured, corrected, retracted), asked through {@link Measurements}, and
 * the programme's
 * {@link OrganisationRegister} (the one name of each organisation). Others keep nothing and check what a command
 * states, so each rule is read in one place: {@link ProjectDetails} and {@link IndicatorRules} (the form of each
 * field), {@link ActivityFacts} and {@link MeasurementFacts} (the one path from stated facts to an activity's or a
 * measurement's event, new or corrected), {@link EndDateRoom} (how far back an end date may move) and
 * {@link ActivityRules} (what each kind of activity must state).
 *
 * <p>The revision is that of the snapshot's shape: raise it whenever a field is added, so that Axon ignores
 * snapshots without it and rebuilds the project from its events instead of starting the field from zero.
 */
@Revision(Project.SNAPSHOT_REVISION)
public class Project {

    /**
     * 3: its state in collaborators (terms, logframe, activities) rather than in fields of its own. 4: period reports
     * and the days of activities, for approved periods' locks. 5: without the activities, which the
     * {@link ActivityLedger} keeps outside the aggregate; an older snapshot is passed over and the project rebuilt
     * from its events. 6: the logframe's latest day measured, which bounds an earlier end date. 7: fingerprints of
     * the registration details and of each indicator's definition, so an amendment or redefinition that changes
     * nothing is refused. 8: each measurement's indicator, day, corrections, retraction and facts' fingerprint, and
     * the days of those standing, as measurements can be corrected and retracted. 9: the fingerprint of each
     * indicator's targets per municipality, without which a redefinition setting none where none are set would pass.
     * 10: the periods each indicator's period targets name, which bound an earlier end date. 11: whether the project
     * is closed out, and since when: a closed project rebuilt from an older snapshot, which cannot say, would start
     * open and record again; and which approved periods changed since their approval, which a closure refuses, so an
     * older snapshot would let one make figures final that no officer approved. 12: each indicator's unit, which bounds
     * the numbers measured for it and its target (a yes-no one 0 or 1, a percent one 0 to 100): an older snapshot,
     * which cannot say, would let a yes-no indicator take a 7. 13: without the measurements and the days of those
     * standing, which the {@link MeasurementLedger} keeps outside the aggregate (in it they made the snapshot grow by
     * about 129 bytes a measurement, without limit); an older snapshot still holds them, is passed over and the
     * project rebuilt from its events, as at 5, while the ledger folds them from the events at the first question.
     * 14: when the last event was recorded, which the next one's time never goes before (its {@link ChainHead}): an
     * older snapshot, which cannot say, would let a clock that stepped back record the next event earlier.
     * 15: how many times the project was closed, which is bounded ({@link Limits#CLOSURES_PER_PROJECT}): an older
     * snapshot, which cannot say, would start it from zero.
     */
    public static final String SNAPSHOT_REVISION = "15";

    @AggregateIdentifier
    private String projectId;
    private ProjectTerms terms;
    private Logframe logframe;
    private PeriodReports reports;
    private Closure closure;
    /** The last event's link, which the next one follows. */
    private ChainHead head = ChainHead.START;

    /** For Axon: rebuilt from events or a snapshot. */
    protected Project() {
    }

    @CommandHandler
    public Project(RegisterProject command, Programme programme, OrganisationRegister organisations, Clock clock) {
        ProjectDetails.Registration registration = ProjectDetails.requireRegistration(command, programme, organisations);
        record(new ProjectRegistered(command.projectId(), command.organisationId(), registration.organisation(),
                command.organisationInvented(), Rules.trimmed(command.title()), command.summary(), command.generalGoal(),
                command.specificObjectives(), command.targetGroups(), registration.places(), command.startDate(),
                command.endDate()), clock);
    }

    /**
     * Before any command to an existing project: first whether the sender may touch it at all, then whether it
     * is at the version the command names, then whether it is open. In that order, a recorder of another
     * organisation gets the same refusal whatever If-Match it sends and never learns the project's version, nor
     * that it is closed. The one place a closed project refuses: no command of its own needs to remember it.
     */
    @CommandHandlerInterceptor
    Object mayTouchThenVersionMatches(CommandMessage<?> command, InterceptorChain chain,
                                      @MetaDataValue(ActorMetaData.ROLE) String role,
                                      @MetaDataValue(ActorMetaData.ORGANISATION) String organisation) throws Exception {
        // A recorder is bound to one organisation and records for that organisation's projects only.
        if (ActorMetaData.RECORDER.equals(role) && !terms.ownedBy(organisation)) {
            throw new NotYourProject(projectId);
        }
        if (command.getPayload() instanceof VersionedCommand versioned && versioned.expectedVersion() != null
                && !versioned.expectedVersion().equals(AggregateLifecycle.getVersion())) {
            throw new ConflictingAggregateVersionException(projectId, versioned.expectedVersion(),
                    AggregateLifecycle.getVersion());
        }
        if (!(command.getPayload() instanceof ReopenProject)) {
            closure.requireOpen(projectId);
        }
        return chain.proceed();
    }

    @CommandHandler
    public CommandResult handle(AmendProjectDetails command, Programme programme, ReportingPeriods periods,
                                ActivityLedger ledger, MeasurementLedger measurements, Clock clock) {
        terms.requireRoomForAmendment();
        List<String> places = ProjectDetails.requireAmendment(command, programme);
        if (command.endDate() != null) {
            EndDateRoom.require(command.endDate(), terms, Activities.of(ledger, projectId),
                    Measurements.of(measurements, projectId), logframe, reports, periods);
        }
        // A value sent as it already is changes nothing, and is left out of the event like one not sent.
        Changes changes = terms.amendment();
        ProjectDetailsAmended amended = new ProjectDetailsAmended(projectId,
                changes.of("title", Rules.trimmed(command.title())),
                changes.of("summary", command.summary()), changes.of("generalGoal", command.generalGoal()),
                changes.of("specificObjectives", command.specificObjectives()),
                changes.of("targetGroups", command.targetGroups()), changes.of("municipalities", places),
                changes.of("endDate", command.endDate()), command.reason());
        changes.requireAny();
        record(amended, clock);
        return result(projectId);
    }

    @CommandHandler
    public CommandResult handle(DefineIndicator command, Programme programme, ReportingPeriods periods, Clock clock) {
        logframe.requireNewIndicator(projectId, command.indicatorId());
        List<MunicipalityTarget> places = IndicatorRules.requireDefinition(command, terms, programme, periods);
        // An indicator defined late is counted in every approved period too (its figures, its percent of target),
        // so, as a redefinition, it is flagged in each, with a reason: the approver never saw it.
        recordChange(new IndicatorDefined(projectId, command.indicatorId(), Rules.trimmed(command.name()), command.unit(),
                command.counts(), command.aggregation(), command.baseline(), command.target(),
                command.periodTargets(), command.dimensions(), places), reports.locked(), command.indicatorId(),
                "changeReason", command.changeReason(), clock);
        return result(command.indicatorId());
    }

    @CommandHandler
    public CommandResult handle(RedefineIndicator command, Programme programme, ReportingPeriods periods,
                                Clock clock) {
        logframe.requireIndicatorOfPath(projectId, command.indicatorId());
        logframe.requireRoomForRedefinition(command.indicatorId());
        List<MunicipalityTarget> places = IndicatorRules.requireRedefinition(command,
                logframe.unit(command.indicatorId()), terms, programme, periods);
        Changes changes = logframe.redefinition(command.indicatorId());
        IndicatorRedefined redefined = new IndicatorRedefined(projectId, command.indicatorId(),
                changes.of("name", Rules.trimmed(command.name())),
                changes.of("target", command.target()), changes.of("periodTargets", command.periodTargets()),
                changes.of("dimensions", command.dimensions()), command.reason(),
                changes.of("municipalityTargets", places));
        changes.requireAny();
        // A target, a name or a breakdown is part of every approved period's figures (target, percent of target):
        // a redefinition changes them all, and is flagged in each, with its reason.
        recordChange(redefined, reports.locked(), command.indicatorId(), "reason", command.reason(), clock);
        return result(command.indicatorId());
    }

    @CommandHandler
    public CommandResult handle(RecordIndicatorMeasurement command, Programme programme, Clock clock,
                                MeasurementLedger ledger) {
        logframe.requireIndicatorOfPath(projectId, command.indicatorId());
        MeasurementFacts facts = new MeasurementFacts(projectId, terms, logframe, programme, clock);
        Measurements.of(ledger, projectId).requireNew(command.indicatorId(), command.measurementId(),
                () -> MeasurementChange.facts(facts.stated(command)));
        IndicatorMeasured measured = facts.stated(command);
        recordChange(measured, reports.changedBy(measured.measuredOn()), command.measurementId(), "changeReason",
                command.changeReason(), clock);
        return result(command.measurementId());
    }

    @CommandHandler
    public CommandResult handle(CorrectMeasurement command, Programme programme, Clock clock,
                                MeasurementLedger ledger) {
        logframe.requireIndicatorOfPath(projectId, command.indicatorId());
        RecordedMeasurement was = Measurements.of(ledger, projectId).requireActive(command.indicatorId(),
                command.measurementId());
        Measurements.requireRoomForCorrection(command.measurementId(), was);
        Rules.requireText("reason", command.reason(), TextLimits.REASON);
        IndicatorMeasured corrected = new MeasurementFacts(projectId, terms, logframe, programme, clock)
                .correcting(command, was);
        recordChange(new MeasurementCorrected(projectId, command.indicatorId(), command.measurementId(),
                        corrected.measuredOn(), corrected.value(), corrected.municipality(), corrected.breakdown(),
                        corrected.source(), command.reason()),
                reports.changedBy(was.measuredOn(), corrected.measuredOn()), command.measurementId(), "reason",
                command.reason(), clock);
        return result(command.measurementId());
    }

    @CommandHandler
    public CommandResult handle(RetractMeasurement command, Clock clock, MeasurementLedger ledger) {
        logframe.requireIndicatorOfPath(projectId, command.indicatorId());
        RecordedMeasurement was = Measurements.of(ledger, projectId).requireActive(command.indicatorId(),
                command.measurementId());
        Rules.requireText("reason", command.reason(), TextLimits.REASON);
        recordChange(new MeasurementRetracted(projectId, command.indicatorId(), command.measurementId(),
                command.reason()), reports.changedBy(was.measuredOn()), command.measurementId(), "reason",
                command.reason(), clock);
        return result(command.measurementId());
    }

    @CommandHandler
    public CommandResult handle(PlanActivity command, Clock clock) {
        logframe.requireNewPlannedActivity(projectId, command.plannedActivityId());
        Rules.requireName("title", command.title(), TextLimits.PLANNED_ACTIVITY_TITLE);
        String type = ActivityRules.requireActivityType("activityType", command.activityType());
        int planned = command.plannedCount() == null ? 0 : command.plannedCount();
        Rules.count("plannedCount", planned, 0);
        logframe.requireIndicators("indicatorIds", command.indicatorIds());
        record(new ActivityPlanned(projectId, command.plannedActivityId(), Rules.trimmed(command.title()), type,
                planned, command.indicatorIds()), clock);
        return result(command.plannedActivityId());
    }

    @CommandHandler
    public CommandResult handle(RecordActivity command, Programme programme, Clock clock, ActivityDecoder decoder,
                                ActivityLedger ledger) {
        String type = ActivityRules.requireActivityType("activityType", command.activityType());
        ActivityEvent activity = new ActivityFacts(projectId, terms, logframe, programme, clock, decoder,
                Activities.of(ledger, projectId)).stated(type, command.facts());
        recordChange(activity, reports.changedBy(activity.occurredOn()), activity.activityId(), "changeReason",
                command.changeReason(), clock);
        return result(activity.activityId());
    }

    @CommandHandler
    public CommandResult handle(CorrectActivity command, Programme programme, Clock clock, ActivityDecoder decoder,
                                ActivityLedger ledger) {
        Activities activities = Activities.of(ledger, projectId);
        RecordedActivity was = activities.requireActive(command.activityId());
        String type = was.type();
        Activities.requireRoomForCorrection(command.activityId(), was);
        Rules.requireText("reason", command.reason(), TextLimits.REASON);
        Rules.required("corrected", command.corrected());
        ActivityEvent corrected = new ActivityFacts(projectId, terms, logframe, programme, clock, decoder, activities)
                .correcting(command.activityId(), was, command.corrected());
        Map<String, Object> facts = EventData.of((Record) corrected);
        Activities.requireChange(command.activityId(), was, facts);
        recordChange(new ActivityCorrected(projectId, corrected.activityId(), type, facts, command.reason()),
                reports.changedBy(was.occurredOn(), corrected.occurredOn()), command.activityId(), "reason",
                command.reason(), clock);
        return result(corrected.activityId());
    }

    @CommandHandler
    public CommandResult handle(RetractActivity command, Clock clock, ActivityLedger ledger) {
        RecordedActivity was = Activities.of(ledger, projectId).requireActive(command.activityId());
        Rules.requireText("reason", command.reason(), TextLimits.REASON);
        recordChange(new ActivityRetracted(projectId, command.activityId(), command.reason()),
                reports.changedBy(was.occurredOn()), command.activityId(), "reason",
                command.reason(), clock);
        return result(command.activityId());
    }

    @CommandHandler
    public CommandResult handle(SubmitPeriod command, ReportingPeriods periods, Clock clock) {
        ReportingPeriod period = terms.requirePeriod(command.periodId(), periods);
        Rules.all(() -> {
            reports.requireSubmittable(period.periodId());
            terms.requireEndedForReport("periodId", period, clock, "submitted");
        }, () -> Rules.requireText("comment", command.comment(), TextLimits.COMMENT));
        record(new PeriodSubmitted(projectId, period.periodId(), command.comment()), clock);
        return result(period.periodId());
    }

    @CommandHandler
    public CommandResult handle(ReturnPeriod command, ReportingPeriods periods, Clock clock) {
        ReportingPeriod period = terms.requirePeriod(command.periodId(), periods);
        Rules.all(() -> reports.requireSubmitted(period.periodId()),
                () -> Rules.requireText("comment", command.comment(), TextLimits.COMMENT));
        record(new PeriodReturned(projectId, period.periodId(), command.comment()), clock);
        return result(period.periodId());
    }

    /** The approval names the head it approved: the project's last event, which the approval's own link follows. */
    @CommandHandler
    public CommandResult handle(ApprovePeriod command, ReportingPeriods periods, Clock clock) {
        ReportingPeriod period = terms.requirePeriod(command.periodId(), periods);
        Rules.all(() -> {
            reports.requireSubmitted(period.periodId());
            // A report submitted while its period ran, before that was refused, is not locked before it ends either.
            terms.requireEndedForReport("periodId", period, clock, "approved");
        }, () -> {
            if (command.comment() != null) {
                Rules.requireText("comment", command.comment(), TextLimits.COMMENT);
            }
        });
        record(new PeriodApproved(projectId, period.periodId(), period.start(), period.end(),
                AggregateLifecycle.getVersion(), head.hash(), command.comment()), clock);
        return result(period.periodId());
    }

    @CommandHandler
    public CommandResult handle(ReopenPeriod command, ReportingPeriods periods, Clock clock) {
        ReportingPeriod period = terms.requirePeriod(command.periodId(), periods);
        Rules.all(() -> reports.requireApproved(period.periodId()),
                () -> Rules.requireText("reason", command.reason(), TextLimits.REASON));
        record(new PeriodReopened(projectId, period.periodId(), command.reason()), clock);
        return result(period.periodId());
    }

    /**
     * Closes the project out once it has ended and every period it reports on has its report approved, and not changed
     * since: a closure makes the figures final, so each must be the figures an officer approved. The refusal names
     * all that stands in the way at once. The closure states the end date and those periods, its final reports.
     */
    @CommandHandler
    public CommandResult handle(CloseProject command, ReportingPeriods periods, Clock clock) {
        List<ReportingPeriod> reported = terms.periodsOf(periods);
        Closure.requireClosable(terms, reports, reported, clock);
        if (command.comment() != null) {
            Rules.requireText("comment", command.comment(), TextLimits.COMMENT);
        }
        record(new ProjectClosed(projectId, terms.endDate(), reported.stream().map(ReportingPeriod::periodId).toList(),
                command.comment()), clock);
        return result(projectId);
    }

    @CommandHandler
    public CommandResult handle(ReopenProject command, Clock clock) {
        closure.requireReopenable(projectId);
        Rules.requireText("reason", command.reason(), TextLimits.REASON);
        record(new ProjectReopened(projectId, command.reason()), clock);
        return result(projectId);
    }

    @EventSourcingHandler
    void on(ProjectRegistered event, MetaData link) {
        head = ChainHead.of(link);
        projectId = event.projectId();
        terms = ProjectTerms.registered(event);
        logframe = new Logframe();
        reports = new PeriodReports();
        closure = new Closure();
    }

    @EventSourcingHandler
    void on(ProjectClosed event, MetaData link) {
        head = ChainHead.of(link);
        closure.closed(head.recordedAt());
    }

    @EventSourcingHandler
    void on(ProjectReopened event, MetaData link) {
        head = ChainHead.of(link);
        closure.reopened();
    }

    @EventSourcingHandler
    void on(ProjectDetailsAmended event, MetaData link) {
        head = ChainHead.of(link);
        terms.amended(event);
    }

    @EventSourcingHandler
    void on(IndicatorDefined event, MetaData link) {
        head = ChainHead.of(link);
        logframe.defined(event);
    }

    @EventSourcingHandler
    void on(IndicatorRedefined event, MetaData link) {
        head = ChainHead.of(link);
        logframe.redefined(event);
    }

    /** What a measurement's events change is kept by the {@link MeasurementLedger}, outside the aggregate. */
    @EventSourcingHandler
    void on(IndicatorMeasured event, MetaData link) {
        head = ChainHead.of(link);
    }

    @EventSourcingHandler
    void on(MeasurementCorrected event, MetaData link) {
        head = ChainHead.of(link);
    }

    @EventSourcingHandler
    void on(MeasurementRetracted event, MetaData link) {
        head = ChainHead.of(link);
    }

    @EventSourcingHandler
    void on(ActivityPlanned event, MetaData link) {
        head = ChainHead.of(link);
        logframe.planned(event);
    }

    /** What an activity's events change is kept by the {@link ActivityLedger}, outside the aggregate. */
    @EventSourcingHandler
    void on(ActivityEvent event, MetaData link) {
        head = ChainHead.of(link);
    }

    @EventSourcingHandler
    void on(ActivityCorrected event, MetaData link) {
        head = ChainHead.of(link);
    }

    @EventSourcingHandler
    void on(PeriodSubmitted event, MetaData link) {
        head = ChainHead.of(link);
        reports.submitted(event);
    }

    @EventSourcingHandler
    void on(PeriodReturned event, MetaData link) {
        head = ChainHead.of(link);
        reports.returned(event);
    }

    @EventSourcingHandler
    void on(PeriodApproved event, MetaData link) {
        head = ChainHead.of(link);
        reports.approved(event);
    }

    @EventSourcingHandler
    void on(PeriodReopened event, MetaData link) {
        head = ChainHead.of(link);
        reports.reopened(event);
    }

    @EventSourcingHandler
    void on(ApprovedPeriodChanged event, MetaData link) {
        head = ChainHead.of(link);
        reports.flagged(event);
    }

    @EventSourcingHandler
    void on(ActivityRetracted event, MetaData link) {
        head = ChainHead.of(link);
    }

    /**
     * Records a change of figures; when it alters approved periods' figures (those in the period or, cumulative, by
     * its end: {@link PeriodReports#changedBy}), which are locked, only with a reason and flagged by an
     * {@link ApprovedPeriodChanged} right after it, in the same command, so no such change goes unflagged.
     */
    private void recordChange(ProjectEvent change, List<String> lockedPeriods, String itemId, String reasonField,
                              String reason, Clock clock) {
        PeriodReports.requireReason(lockedPeriods, reasonField, reason);
        record(change, clock);
        if (!lockedPeriods.isEmpty()) {
            record(new ApprovedPeriodChanged(projectId, lockedPeriods, AggregateLifecycle.getVersion(),
                    EventTypes.of(change.getClass()).name(), itemId, reason), clock);
        }
    }

    /** Applies the event as the next link of the project's hash chain. */
    private void record(ProjectEvent event, Clock clock) {
        apply(event, NextLink.metaData(event, AggregateLifecycle.getVersion(), head, clock));
    }

    private static CommandResult result(String id) {
        return new CommandResult(id, AggregateLifecycle.getVersion());
    }
}
