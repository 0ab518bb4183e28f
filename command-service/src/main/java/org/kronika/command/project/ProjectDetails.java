package org.kronika.command.project;

import org.kronika.command.project.api.AmendProjectDetails;
import org.kronika.command.project.api.RegisterProject;

import java.util.List;
import java.util.Optional;

/**
 * The form of the details a project is registered with and amended: its title, summary, goals, target groups,
 * municipalities and dates, each field checked on its own; the places come back as the programme spells them.
 */
final class ProjectDetails {

    private ProjectDetails() {
    }

    /**
     * What a registration records beside what it was sent: the places as the programme spells them, and the
     * organisation's name as it is registered.
     */
    record Registration(List<String> places, String organisation) {
    }

    /** Every field's fault at once, so a client fixes them in one go; then whose the project is, and its dates. */
    static Registration requireRegistration(RegisterProject command, Programme programme,
                                            OrganisationRegister organisations) {
        Rules.Faults faults = new Rules.Faults();
        // Read once: the name registered decides how the name sent is checked, and is what the project records.
        Optional<String> registered = faults.read(() -> {
            Rules.requireId("organisationId", command.organisationId());
            return organisations.nameOf(command.organisationId());
        });
        // Held to its limit as stored only when it is recorded for the first time: one registered before the limit
        // held so is the name every later registration must send.
        faults.check(() -> {
            if (registered != null && registered.isPresent()) {
                Rules.requireText("organisation", command.organisation(), TextLimits.ORGANISATION_NAME);
            } else {
                Rules.requireName("organisation", command.organisation(), TextLimits.ORGANISATION_NAME);
            }
        });
        faults.check(() -> Rules.requireName("title", command.title(), TextLimits.PROJECT_TITLE));
        faults.check(() -> Rules.optionalText("summary", command.summary(), TextLimits.PROJECT_SUMMARY));
        faults.check(() -> Rules.optionalText("generalGoal", command.generalGoal(), TextLimits.GENERAL_GOAL));
        faults.check(() -> Rules.texts("specificObjectives", command.specificObjectives(), Limits.TEXTS_PER_LIST,
                TextLimits.OBJECTIVE_OR_TARGET_GROUP));
        faults.check(() -> Rules.texts("targetGroups", command.targetGroups(), Limits.TEXTS_PER_LIST,
                TextLimits.OBJECTIVE_OR_TARGET_GROUP));
        List<String> places = faults.read(() -> ProjectTerms.canonicalMunicipalities(programme,
                command.municipalities()));
        faults.check(() -> Rules.date("startDate", command.startDate()));
        faults.check(() -> Rules.date("endDate", command.endDate()));
        faults.refuseIfAny();
        String given = Rules.trimmed(command.organisation());
        // Compared as both show: a name registered before names were trimmed of what shows nothing (a no-break space
        // at its end) would otherwise refuse every name that can be sent, that one too once trimmed. Recorded as
        // registered, so that all of the organisation's projects carry one name.
        String organisation = registered.map(name -> {
            if (!Rules.trimmed(name).equals(given)) {
                throw OrganisationRegister.registeredAs(command.organisationId(), name);
            }
            return name;
        }).orElse(given);
        if (command.endDate().isBefore(command.startDate())) {
            throw new ProjectRuleViolation("endDate", "must not be before startDate " + command.startDate());
        }
        return new Registration(places, organisation);
    }

    /** An amendment's fields, the first fault refused; the places are null when it leaves them as they are. */
    static List<String> requireAmendment(AmendProjectDetails command, Programme programme) {
        Rules.requireText("reason", command.reason(), TextLimits.REASON);
        // Null leaves a field as it is; a blank value would erase it, which only the title may never be.
        if (command.title() != null) {
            Rules.requireName("title", command.title(), TextLimits.PROJECT_TITLE);
        }
        Rules.optionalText("summary", command.summary(), TextLimits.PROJECT_SUMMARY);
        Rules.optionalText("generalGoal", command.generalGoal(), TextLimits.GENERAL_GOAL);
        Rules.texts("specificObjectives", command.specificObjectives(), Limits.TEXTS_PER_LIST,
                TextLimits.OBJECTIVE_OR_TARGET_GROUP);
        Rules.texts("targetGroups", command.targetGroups(), Limits.TEXTS_PER_LIST,
                TextLimits.OBJECTIVE_OR_TARGET_GROUP);
        return command.municipalities() == null ? null
                : ProjectTerms.canonicalMunicipalities(programme, command.municipalities());
    }
}
