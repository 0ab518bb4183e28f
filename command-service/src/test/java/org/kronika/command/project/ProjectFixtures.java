package org.kronika.command.project;

import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.kronika.command.config.ProgrammeConfig;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

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
            public Optional<LocalDate> lastDay(String projectId, long version) {
                return latest(all(projectId, version).values().stream().filter(a -> !a.retracted())
                        .map(RecordedActivity::occurredOn));
            }

            private Map<String, RecordedActivity> all(String projectId, long version) {
                return fold(eventStore, projectId, version, event -> ActivityChange.of(event)
                        .map(change -> new Fold<>(change.activityId(), change::applyTo)));
            }
        };
    }

    /**
     * The measurement ledger as the fold of the project's events in {@code eventStore}, up to the version asked: what
     * the ledger in PostgreSQL must always equal (MeasurementLedgerTableTest).
     */
    public static MeasurementLedger measurements(EventStore eventStore) {
        return new MeasurementLedger() {
            @Override
            public Optional<RecordedMeasurement> find(String projectId, String measurementId, long version) {
                return Optional.ofNullable(all(projectId, version).get(measurementId));
            }

            @Override
            public Optional<LocalDate> lastDay(String projectId, long version) {
                return latest(all(projectId, version).values().stream().filter(m -> !m.retracted())
                        .map(RecordedMeasurement::measuredOn));
            }

            private Map<String, RecordedMeasurement> all(String projectId, long version) {
                return fold(eventStore, projectId, version, event -> MeasurementChange.of(event)
                        .map(change -> new Fold<>(change.measurementId(), change::applyTo)));
            }
        };
    }

    /** What one event changes in a ledger: which item, and how. */
    private record Fold<R>(String itemId, Function<Optional<R>, R> applyTo) {
    }

    private static <R> Map<String, R> fold(EventStore eventStore, String projectId, long version,
                                           Function<Object, Optional<Fold<R>>> change) {
        Map<String, R> items = new HashMap<>();
        DomainEventStream events = eventStore.readEvents(projectId);
        while (events.hasNext() && events.peek().getSequenceNumber() <= version) {
            change.apply(events.next().getPayload()).ifPresent(fold -> items.put(fold.itemId(),
                    fold.applyTo().apply(Optional.ofNullable(items.get(fold.itemId())))));
        }
        return items;
    }

    private static Optional<LocalDate> latest(Stream<LocalDate> days) {
        return days.filter(Objects::nonNull).max(Comparator.naturalOrder());
    }

    /** The organisations other projects registered, by id, with their names. */
    public static OrganisationRegister organisations(Map<String, String> names) {
        return organisationId -> Optional.ofNullable(names.get(organisationId));
    }

    public static ActivityDecoder decoder() {
        return new ProgrammeConfig().activityDecoder();
    }
}
