package org.kronika.command.ledger;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.kronika.command.organisation.OrganisationTable;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The event store's storage, keeping the projects' {@link ActivityLedgerTable}, {@link MeasurementLedgerTable} and
 * the {@link OrganisationTable}
 * beside the events it appends: on the same connection, in the same transaction, right after them. Whatever fails
 * after (the commit itself, or anything before it) takes rows and events back together; a registration refused by
 * the organisations' register takes its events back too.
 */
public final class LedgerKeepingStorageEngine implements EventStorageEngine {

    private final EventStorageEngine events;
    private final ActivityLedgerTable ledger;
    private final MeasurementLedgerTable measurements;
    private final OrganisationTable organisations;

    public LedgerKeepingStorageEngine(EventStorageEngine events, ActivityLedgerTable ledger,
                                      MeasurementLedgerTable measurements, OrganisationTable organisations) {
        this.events = events;
        this.ledger = ledger;
        this.measurements = measurements;
        this.organisations = organisations;
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> appended) {
        events.appendEvents(appended);
        List<DomainEventMessage<?>> domainEvents = appended.stream().filter(DomainEventMessage.class::isInstance)
                .<DomainEventMessage<?>>map(DomainEventMessage.class::cast).toList();
        organisations.appended(domainEvents);
        LedgerTable.appended(domainEvents, List.of(ledger, measurements));
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        events.storeSnapshot(snapshot);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return events.readEvents(trackingToken, mayBlock);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier) {
        return events.readEvents(aggregateIdentifier);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return events.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return events.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return events.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return events.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return events.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return events.createTokenAt(dateTime);
    }
}
