package org.kronika.command.config;

import org.kronika.command.KronikaCommandProperties;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.AggregateSnapshotter;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.GenericAggregateFactory;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.kronika.command.ledger.ActivityLedgerTable;
import org.kronika.command.ledger.LedgerKeepingStorageEngine;
import org.kronika.command.ledger.MeasurementLedgerTable;
import org.kronika.command.organisation.OrganisationTable;
import org.kronika.command.project.Project;
import org.kronika.command.project.Programme;
import org.kronika.command.publishing.ProjectEventPublisher;
import org.kronika.events.EventTypes;
import org.kronika.events.KronikaEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    static final int EVENTS_PER_QUERY = 1000;

    /**
     * An event's version belongs to the public contract; Axon's payload revision is derived from it, so the
     * stored revision and the published {@code ce_type} can never disagree.
     */
    @Bean
    public RevisionResolver contractRevisionResolver() {
        // Snapshots carry the aggregate's own @Revision, which the snapshot filter compares with the class's.
        RevisionResolver annotated = new AnnotationRevisionResolver();
        return payloadType -> KronikaEvent.class.isAssignableFrom(payloadType)
                ? EventTypes.of(payloadType).revision()
                : annotated.revisionOf(payloadType);
    }

    /**
     * Snapshots, tokens and dead letters. A snapshot's maps are keyed by ids (indicators, measurements): distinct
     * keys, which Jackson would otherwise add to its table of field names and intern one by one (a third of the time
     * of loading a 10,000-event project from its snapshot, by profile, when the snapshot still held the activities).
     * Events keep the table: their field names are few and repeat.
     */
    @Bean
    @Primary
    public Serializer serializer(RevisionResolver revisions) {
        return jackson(revisions, new ObjectMapper(JsonFactory.builder()
                .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build()));
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(RevisionResolver revisions) {
        return jackson(revisions, new ObjectMapper());
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(RevisionResolver revisions) {
        return jackson(revisions, new ObjectMapper());
    }

    private static Serializer jackson(RevisionResolver revisions, ObjectMapper plain) {
        ObjectMapper mapper = plain
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Additive contract changes must not break reading older or newer payloads.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Snapshots serialise the aggregate's private state, which has no getters by design.
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);
        return JacksonSerializer.builder().objectMapper(mapper).revisionResolver(revisions).build();
    }

    /**
     * Axon's JDBC store with its settings as Spring Boot would give them, but reading 1,000 events a query instead
     * of 100: a project is loaded in batches until one comes back short, so a 10,000-event project took 101 round
     * trips; the tracking processors read their stream with the same batches. The projects' activity and
     * measurement ledgers are written with the events, in their transaction, and so is the organisations' register.
     */
    @Bean
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver exceptions,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connections, TransactionManager transactions,
                                                 ActivityLedgerTable ledger, MeasurementLedgerTable measurements,
                                                 OrganisationTable organisations) {
        return new LedgerKeepingStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(exceptions)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connections)
                .transactionManager(transactions)
                // Axon's default table names, which the migrations create (V1__axon_event_store.sql).
                .schema(new EventSchema())
                .batchSize(EVENTS_PER_QUERY)
                // A gap is waited for longer than any transaction stays open (EventStoreGaps).
                .gapTimeout((int) EventStoreGaps.GAP_TIMEOUT.toMillis())
                .maxGapOffset(EventStoreGaps.MAX_GAP_OFFSET)
                .build(), ledger, measurements, organisations);
    }

    /**
     * Axon's connections as Spring Boot's Axon configuration gives them, except inside a Spring transaction, where
     * they are that transaction's own connection and nothing more. Axon's per-unit-of-work wrapper rolls the
     * connection back itself when the unit of work that first asked for it rolls back: a command refused inside a
     * group's transaction (web.GroupCommit) would take the whole group's work with it. Spring's transaction, which
     * the command bus attaches to every unit of work, rolls back what it must.
     */
    @Bean
    public ConnectionProvider connectionProvider(DataSource dataSource) {
        ConnectionProvider transactional = new SpringDataSourceConnectionProvider(dataSource);
        ConnectionProvider perUnitOfWork = new UnitOfWorkAwareConnectionProviderWrapper(transactional);
        return () -> TransactionSynchronizationManager.isActualTransactionActive()
                ? transactional.getConnection() : perUnitOfWork.getConnection();
    }

    @Bean
    public Cache projectCache(@org.springframework.beans.factory.annotation.Value("${kronika.cached-projects:10000}")
                              long cachedProjects, ObjectProvider<EventStore> eventStore) {
        // The event store is looked up at the first read (it is built after the aggregate's configuration), and only
        // then: Spring resolves an ObjectProvider's bean anew at every call, half the cost of this check by profile.
        AtomicReference<EventStore> store = new AtomicReference<>();
        return new BoundedCache(cachedProjects, projectId -> store.updateAndGet(
                resolved -> resolved != null ? resolved : eventStore.getObject()).lastSequenceNumberFor(projectId));
    }

    @Bean
    public ConfigurerModule projectAggregate(Cache projectCache, KronikaCommandProperties properties,
                                            PlatformTransactionManager transactions) {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(Project.class)
                        .configureCache(c -> projectCache)
                        .configureSnapshotTrigger(c -> new EventCountSnapshotTriggerDefinition(
                                projectSnapshotter(c, new SavepointTransactions(transactions)),
                                properties.snapshotInterval())));
    }

    /**
     * Spring's default snapshotter only knows aggregates declared with Spring's stereotype, which the domain
     * model does not use; this one is built from the same configuration (and parameter resolvers, so the
     * handlers' Clock resolves) as the aggregate's repository.
     */
    private static Snapshotter projectSnapshotter(org.axonframework.config.Configuration c,
                                                  TransactionManager transactions) {
        AggregateModel<Project> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(
                Project.class, c.parameterResolverFactory(), c.handlerDefinition(Project.class));
        // Its own model of the aggregate is inspected with these too: with Axon's defaults a handler taking a
        // Spring bean (the Programme) cannot be resolved, and every snapshot fails after reading the whole stream.
        return AggregateSnapshotter.builder()
                .eventStore(c.eventStore())
                .parameterResolverFactory(c.parameterResolverFactory())
                .handlerDefinition(c.handlerDefinition(Project.class))
                .aggregateFactories(new GenericAggregateFactory<>(model))
                .transactionManager(transactions)
                .build();
    }

    /**
     * Axon's default for event handlers is to log an error and move on. For the publisher that would mean an
     * event silently missing from Kafka, so failures propagate: the tracking processor keeps its token and
     * retries the batch with back-off until Kafka takes it.
     */
    @Bean
    public ConfigurerModule publisherFailuresAreRetried() {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(ProjectEventPublisher.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerErrorHandler(ProjectEventPublisher.PROCESSING_GROUP, c -> PropagatingErrorHandler.instance());
    }

    /**
     * A stored event the publisher cannot turn into a record is set aside with its project's later events, in
     * order, in PostgreSQL, instead of being skipped (its token would move past it) or retried for ever (no
     * project would be published any more). Per project: the sequencing policy is the aggregate's id.
     */
    /**
     * The publisher is offered every message of its batches, before the dead-letter queue decides which its handler
     * sees ({@link ProjectEventPublisher#passedInOrder()}). Looked up when the first message comes: the publisher
     * itself needs the event store this configuration builds.
     */
    @Bean
    public ConfigurerModule publisherSeesEveryPosition(ObjectProvider<ProjectEventPublisher> publisher) {
        return configurer -> configurer.eventProcessing().registerHandlerInterceptor(
                ProjectEventPublisher.PROCESSING_GROUP,
                c -> (unitOfWork, chain) -> publisher.getObject().passedInOrder().handle(unitOfWork, chain));
    }

    @Bean
    public ConfigurerModule publisherDeadLetterQueue(ConnectionProvider connections, TransactionManager transactions,
                                                 DeadLetterSchema schema, Serializer serializer,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer) {
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(ProjectEventPublisher.PROCESSING_GROUP,
                        c -> SequentialPerAggregatePolicy.instance())
                .registerDeadLetterQueue(ProjectEventPublisher.PROCESSING_GROUP,
                        c -> JdbcSequencedDeadLetterQueue.builder()
                                .processingGroup(ProjectEventPublisher.PROCESSING_GROUP)
                                .connectionProvider(connections)
                                .transactionManager(transactions)
                                .schema(schema)
                                .genericSerializer(serializer)
                                // The event store's own serializer: a letter is then stored from the bytes as read,
                                // without deserializing a payload that may be what cannot be read.
                                .eventSerializer(eventSerializer)
                                // A full queue would fail the whole batch, and so stop every project again.
                                .maxSequences(Integer.MAX_VALUE)
                                .maxSequenceSize(Integer.MAX_VALUE)
                                .build())
                // Whether an event's project has letters waiting was a query (and a transaction) per published event.
                // The cache knows which projects this instance set aside while it holds the segment, and asks the
                // queue for any other only when the queue was not empty at the claim; only the segment's holder
                // adds letters, and the cache is dropped when the segment is released, so no letter is missed.
                .registerDeadLetteringEventHandlerInvokerConfiguration(ProjectEventPublisher.PROCESSING_GROUP,
                        (c, invoker) -> invoker.enableSequenceIdentifierCache());
    }

    @Bean
    public Clock clock(Programme programme) {
        return programme.clock(Clock.systemUTC());
    }
}
