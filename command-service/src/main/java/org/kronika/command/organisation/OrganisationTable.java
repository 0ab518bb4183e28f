package org.kronika.command.organisation;

import org.axonframework.eventhandling.DomainEventMessage;
import org.kronika.command.project.OrganisationRegister;
import org.kronika.events.ProjectRegistered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The {@link OrganisationRegister} in PostgreSQL: a row per organisation, with the name and the project of its
 * first registration. Written in the transaction that appends the events (by the event store's storage), so a
 * registration and its row commit or roll back together. The aggregate asks it before deciding; of two
 * registrations racing under different names for a new organisation, both asked before either committed, so the
 * row's key decides: the second waits for the first, finds its name, and is refused with its events.
 */
@Component
public class OrganisationTable implements OrganisationRegister {

    /** Registers an organisation at its first project; a later one changes nothing. */
    public static final String REGISTER = "INSERT INTO organisations (organisation_id, name, project_id) "
            + "VALUES (?, ?, ?) ON CONFLICT (organisation_id) DO NOTHING";

    private final JdbcTemplate jdbc;

    public OrganisationTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> nameOf(String organisationId) {
        return jdbc.queryForList("SELECT name FROM organisations WHERE organisation_id = ?", String.class,
                organisationId).stream().findFirst();
    }

    /** Registers the organisations of projects just registered, in the transaction appending their events. */
    public void appended(List<? extends DomainEventMessage<?>> appended) {
        for (DomainEventMessage<?> event : appended) {
            if (event.getPayload() instanceof ProjectRegistered registered
                    && jdbc.update(REGISTER, registered.organisationId(), registered.organisation(),
                    registered.projectId()) == 0) {
                String name = nameOf(registered.organisationId()).orElseThrow();
                if (!name.equals(registered.organisation())) {
                    throw OrganisationRegister.registeredAs(registered.organisationId(), name);
                }
            }
        }
    }
}
