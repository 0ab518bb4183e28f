package org.kronika.command.project;

import java.util.Optional;

/**
 * The name under which each organisation's first project was registered. An organisation has one name: dashboards,
 * reports and IATI files name it by whichever of its projects they show, so a project registered under another name
 * would make them disagree, and is refused. Kept beside the event store, as the {@link ActivityLedger} is: a project
 * sees its own events only.
 */
public interface OrganisationRegister {

    /** The name the organisation's projects are registered under, or empty when it has none yet. */
    Optional<String> nameOf(String organisationId);

    /** The refusal of a registration naming the organisation otherwise, whoever finds it. */
    static ProjectRuleViolation registeredAs(String organisationId, String name) {
        return new ProjectRuleViolation("organisation", "organisation " + organisationId + " is registered as \""
                + name + "\"; register its projects under that name");
    }
}
