package org.kronika.command.project;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.kronika.command.project.api.RecordTrainingDelivered;
import org.kronika.command.project.api.RegisterProject;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A grant-funded project and the activities it records. Its history of events is the system of record; this
 * class keeps only what its rules need to decide the next command.
 */
public class Project {

    @AggregateIdentifier
    private String projectId;
    private LocalDate startDate;
    private LocalDate endDate;
    private Set<String> municipalities;
    private Set<String> recordedActivities;

    /** For Axon: rebuilt from events or a snapshot. */
    protected Project() {
    }

    @CommandHandler
    public Project(RegisterProject command) {
        requireText("organisation", command.organisation());
        requireText("title", command.title());
        if (command.municipalities() == null || command.municipalities().isEmpty()) {
            throw new ProjectRuleViolation("municipalities", "a project works in at least one municipality");
        }
        if (command.startDate() == null) {
            throw new ProjectRuleViolation("startDate", "is required");
        }
        if (command.endDate() == null) {
            throw new ProjectRuleViolation("endDate", "is required");
        }
        if (command.endDate().isBefore(command.startDate())) {
            throw new ProjectRuleViolation("endDate", "must not be before startDate " + command.startDate());
        }
        apply(new ProjectRegistered(command.projectId(), command.organisation(), command.title(),
                List.copyOf(command.municipalities()), command.startDate(), command.endDate()));
    }

    @CommandHandler
    public String handle(RecordTrainingDelivered command, Clock clock) {
        requireText("activityId", command.activityId());
        requireText("title", command.title());
        if (recordedActivities.contains(command.activityId())) {
            throw new ActivityAlreadyRecorded(projectId, command.activityId());
        }
        requireWithinProjectPeriod("deliveredOn", command.deliveredOn(), clock);
        requireProjectMunicipality(command.municipality());
        requireConsistentCounts(command.participants());
        apply(new TrainingDelivered(projectId, command.activityId(), command.title(), command.deliveredOn(),
                command.municipality(), command.participants()));
        return command.activityId();
    }

    @EventSourcingHandler
    void on(ProjectRegistered event) {
        projectId = event.projectId();
        startDate = event.startDate();
        endDate = event.endDate();
        municipalities = new HashSet<>(event.municipalities());
        recordedActivities = new HashSet<>();
    }

    @EventSourcingHandler
    void on(TrainingDelivered event) {
        recordedActivities.add(event.activityId());
    }

    private void requireWithinProjectPeriod(String field, LocalDate date, Clock clock) {
        if (date == null) {
            throw new ProjectRuleViolation(field, "is required");
        }
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

    private void requireProjectMunicipality(String municipality) {
        if (municipality == null || !municipalities.contains(municipality)) {
            throw new ProjectRuleViolation("municipality",
                    "must be one of the project's municipalities " + municipalities.stream().sorted().toList());
        }
    }

    private static void requireConsistentCounts(Participants participants) {
        if (participants == null) {
            throw new ProjectRuleViolation("participants", "is required");
        }
        if (participants.total() < 0) {
            throw new ProjectRuleViolation("participants.total", "must not be negative");
        }
        if (participants.female() < 0) {
            throw new ProjectRuleViolation("participants.female", "must not be negative");
        }
        if (participants.male() < 0) {
            throw new ProjectRuleViolation("participants.male", "must not be negative");
        }
        if ((long) participants.female() + participants.male() > participants.total()) {
            throw new ProjectRuleViolation("participants",
                    "female + male (" + ((long) participants.female() + participants.male())
                            + ") exceeds total (" + participants.total() + ")");
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ProjectRuleViolation(field, "must not be blank");
        }
    }
}
