package org.kronika.command.project;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.kronika.command.config.ProgrammeConfig;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The programme reference data the service ships with, for tests of the rules. */
public final class ProjectFixtures {

    private ProjectFixtures() {
    }

    public static Programme programme() {
        try {
            return new ProgrammeConfig().programme(new ClassPathResource("org/kronika/events/programme.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The programme file's quarters as its reporting calendar defines them (calendar {@code quarters}). */
    public static ReportingPeriods periods(Programme programme) {
        return () -> programme.reportingPeriods().stream().map(q -> new ReportingPeriod(q.periodId(), "quarters",
                q.periodId(), q.start(), q.end(), q.end().plusDays(30))).toList();
    }

    /**
     * The activity ledger as the fold of the project's events in {@code eventStore}, up to the version asked: what
     * the ledger in PostgreSQL must always equal (ActivityLedgerTableTest).
     */
    public static ActivityLedger ledger(EventStore eventStore) {
        return new ActivityLedger() {
            @Override
            public Optional<RecordedActivity> find(String projectId, String activityId, long version) {
                return Optional.ofNullable(all(projectId, version).get(activityId));
            }

            @Override
            public Optional<java.time.LocalDate> lastDay(String projectId, long version) {
                return all(projectId, version).values().stream().filter(a -> !a.retracted())
                        .map(RecordedActivity::occurredOn).filter(java.util.Objects::nonNull)
                        .max(java.util.Comparator.naturalOrder());
            }

            private java.util.Map<String, RecordedActivity> all(String projectId, long version) {
                java.util.Map<String, RecordedActivity> activities = new java.util.HashMap<>();
                DomainEventStream events = eventStore.readEvents(projectId);
                while (events.hasNext() && events.peek().getSequenceNumber() <= version) {
                    ActivityChange.of(events.next().getPayload()).ifPresent(change -> activities.put(
                            change.activityId(), change.applyTo(Optional.ofNullable(
                                    activities.get(change.activityId())))));
                }
                return activities;
            }
        };
    }

    /** The organisations other projects registered, by id, with their names. */
    public static OrganisationRegister organisations(java.util.Map<String, String> names) {
        return organisationId -> Optional.ofNullable(names.get(organisationId));
    }

    public static ActivityDecoder decoder() {
        return new ProgrammeConfig().activityDecoder();
    }
}
