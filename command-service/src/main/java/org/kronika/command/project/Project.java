package org.kronika.command.project;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.serialization.Revision;
import org.kronika.command.project.api.AmendProjectDetails;
import org.kronika.command.project.api.CommandResult;
import org.kronika.command.project.api.CorrectActivity;
import org.kronika.command.project.api.DefineIndicator;
import org.kronika.command.project.api.PlanActivity;
import org.kronika.command.project.api.RecordActivity;
import org.kronika.command.project.api.RecordIndicatorMeasurement;
import org.kronika.command.project.api.RedefineIndicator;
import org.kronika.command.project.api.RegisterProject;
import org.kronika.command.project.api.RetractActivity;
import org.kronika.command.project.api.VersionedCommand;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityEvent;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.EventTypes;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.RecommendationAdopted;
import org.kronika.events.ProjectEvent;
import org.kronika.events.Vocabulary;
import org.kronika.events.chain.EventChain;
import org.kronika.events.chain.EventData;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A grant-funded project: its logframe and everything it records. Its history of events is the system of
 * record; this class keeps only what its rules need to decide the next command. Rules common to all
 * activities are here, rules of one kind of activity in {@link ActivityRules}.
 *
 * <p>The revision is that of the snapshot's shape: raise it whenever a field is added, so that Axon ignores
 * snapshots without it and rebuilds the project from its events instead of starting the field from zero.
 */
@Revision(Project.SNAPSHOT_REVISION)
public class Project {

    /** 2: counts of amendments, redefinitions and corrections, for {@link Limits}. */
    public static final String SNAPSHOT_REVISION = "2";

    @AggregateIdentifier
    private String projectId;
    private String organisationId;
    private LocalDate startDate;
    private LocalDate endDate;
    private Set<String> municipalities;
    private Map<String, String> indicatorCounts;
    /** Planned activity id → the activity type that implements it. */
    private Map<String, String> plannedActivities;
    /** Activity id → its public type name, for corrections. */
    private Map<String, String> activityTypes;
    private Set<String> retractedActivities;
    private Set<String> measurements;
    /*
     * What the limits on accumulation need, as counts: a list of the amendments, redefinitions or corrections
     * themselves would grow the aggregate, and every snapshot, with each one.
     */
    private int amendments;
    /** Indicator id → how often it was redefined; only indicators redefined at least once. */
    private Map<String, Integer> redefinitions;
    /** Activity id → how often it was corrected; only activities corrected at least once. */
    private Map<String, Integer> corrections;
    /** The hash of the last event, which the next one's hash covers. */
    private String lastHash;

    /** For Axon: rebuilt from events or a snapshot. */
    protected Project() {
    }

    @CommandHandler
    public Project(RegisterProject command, Programme programme, Clock clock) {
        Rules.requireId("organisationId", command.organisationId());
        Rules.requireText("organisation", command.organisation(), 200);
        Rules.requireText("title", command.title(), 300);
        Rules.optionalText("summary", command.summary(), 5000);
        Rules.optionalText("generalGoal", command.generalGoal(), 2000);
        Rules.texts("specificObjectives", command.specificObjectives(), Limits.TEXTS_PER_LIST, 1000);
        Rules.texts("targetGroups", command.targetGroups(), Limits.TEXTS_PER_LIST, 1000);
        List<String> places = canonicalMunicipalities(programme, command.municipalities());
        Rules.date("startDate", command.startDate());
        Rules.date("endDate", command.endDate());
        if (command.endDate().isBefore(command.startDate())) {
            throw new ProjectRuleViolation("endDate", "must not be before startDate " + command.startDate());
        }
        record(new ProjectRegistered(command.projectId(), command.organisationId(), command.organisation().strip(),
                command.organisationInvented(),
                command.title().strip(), command.summary(), command.generalGoal(), command.specificObjectives(),
                command.targetGroups(), places, command.startDate(), command.endDate()), clock);
    }

    /**
     * Before any command to an existing project: first whether the sender may touch it at all, then whether it
     * is at the version the command names. In that order, a recorder of another organisation gets the same
     * refusal whatever If-Match it sends and never learns the project's version.
     */
    @CommandHandlerInterceptor
    Object mayTouchThenVersionMatches(CommandMessage<?> command, InterceptorChain chain,
                                      @MetaDataValue(ActorMetaData.ROLE) String role,
                                      @MetaDataValue(ActorMetaData.ORGANISATION) String organisation) throws Exception {
        requireOwnProject(role, organisation);
        if (command.getPayload() instanceof VersionedCommand versioned && versioned.expectedVersion() != null
                && !versioned.expectedVersion().equals(AggregateLifecycle.getVersion())) {
            throw new ConflictingAggregateVersionException(projectId, versioned.expectedVersion(),
                    AggregateLifecycle.getVersion());
        }
        return chain.proceed();
    }

    @CommandHandler
    public CommandResult handle(AmendProjectDetails command, Programme programme, Clock clock) {
        Rules.roomForOneMore("projectId", amendments, Limits.AMENDMENTS_PER_PROJECT, "amendments of this project");
        Rules.requireText("reason", command.reason(), 1000);
        // Null leaves a field as it is; a blank value would erase it, which only the title may never be.
        if (command.title() != null) {
            Rules.requireText("title", command.title(), 300);
        }
        Rules.optionalText("summary", command.summary(), 5000);
        Rules.optionalText("generalGoal", command.generalGoal(), 2000);
        Rules.texts("specificObjectives", command.specificObjectives(), Limits.TEXTS_PER_LIST, 1000);
        Rules.texts("targetGroups", command.targetGroups(), Limits.TEXTS_PER_LIST, 1000);
        List<String> places = command.municipalities() == null ? null
                : canonicalMunicipalities(programme, command.municipalities());
        if (command.endDate() != null) {
            Rules.date("endDate", command.endDate());
            if (command.endDate().isBefore(startDate)) {
                throw new ProjectRuleViolation("endDate", "must not be before startDate " + startDate);
            }
        }
        if (command.title() == null && command.summary() == null && command.generalGoal() == null
                && command.specificObjectives() == null && command.targetGroups() == null && places == null
                && command.endDate() == null) {
            throw new ProjectRuleViolation("reason", "an amendment must change at least one field");
        }
        record(new ProjectDetailsAmended(projectId, command.title(), command.summary(), command.generalGoal(),
                command.specificObjectives(), command.targetGroups(), places, command.endDate(), command.reason()), clock);
        return result(projectId);
    }

    @CommandHandler
    public CommandResult handle(DefineIndicator command, Programme programme, Clock clock) {
        Rules.requireId("indicatorId", command.indicatorId());
        if (indicatorCounts.containsKey(command.indicatorId())) {
            throw new AlreadyRecorded("indicatorId", command.indicatorId(), projectId);
        }
        Rules.roomForOneMore("indicatorId", indicatorCounts.size(), Limits.INDICATORS_PER_PROJECT,
                "indicators in this project");
        Rules.requireText("name", command.name(), 300);
        Rules.oneOf("unit", command.unit(), Vocabulary.INDICATOR_UNITS);
        Rules.oneOf("counts", command.counts(), Vocabulary.INDICATOR_COUNTS);
        Rules.oneOf("aggregation", command.aggregation(), Vocabulary.AGGREGATIONS);
        Rules.required("baseline", command.baseline());
        Rules.required("target", command.target());
        Rules.finiteNonNegative("baseline", command.baseline());
        Rules.finiteNonNegative("target", command.target());
        Rules.periodTargets(programme, command.periodTargets());
        Rules.dimensions(command.dimensions());
        record(new IndicatorDefined(projectId, command.indicatorId(), command.name().strip(), command.unit(),
                command.counts(), command.aggregation(), command.baseline(), command.target(),
                command.periodTargets(), command.dimensions()), clock);
        return result(command.indicatorId());
    }

    @CommandHandler
    public CommandResult handle(RedefineIndicator command, Programme programme, Clock clock) {
        requireIndicatorOfPath(command.indicatorId());
        Rules.roomForOneMore("indicatorId", redefinitions.getOrDefault(command.indicatorId(), 0),
                Limits.REDEFINITIONS_PER_INDICATOR, "redefinitions of indicator " + command.indicatorId());
        Rules.requireText("reason", command.reason(), 1000);
        Rules.optionalText("name", command.name(), 300);
        if (command.target() != null) {
            Rules.finiteNonNegative("target", command.target());
        }
        Rules.periodTargets(programme, command.periodTargets());
        Rules.dimensions(command.dimensions());
        if (command.name() == null && command.target() == null && command.periodTargets() == null
                && command.dimensions() == null) {
            throw new ProjectRuleViolation("reason", "a redefinition must change at least one field");
        }
        record(new IndicatorRedefined(projectId, command.indicatorId(), command.name(), command.target(),
                command.periodTargets(), command.dimensions(), command.reason()), clock);
        return result(command.indicatorId());
    }

    @CommandHandler
    public CommandResult handle(RecordIndicatorMeasurement command, Programme programme, Clock clock) {
        requireIndicatorOfPath(command.indicatorId());
        Rules.requireId("measurementId", command.measurementId());
        if (measurements.contains(command.measurementId())) {
            throw new AlreadyRecorded("measurementId", command.measurementId(), projectId);
        }
        requireWithinProjectPeriod("measuredOn", command.measuredOn(), clock);
        Rules.required("value", command.value());
        Rules.finiteNonNegative("value", command.value());
        String place = command.municipality() == null ? null : requireProjectMunicipality(programme, "municipality",
                command.municipality());
        if (command.breakdown() != null) {
            Rules.atMost("breakdown", command.breakdown().size(), Limits.MEASUREMENT_BREAKDOWN_ENTRIES);
            command.breakdown().forEach((key, value) -> {
                Rules.required("breakdown." + key, value);
                Rules.finiteNonNegative("breakdown." + key, value);
            });
        }
        Rules.document("source", command.source(), false);
        record(new IndicatorMeasured(projectId, command.indicatorId(), command.measurementId(), command.measuredOn(),
                command.value(), place, command.breakdown(), command.source()), clock);
        return result(command.measurementId());
    }

    @CommandHandler
    public CommandResult handle(PlanActivity command, Clock clock) {
        Rules.requireId("plannedActivityId", command.plannedActivityId());
        if (plannedActivities.containsKey(command.plannedActivityId())) {
            throw new AlreadyRecorded("plannedActivityId", command.plannedActivityId(), projectId);
        }
        Rules.roomForOneMore("plannedActivityId", plannedActivities.size(), Limits.PLANNED_ACTIVITIES_PER_PROJECT,
                "planned activities in this project");
        Rules.requireText("title", command.title(), 500);
        var type = EventTypes.named(command.activityType()).filter(t -> ActivityEvent.class.isAssignableFrom(t.javaType()))
                .orElseThrow(() -> new ProjectRuleViolation("activityType", "must be one of "
                        + EventTypes.activityTypes().stream().map(t -> t.name()).toList()));
        int planned = command.plannedCount() == null ? 0 : command.plannedCount();
        if (planned < 0) {
            throw new ProjectRuleViolation("plannedCount", "must not be negative");
        }
        requireIndicators("indicatorIds", command.indicatorIds());
        record(new ActivityPlanned(projectId, command.plannedActivityId(), command.title().strip(), type.name(),
                planned, command.indicatorIds()), clock);
        return result(command.plannedActivityId());
    }

    @CommandHandler
    public CommandResult handle(RecordActivity command, Programme programme, Clock clock) {
        ActivityEvent activity = command.activity();
        Rules.requireId("activityId", activity.activityId());
        if (activityTypes.containsKey(activity.activityId())) {
            throw new AlreadyRecorded("activityId", activity.activityId(), projectId);
        }
        checkActivity(activity, programme, clock);
        record(ActivityRules.withCanonicalMunicipality(activity,
                activity.municipality() == null ? null : programme.canonicalMunicipality(activity.municipality()).orElseThrow()), clock);
        return result(activity.activityId());
    }

    @CommandHandler
    public CommandResult handle(CorrectActivity command, Programme programme, Clock clock, ActivityDecoder decoder) {
        String type = requireActiveActivity(command.activityId());
        Rules.roomForOneMore("activityId", corrections.getOrDefault(command.activityId(), 0),
                Limits.CORRECTIONS_PER_ACTIVITY, "corrections of activity " + command.activityId());
        Rules.requireText("reason", command.reason(), 1000);
        Rules.required("corrected", command.corrected());
        ActivityEvent corrected = decoder.decode(type, projectId, command.corrected());
        if (!command.activityId().equals(corrected.activityId())) {
            throw new ProjectRuleViolation("corrected.activityId", "must be " + command.activityId()
                    + ": a correction cannot move facts to another activity");
        }
        try {
            checkActivity(corrected, programme, clock);
        } catch (ProjectRuleViolation e) {
            // Fields are named by their path in the request, where the facts sit under "corrected".
            throw new ProjectRuleViolation("corrected." + e.field(), e.getMessage());
        }
        ActivityEvent canonical = ActivityRules.withCanonicalMunicipality(corrected, corrected.municipality() == null
                ? null : programme.canonicalMunicipality(corrected.municipality()).orElseThrow());
        record(new ActivityCorrected(projectId, corrected.activityId(), type, EventData.of((Record) canonical),
                command.reason()), clock);
        return result(corrected.activityId());
    }

    @CommandHandler
    public CommandResult handle(RetractActivity command, Clock clock) {
        requireActiveActivity(command.activityId());
        Rules.requireText("reason", command.reason(), 1000);
        record(new ActivityRetracted(projectId, command.activityId(), command.reason()), clock);
        return result(command.activityId());
    }

    @EventSourcingHandler
    void on(ProjectRegistered event, @MetaDataValue(ChainMetaData.HASH) String hash) {
        lastHash = hash;
        projectId = event.projectId();
        organisationId = event.organisationId();
        startDate = event.startDate();
        endDate = event.endDate();
        municipalities = new LinkedHashSet<>(event.municipalities());
        indicatorCounts = new HashMap<>();
        plannedActivities = new HashMap<>();
        activityTypes = new HashMap<>();
        retractedActivities = new HashSet<>();
        measurements = new HashSet<>();
        redefinitions = new HashMap<>();
        corrections = new HashMap<>();
    }

    @EventSourcingHandler
    void on(ProjectDetailsAmended event, @MetaDataValue(ChainMetaData.HASH) String hash) {
        lastHash = hash;
        amendments++;
        if (event.municipalities() != null) {
            municipalities = new LinkedHashSet<>(event.municipalities());
        }
        if (event.endDate() != null) {
            endDate = event.endDate();
        }
    }

    @EventSourcingHandler
    void on(IndicatorDefined event, @MetaDataValue(ChainMetaData.HASH) String hash) {
        lastHash = hash;
        indicatorCounts.put(event.indicatorId(), event.counts());
    }

    @EventSourcingHandler
    void on(IndicatorRedefined event, @MetaDataValue(ChainMetaData.HASH) String hash) {
        lastHash = hash;
        redefinitions.merge(event.indicatorId(), 1, Integer::sum);
    }

    @EventSourcingHandler
    void on(ActivityCorrected event, @MetaDataValue(ChainMetaData.HASH) String hash) {
        lastHash = hash;
        corrections.merge(event.activityId(), 1, Integer::sum);
    }

    @EventSourcingHandler
    void on(IndicatorMeasured event, @MetaDataValue(ChainMetaData.HASH) String hash) {
        lastHash = hash;
        measurements.add(event.measurementId());
    }

    @EventSourcingHandler
    void on(ActivityPlanned event, @MetaDataValue(ChainMetaData.HASH) String hash) {
        lastHash = hash;
        plannedActivities.put(event.plannedActivityId(), event.activityType());
    }

    @EventSourcingHandler
    void on(ActivityEvent event, @MetaDataValue(ChainMetaData.HASH) String hash) {
        lastHash = hash;
        activityTypes.put(event.activityId(), EventTypes.of(event.getClass()).name());
    }

    @EventSourcingHandler
    void on(ActivityRetracted event, @MetaDataValue(ChainMetaData.HASH) String hash) {
        lastHash = hash;
        retractedActivities.add(event.activityId());
    }

    private void checkActivity(ActivityEvent activity, Programme programme, Clock clock) {
        Rules.requireText("title", activity.title(), 500);
        requireWithinProjectPeriod("occurredOn", activity.occurredOn(), clock);
        if (activity.municipality() != null) {
            requireProjectMunicipality(programme, "municipality", activity.municipality());
        }
        ActivityRules.participants(programme, activity.participants());
        if (activity.plannedActivityId() != null) {
            String plannedType = plannedActivities.get(activity.plannedActivityId());
            if (plannedType == null) {
                throw new ProjectRuleViolation("plannedActivityId", "'" + activity.plannedActivityId()
                        + "' is not a planned activity of this project");
            }
            String type = EventTypes.of(activity.getClass()).name();
            if (!plannedType.equals(type)) {
                throw new ProjectRuleViolation("plannedActivityId", "'" + activity.plannedActivityId()
                        + "' is planned as " + plannedType + ", not " + type);
            }
        }
        if (activity instanceof RecommendationAdopted adopted && adopted.sourceActivityId() != null
                && !activityTypes.containsKey(adopted.sourceActivityId())) {
            throw new ProjectRuleViolation("sourceActivityId", "'" + adopted.sourceActivityId()
                    + "' is not an activity recorded in this project");
        }
        requireIndicators("indicatorIds", activity.indicatorIds());
        ActivityRules.specificTo(activity);
    }

    /**
     * Applies an event as the next link of the project's hash chain: its hash covers the event and the hash of
     * the one before, so no stored, published or exported copy can be changed unnoticed.
     */
    private void record(ProjectEvent event, Clock clock) {
        Long version = AggregateLifecycle.getVersion();
        long sequence = version == null ? 0 : version + 1;
        String recordedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
        MetaData command = CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().getMessage().getMetaData() : MetaData.emptyInstance();
        Map<String, Object> actor = EventChain.actor(command.get(ActorMetaData.SUBJECT),
                command.get(ActorMetaData.ROLE), command.get(ActorMetaData.ORGANISATION));
        Map<String, Object> payload = EventData.of((Record) event);
        String previous = lastHash == null ? EventChain.GENESIS : lastHash;
        String hash = EventChain.hash(EventTypes.of(event.getClass()).cloudEventType(), event.projectId(), sequence,
                EventChain.occurredAt(payload), recordedAt, actor, payload, previous);
        apply(event, MetaData.with(ChainMetaData.RECORDED_AT, recordedAt)
                .and(ChainMetaData.PREV_HASH, previous)
                .and(ChainMetaData.HASH, hash));
    }

    /** A recorder is bound to one organisation and records for that organisation's projects only. */
    private void requireOwnProject(String role, String organisation) {
        if (ActorMetaData.RECORDER.equals(role) && !organisationId.equals(organisation)) {
            throw new NotYourProject(projectId);
        }
    }

    private String requireActiveActivity(String activityId) {
        Rules.requireId("activityId", activityId);
        String type = activityTypes.get(activityId);
        if (type == null) {
            throw new UnknownActivity(projectId, activityId);
        }
        if (retractedActivities.contains(activityId)) {
            throw new ProjectRuleViolation("activityId", "activity " + activityId + " was retracted");
        }
        return type;
    }

    private void requireIndicator(String field, String indicatorId) {
        if (indicatorId == null || !indicatorCounts.containsKey(indicatorId)) {
            throw new ProjectRuleViolation(field, "'" + indicatorId + "' is not an indicator of this project");
        }
    }

    private void requireIndicatorOfPath(String indicatorId) {
        if (indicatorId == null || !indicatorCounts.containsKey(indicatorId)) {
            throw new UnknownIndicator(projectId, indicatorId);
        }
    }

    /** Each at most once: naming an indicator again adds nothing but size, and no reader should have to dedupe. */
    private void requireIndicators(String field, List<String> indicatorIds) {
        if (indicatorIds == null) {
            return;
        }
        Rules.atMost(field, indicatorIds.size(), Limits.INDICATORS_PER_ACTIVITY);
        Set<String> named = new HashSet<>();
        for (int i = 0; i < indicatorIds.size(); i++) {
            requireIndicator(field + "[" + i + "]", indicatorIds.get(i));
            if (!named.add(indicatorIds.get(i))) {
                throw new ProjectRuleViolation(field + "[" + i + "]", "names '" + indicatorIds.get(i)
                        + "' again: each indicator at most once");
            }
        }
    }

    private void requireWithinProjectPeriod(String field, LocalDate date, Clock clock) {
        Rules.date(field, date);
        if (date.isAfter(LocalDate.now(clock))) {
            throw new ProjectRuleViolation(field, "is in the future: only what happened can be recorded");
        }
        if (date.isBefore(startDate)) {
            throw new ProjectRuleViolation(field, "is before the project starts on " + startDate);
        }
        if (date.isAfter(endDate)) {
            throw new ProjectRuleViolation(field, "is after the project ends on " + endDate);
        }
    }

    private String requireProjectMunicipality(Programme programme, String field, String name) {
        String canonical = programme.requireMunicipality(field, name);
        if (!municipalities.contains(canonical)) {
            throw new ProjectRuleViolation(field, "'" + canonical + "' is not one of the project's municipalities "
                    + municipalities);
        }
        return canonical;
    }

    private static List<String> canonicalMunicipalities(Programme programme, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new ProjectRuleViolation("municipalities", "a project works in at least one municipality");
        }
        Rules.atMost("municipalities", names.size(), Limits.MUNICIPALITIES_PER_PROJECT);
        Set<String> canonical = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            canonical.add(programme.requireMunicipality("municipalities[" + i + "]", names.get(i)));
        }
        return List.copyOf(canonical);
    }

    private static CommandResult result(String id) {
        return new CommandResult(id, AggregateLifecycle.getVersion());
    }
}
