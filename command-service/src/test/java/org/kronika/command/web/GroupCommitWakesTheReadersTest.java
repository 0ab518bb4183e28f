package org.kronika.command.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcSQLErrorCodesResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.config.AxonConfig;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;

import javax.sql.DataSource;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group's events reach the event store's readers (the publisher's tracking processor) once the group commits, not
 * at their next look on their own. The group's commands each wake the readers as their unit of work commits, inside
 * the group's transaction, where a read finds none of their events yet; only {@link GroupCommit}'s wake after the
 * commit has them read again.
 *
 * <p>Built by hand on a database of its own, as the service builds them (Axon's JDBC store, the service's
 * connections, a command bus whose units of work join Spring's transaction), with the readers' look on their own
 * every ten minutes instead of every second: a Spring context of its own would take the publisher's claim on the
 * event stream from the suite's one context. Its commands append one event each, as a project's do.
 */
class GroupCommitWakesTheReadersTest {

    private static final String DATABASE = "group_commit_readers";
    private static final Duration LOOKS_ON_ITS_OWN_EVERY = Duration.ofMinutes(10);

    /** A command of the group: one event of the project, its sequence number given. */
    record Note(String projectId, long sequence) {
    }

    record Noted(String projectId) {
    }

    private final List<Thread> eventStoreThreads = new CopyOnWriteArrayList<>();
    private EmbeddedEventStore eventStore;
    private TrackingEventStream reader;

    @Test
    void aGroupsEventsAreReadOnceItCommitsNotAtTheReadersNextLookOnTheirOwn() throws Exception {
        DataSource database = TestInfrastructure.database(DATABASE, "V1__axon_event_store.sql").getDataSource();
        PlatformTransactionManager transactions = new DataSourceTransactionManager(database);
        TransactionManager unitsOfWork = new SpringTransactionManager(transactions);
        eventStore = EmbeddedEventStore.builder()
                .storageEngine(JdbcEventStorageEngine.builder()
                        .snapshotSerializer(JacksonSerializer.defaultSerializer())
                        .eventSerializer(JacksonSerializer.defaultSerializer())
                        .persistenceExceptionResolver(new JdbcSQLErrorCodesResolver())
                        .connectionProvider(new AxonConfig().connectionProvider(database))
                        .transactionManager(unitsOfWork)
                        .schema(new EventSchema())
                        .build())
                .fetchDelay(LOOKS_ON_ITS_OWN_EVERY.toMillis())
                .threadFactory(this::eventStoreThread)
                .build();
        SimpleCommandBus commandBus = SimpleCommandBus.builder().transactionManager(unitsOfWork).build();
        commandBus.subscribe(Note.class.getName(), this::appendItsEvent);
        GroupCommit groups = new GroupCommit(DefaultCommandGateway.builder().commandBus(commandBus).build(),
                commandBus, committingOnceTheReadersHaveLooked(transactions), NoCache.INSTANCE, eventStore,
                new SimpleMeterRegistry(), true);

        // Caught up with the empty store: the readers now wait for a wake, or their look ten minutes on.
        reader = eventStore.openStream(null);
        assertThat(reader.hasNextAvailable()).isFalse();
        await().atMost(Duration.ofSeconds(60)).until(this::theReadersWaitForTheirNextLook);

        String projectId = "p-group";
        List<GroupCommit.Pending> group = List.of(groups.pending(projectId, new Note(projectId, 0)),
                groups.pending(projectId, new Note(projectId, 1)), groups.pending(projectId, new Note(projectId, 2)));
        groups.run(group);
        assertThat(group).extracting(GroupCommit.Pending::answer).containsExactly(0L, 1L, 2L);

        // The readers would look on their own only ten minutes on.
        List<Long> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            while (reader.hasNextAvailable()) {
                read.add(((DomainEventMessage<?>) reader.nextAvailable()).getSequenceNumber());
            }
            assertThat(read).containsExactly(0L, 1L, 2L);
        });
    }

    @AfterEach
    void closeTheStoreAndDropItsDatabase() {
        if (reader != null) {
            reader.close();
        }
        if (eventStore != null) {
            eventStore.shutDown();
        }
        // The readers' producer sees it is shut down only when it wakes, ten minutes on.
        eventStoreThreads.forEach(Thread::interrupt);
        TestInfrastructure.dropDatabase(DATABASE);
    }

    /** As a project's command handler: its event appended in the command's unit of work, stored as it commits. */
    private Object appendItsEvent(CommandMessage<?> command) {
        Note note = (Note) command.getPayload();
        eventStore.publish(new GenericDomainEventMessage<>("Project", note.projectId(), note.sequence(),
                new Noted(note.projectId())));
        return note.sequence();
    }

    /**
     * The group's transaction, committed only once the readers, woken by each command's unit of work, have read
     * what the store had then (none of the group's events) and wait again: as on a busy machine, where the commit's
     * round trip outlasts the read. Without it, a read begun after the commit would find the events by chance.
     */
    private PlatformTransactionManager committingOnceTheReadersHaveLooked(PlatformTransactionManager transactions) {
        return new PlatformTransactionManager() {
            @Override
            public TransactionStatus getTransaction(TransactionDefinition definition) {
                return transactions.getTransaction(definition);
            }

            @Override
            public void commit(TransactionStatus status) {
                await().atMost(Duration.ofSeconds(60))
                        .until(GroupCommitWakesTheReadersTest.this::theReadersWaitForTheirNextLook);
                transactions.commit(status);
            }

            @Override
            public void rollback(TransactionStatus status) {
                transactions.rollback(status);
            }
        };
    }

    /**
     * The store's producer, which reads for all its tailing readers, has no wake pending and waits out its fetch
     * delay. Axon shows neither, so they are read from its fields and its thread's stack (Axon 4's EmbeddedEventStore:
     * a wake sets shouldFetch before it signals, and the producer clears it before each read).
     */
    private boolean theReadersWaitForTheirNextLook() throws ReflectiveOperationException {
        Object producer = field(EmbeddedEventStore.class, "producer").get(eventStore);
        boolean wakePending = field(producer.getClass(), "shouldFetch").getBoolean(producer);
        return !wakePending && eventStoreThreads.stream().anyMatch(thread ->
                thread.getState() == Thread.State.TIMED_WAITING && Arrays.stream(thread.getStackTrace())
                        .anyMatch(frame -> frame.getMethodName().equals("waitForData")));
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private Thread eventStoreThread(Runnable work) {
        Thread thread = new Thread(work, "group-commit-readers-" + eventStoreThreads.size());
        thread.setDaemon(true);
        eventStoreThreads.add(thread);
        return thread;
    }
}
