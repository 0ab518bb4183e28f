package org.kronika.query.project;

import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectRegistered;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A project's registration details, as amended since. */
public record ProjectDetails(String organisationId, String organisation, boolean organisationInvented, String title,
                             String summary, String generalGoal, List<String> specificObjectives,
                             List<String> targetGroups, List<String> municipalities, LocalDate startDate,
                             LocalDate endDate, Instant registeredAt) {

    public ProjectDetails {
        specificObjectives = specificObjectives == null ? List.of() : List.copyOf(specificObjectives);
        targetGroups = targetGroups == null ? List.of() : List.copyOf(targetGroups);
        municipalities = municipalities == null ? List.of() : List.copyOf(municipalities);
    }

    static ProjectDetails of(ProjectRegistered event, Instant recordedAt) {
        return new ProjectDetails(event.organisationId(), event.organisation(), event.organisationInvented(),
                event.title(), event.summary(), event.generalGoal(), event.specificObjectives(), event.targetGroups(),
                event.municipalities(), event.startDate(), event.endDate(), recordedAt);
    }

    ProjectDetails amended(ProjectDetailsAmended event) {
        return new ProjectDetails(organisationId, organisation, organisationInvented, or(event.title(), title),
                or(event.summary(), summary), or(event.generalGoal(), generalGoal),
                or(event.specificObjectives(), specificObjectives), or(event.targetGroups(), targetGroups),
                or(event.municipalities(), municipalities), startDate, or(event.endDate(), endDate), registeredAt);
    }

    /**
     * The details as they were before an amendment: each field it changed set back to its value before, absent
     * ({@code null}) too, as a summary first given by an amendment was.
     */
    ProjectDetails before(Amendment amendment) {
        String wasTitle = title;
        String wasSummary = summary;
        String wasGoal = generalGoal;
        List<String> wasObjectives = specificObjectives;
        List<String> wasGroups = targetGroups;
        List<String> wasPlaces = municipalities;
        LocalDate wasEnd = endDate;
        for (var change : amendment.changes().entrySet()) {
            Object was = change.getValue().before();
            switch (change.getKey()) {
                case "title" -> wasTitle = text(was);
                case "summary" -> wasSummary = text(was);
                case "generalGoal" -> wasGoal = text(was);
                case "specificObjectives" -> wasObjectives = texts(was);
                case "targetGroups" -> wasGroups = texts(was);
                case "municipalities" -> wasPlaces = texts(was);
                case "endDate" -> wasEnd = was == null ? null : LocalDate.parse(was.toString());
                default -> {
                    // A field this reader does not know changes nothing it shows.
                }
            }
        }
        return new ProjectDetails(organisationId, organisation, organisationInvented, wasTitle, wasSummary, wasGoal,
                wasObjectives, wasGroups, wasPlaces, startDate, wasEnd, registeredAt);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static List<String> texts(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : null;
    }

    private static <T> T or(T changed, T unchanged) {
        return changed != null ? changed : unchanged;
    }
}
