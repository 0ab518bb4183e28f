package org.kronika.query.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectSummaryProjection;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.GenerationState;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;
import org.kronika.query.stream.RejectedRecords;
import org.kronika.query.stream.StreamProperties;
import org.kronika.query.stream.TopicInspector;
import org.kronika.query.web.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides which generations of read models exist and follow the topic: the live one, and a new one while it is
 * rebuilt. Queries keep reading the live generation until a rebuild has caught up with the topic; then the live
 * pointer moves in one write and the old generation is retired (kept for a diff until the next switch).
 *
 * <p>At start-up, and every {@value #TOPIC_CHECK_MS} ms while running, it checks the topic against the live
 * generation: a topic recreated under the same name (another id) starts a rebuild from its first record, never a
 * silent skip, while the live generation keeps answering (it stops reading: its positions belong to the old topic);
 * the rebuilt generation goes live only once it has every project at least as far as the live one, so a topic still
 * being republished never replaces fuller read models with emptier ones. A topic whose partition count changed is
 * refused at start-up, because a project's later events would then sit in another partition than its earlier ones.
 */
public class ReadModelService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadModelService.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
    private static final long TOPIC_CHECK_MS = 5000;

    private final Generations generations;
    private final ProjectViews views;
    private final ProjectSummaryProjection summaryProjection;
    private final StreamProperties properties;
    private final TopicInspector topics;
    private final RejectedRecords rejected;
    private final ProjectionMetrics metrics;
    private final MeterRegistry meters;
    private final Clock clock;

    /**
     * Guards the runs and every decision about generations. Not the object's monitor: a projection thread that asks
     * to switch only tries it for a moment, so a thread that holds the lock while it stops that run (and waits for
     * its thread) never waits the 30 s a blocked thread would cost.
     */
    private final ReentrantLock lock = new ReentrantLock();
    /** By generation number; status readers iterate it without the lock. */
    private final Map<Integer, ProjectionRun> runs = new ConcurrentSkipListMap<>();
    private volatile boolean running;
    private volatile String refusal;
    private volatile String waitingFor = "start";
    /**
     * Since when, and with what class of error, starting has kept failing (Kafka does not answer, say); null while it
     * has not, or once it got through. No run exists yet to report the failure, and no partition lag or remaining
     * figure either: without it, an instance that never reached Kafka said UP while its read models stood still.
     */
    private volatile StartFailure startFailure;

    /** Why starting failed: its error's class (what health shows of it beside the state), and since when. */
    public record StartFailure(String type, Instant since) {
    }

    /** Why the supervisor's last pass failed, once the read models started; null once one went through. */
    private volatile String passFailure;
    private Thread supervisor;
    /** The topic as last seen: generations built from another one are not followed (their positions mean nothing). */
    private volatile TopicIdentity topic;
    /**
     * Since when the topic has been found missing while read models exist (deleted, and not yet created again);
     * null while it exists. The consumer says nothing of it: it is given no partitions and reads nothing, which
     * looked like a projection at the topic's end.
     */
    private volatile Instant topicMissingSince;
    /**
     * The live read models' projects waiting or parked once their run stopped (their topic was recreated): read
     * from the store where the check found them so, as health must not wait on the store, and still counted, since
     * those read models keep answering for them until a rebuild replaces them.
     */
    private volatile StoppedLive stoppedLive;

    private record StoppedLive(int generation, List<ParkedProject> parked) {
    }

    /**
     * Since when a rebuild has read the whole topic but still lacks events the live read models show (a topic
     * recreated and not yet, or not wholly, republished): it cannot go live until the topic has them.
     */
    private volatile BehindLive behindLive;

    private record BehindLive(int generation, Instant since) {
    }
    private long topicCheckedAt;

    public ReadModelService(Generations generations, ProjectViews views, StreamProperties properties,
                            RejectedRecords rejected, MeterRegistry meters, Clock clock) {
        this.generations = generations;
        this.views = views;
        this.summaryProjection = new ProjectSummaryProjection(views.periods());
        this.properties = properties;
        this.topics = new TopicInspector(properties, KAFKA_TIMEOUT);
        this.rejected = rejected;
        this.metrics = new ProjectionMetrics(meters, clock);
        this.meters = meters;
        this.clock = clock;
        Gauge.builder("kronika.projection.parked", this, s -> s.parkedCount("parked"))
                .description("Projects parked until an operator retries them").register(meters);
        Gauge.builder("kronika.projection.waiting", this, s -> s.parkedCount("waiting"))
                .description("Projects waiting for an event that came late").register(meters);
        Gauge.builder("kronika.projection.remaining", this, s -> s.topicMissingSince != null ? -1L
                        : s.live().map(ProjectionStatus::remaining).orElse(-1L))
                .description("Records on the topic the live read models have not read yet").register(meters);
        Gauge.builder("kronika.projection.topic.missing", this, s -> s.topicMissingSince != null ? 1 : 0)
                .description("1 while the topic the read models were built from does not exist").register(meters);
        Gauge.builder("kronika.projection.rebuild.remaining", this, s -> s.rebuilding()
                        .map(ProjectionStatus::remaining).orElse(0L))
                .description("Records a rebuild still has to read").register(meters);
        Gauge.builder("kronika.projection.rebuild.rate", this, s -> s.rebuilding().map(ProjectionStatus::rate).orElse(0.0))
                .description("Events per second a rebuild applies").register(meters);
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            running = true;
            refuseAChangedPartitionCount();
            supervisor = new Thread(this::supervise, "read-models");
            supervisor.setDaemon(true);
            supervisor.start();
        } finally {
            lock.unlock();
        }
    }

    /** At start-up, when Kafka answers: a changed partition count stops the service from starting at all. */
    private void refuseAChangedPartitionCount() {
        try {
            Optional<TopicIdentity> topic = topics.identify();
            Optional<Generation> live = generations.refresh();
            if (topic.isPresent() && live.isPresent()) {
                generations.state(live.get()).ifPresent(state -> {
                    String problem = partitionProblem(state, topic.get());
                    if (problem != null) {
                        running = false;
                        throw new IllegalStateException(problem);
                    }
                });
            }
        } catch (IllegalStateException e) {
            if (!running) {
                throw e;
            }
            log.warn("Kafka did not answer at start-up; the topic is checked once it does: {}", e.getMessage());
            startFailure = new StartFailure(e.getClass().getSimpleName(), clock.instant());
        }
    }

    private static String partitionProblem(GenerationState state, TopicIdentity topic) {
        if (state.readsTopic(topic) && state.partitions() != topic.partitions()) {
            return "Topic " + topic.name() + " now has " + topic.partitions() + " partitions; the read models were "
                    + "built from " + state.partitions() + ". A project's later events may now be in another "
                    + "partition than its earlier ones, so their order is lost. Recreate the topic with "
                    + state.partitions() + " partitions and republish it from the event store (docs/operations.md)";
        }
        return null;
    }

    private void supervise() {
        boolean started = false;
        while (running) {
            try {
                if (!started) {
                    started = startLive();
                    startFailure = null;
                } else if (refusal != null) {
                    recheckRefusal();
                } else {
                    generations.takeRebuildRequest().ifPresent(this::rebuildAsRequested);
                    reconcile();
                    passFailure = null;
                }
            } catch (RuntimeException e) {
                if (started) {
                    // Said until a pass goes through: once kept as what the projection waited for, it stayed so.
                    passFailure = e.getMessage();
                    log.warn("Read models' supervision failed, tried again in 2 s: {}", e.getMessage());
                } else {
                    waitingFor = e.getMessage();
                    if (startFailure == null) {
                        startFailure = new StartFailure(e.getClass().getSimpleName(), clock.instant());
                    }
                    log.warn("Read models not started yet: {}", e.getMessage());
                }
            }
            sleep(started ? Duration.ofSeconds(2) : Duration.ofSeconds(1));
        }
    }

    private boolean startLive() {
        lock.lock();
        try {
            Optional<TopicIdentity> found = topics.identify();
            noteWhetherTheTopicExists(found.isPresent());
            if (found.isEmpty()) {
                waitingFor = "topic " + properties.topic() + " to be created by the command side";
                return false;
            }
            TopicIdentity topic = found.get();
            this.topic = topic;
            topicCheckedAt = clock.millis();
            Optional<Generation> live = generations.refresh();
            Optional<GenerationState> state = live.flatMap(generations::state);
            String problem = state.map(s -> partitionProblem(s, topic)).orElse(null);
            if (problem != null) {
                refuse(problem);
                return true;
            }
            abandonBuildsOfAnotherTopic(topic);
            if (live.isEmpty()) {
                // Served only once it has caught up with the topic as it is: until then queries answer 503. A topic
                // still being republished cannot say how much is to come: its figures fill in after.
                if (!beingRebuiltFrom(topic)) {
                    Generation first = generations.startBuilding(topic, "first build from " + topic.name());
                    log.info("No read models yet: building {} from the first record of {}", first.id(), topic.name());
                    follow(first, this::switchTo);
                }
            } else if (!state.map(s -> s.readsTopic(topic)).orElse(false) && !beingRebuiltFrom(topic)) {
                log.warn("Topic {} was recreated (id {}, the read models were built from id {}): rebuilding while the "
                        + "current read models keep answering", topic.name(), topic.topicId(),
                        state.map(GenerationState::topicId).orElse("?"));
                rebuild("topic " + topic.name() + " was recreated (id " + topic.topicId() + ")");
            } else if (state.isPresent() && state.get().readsTopic(topic)) {
                generations.settle();
                follow(live.get(), run -> true);
            }
            for (GenerationState other : generations.all()) {
                if (GenerationState.BUILDING.equals(other.status()) && other.readsTopic(topic)
                        && !runs.containsKey(other.generation().number())) {
                    log.info("Resuming the rebuild of {} ({})", other.generation().id(), other.reason());
                    follow(other.generation(), this::switchTo);
                }
            }
            waitingFor = null;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A changed partition count: nothing is projected (a project's later events may sit in another partition than
     * its earlier ones, read out of order or by another instance), and health says why, until the topic is
     * recreated with the count the read models were built from.
     */
    private void refuse(String problem) {
        log.error(problem);
        stopAll();
        // Once nothing projects any more: whoever sees the refusal sees it in force.
        refusal = problem;
    }

    /** Refused, it looks again at the topic every few seconds: recreated as the runbook says, projecting resumes. */
    private void recheckRefusal() {
        lock.lock();
        try {
            if (!topicCheckDue()) {
                return;
            }
            Optional<TopicIdentity> found = topics.identify();
            Optional<GenerationState> live = generations.refresh().flatMap(generations::state);
            if (found.isPresent() && live.map(s -> partitionProblem(s, found.get())).orElse(null) == null) {
                log.info("Topic {} is no longer refused (id {}, {} partitions): projecting again", properties.topic(),
                        found.get().topicId(), found.get().partitions());
                refusal = null;
                startLive();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Keeps this instance in step with the others: it joins a rebuild another instance started, and stops
     * projecting a generation another instance retired or that is gone. A lost read store (no generation at all any
     * more) starts everything again.
     */
    private void reconcile() {
        lock.lock();
        try {
            checkTheTopic();
            if (refusal != null) {
                return;
            }
            // The generations before the pointer: a switch by another instance in between then shows as a live
            // generation still marked building (followed as live), never as a live one marked retired (stopped).
            List<GenerationState> all = generations.all();
            Optional<Generation> live = generations.refresh().filter(pointed -> {
                if (all.stream().anyMatch(s -> s.generation().number() == pointed.number())) {
                    return true;
                }
                // Dropped as it went live (an operator's drop racing a switch): nothing answers from it, and an
                // empty pointer alone started a build.
                log.warn("The live read models {} are gone: building them again", pointed.id());
                generations.letGoOfLive(pointed);
                return false;
            });
            stopRunsWhoseGenerationIsGone(all);
            if (live.isEmpty() && !beingRebuiltFrom(topic)) {
                log.warn("No live read models and none being built (the read store was emptied?): building them again");
                stopAll();
                startLive();
                return;
            }
            generations.settle();
            for (GenerationState state : all) {
                int number = state.generation().number();
                boolean isLive = live.map(l -> l.number() == number).orElse(false);
                boolean building = GenerationState.BUILDING.equals(state.status());
                ProjectionRun run = runs.get(number);
                if (run == null && (isLive || building) && readsTheTopic(state)) {
                    log.info("Joining the projection of {} ({})", state.generation().id(), state.status());
                    follow(state.generation(), isLive ? r -> true : this::switchTo);
                } else if (run != null && !isLive && !building) {
                    log.info("Read models {} were retired; no longer projecting them", state.generation().id());
                    stopRun(number);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A run whose generation was dropped, or made anew under its number (the read store emptied, its numbering
     * started again), stops: its positions and what it holds in memory belong to what is gone.
     */
    private void stopRunsWhoseGenerationIsGone(List<GenerationState> all) {
        Map<Integer, java.time.Instant> created = new java.util.HashMap<>();
        all.forEach(state -> created.put(state.generation().number(), state.createdAt()));
        for (Integer number : List.copyOf(runs.keySet())) {
            ProjectionRun run = runs.get(number);
            if (!run.startedOn().equals(created.get(number))) {
                log.warn("Read models {} (created {}) are gone; no longer projecting them", run.generation().id(),
                        run.startedOn());
                stopRun(number);
            }
        }
    }

    /**
     * Every few seconds, the topic as Kafka now has it. Its partition count changed: refused. Deleted and created
     * again (another id) while this instance runs: the live generation stops reading (its positions are the old
     * topic's; read on, they would fail or point at other records) but keeps answering, a build from the old topic is
     * given up, and a new one is built from the new topic's first record, unless one already is (started by another
     * instance, which this one then joins). A topic that is gone and not yet back changes nothing: the live
     * generation keeps answering.
     */
    private void checkTheTopic() {
        if (!topicCheckDue()) {
            return;
        }
        Optional<TopicIdentity> found;
        try {
            found = topics.identify();
        } catch (IllegalStateException e) {
            return; // Kafka away: the projection's own health says so.
        }
        noteWhetherTheTopicExists(found.isPresent());
        if (found.isEmpty()) {
            return;
        }
        TopicIdentity current = found.get();
        topic = current;
        Optional<Generation> live = generations.refresh();
        GenerationState state = live.flatMap(generations::state).orElse(null);
        String problem = state == null ? null : partitionProblem(state, current);
        if (problem != null) {
            refuse(problem);
            return;
        }
        abandonBuildsOfAnotherTopic(current);
        if (state == null || state.readsTopic(current)) {
            return;
        }
        if (stopRun(live.get().number())) {
            log.warn("Topic {} was recreated (id {}, the live read models {} were built from id {}): they stopped "
                    + "reading it and keep answering", current.name(), current.topicId(), live.get().id(),
                    state.topicId());
        }
        stoppedLive = new StoppedLive(live.get().number(),
                new ParkedProjects(generations.database(), live.get()).all());
        if (!beingRebuiltFrom(current)) {
            rebuild("topic " + current.name() + " was recreated (id " + current.topicId() + ")");
        }
    }

    /**
     * Builds from a topic that was deleted since are given up (their positions mean nothing on the new one, and
     * finished they would replace the live read models with a half-republished topic's), and dropped at the next
     * switch.
     */
    private void abandonBuildsOfAnotherTopic(TopicIdentity current) {
        for (GenerationState other : generations.all()) {
            if (GenerationState.BUILDING.equals(other.status()) && !other.readsTopic(current)) {
                log.warn("Giving up the build of {} ({}): it read topic id {}, which is gone", other.generation().id(),
                        other.reason(), other.topicId());
                generations.retire(other.generation());
                stopRun(other.generation().number());
            }
        }
    }

    /**
     * A topic missing while read models exist was deleted: nothing is projected until it is created again, and
     * health and {@code kronika.projection.topic.missing} say so. Before any read models exist, it is only not
     * created yet (the command side creates it at its start).
     */
    private void noteWhetherTheTopicExists(boolean exists) {
        if (exists) {
            if (topicMissingSince != null) {
                log.info("Topic {} exists again", properties.topic());
            }
            topicMissingSince = null;
        } else if (topicMissingSince == null && !generations.all().isEmpty()) {
            topicMissingSince = clock.instant();
            log.error("Topic {} does not exist (deleted?): nothing is projected until it is created again; the read "
                    + "models answer as they were. See the runbook \"Kafka topic lost\" (docs/operations.md)",
                    properties.topic());
        }
    }

    /** Since when the topic the read models were built from has been missing, if it is. */
    public Optional<Instant> topicMissingSince() {
        return Optional.ofNullable(topicMissingSince);
    }

    /** The topic the read models are built from, by name. */
    public String topicName() {
        return properties.topic();
    }

    /** Whether {@value #TOPIC_CHECK_MS} ms have passed since the topic was last looked at; if so, it is looked at now. */
    private boolean topicCheckDue() {
        if (clock.millis() - topicCheckedAt < TOPIC_CHECK_MS) {
            return false;
        }
        topicCheckedAt = clock.millis();
        return true;
    }

    /** Whether a generation is being built from this topic (by this instance or another). */
    private boolean beingRebuiltFrom(TopicIdentity topic) {
        return rebuildFrom(topic).isPresent();
    }

    /** The generation being built from the topic, if one is. */
    private Optional<Generation> rebuildFrom(TopicIdentity topic) {
        return generations.all().stream()
                .filter(other -> GenerationState.BUILDING.equals(other.status()) && other.readsTopic(topic))
                .map(GenerationState::generation).findFirst();
    }

    private boolean readsTheTopic(GenerationState state) {
        TopicIdentity current = topic;
        return current == null || state.readsTopic(current);
    }

    /**
     * A rebuild the command line asked for. While the topic cannot be found (Kafka slow, the topic away) it is asked
     * for again, to start once it can: taken and lost, the command's "starts it within a few seconds" was never kept.
     * A failure once the generation is created is only logged: the next pass goes on building it as any other, and
     * asked for again, a new generation would be created at every pass.
     */
    private void rebuildAsRequested(String reason) {
        Optional<TopicIdentity> found;
        try {
            found = topics.identify();
        } catch (RuntimeException e) {
            found = Optional.empty();
        }
        if (found.isEmpty()) {
            generations.requestRebuild(reason);
            log.warn("The rebuild asked for ({}) waits for topic {} to be found", reason, properties.topic());
            return;
        }
        try {
            rebuild(reason, found.get());
        } catch (RuntimeException e) {
            log.warn("The rebuild asked for ({}) did not start: {}", reason, e.getMessage());
        }
    }

    /** Starts building a new generation from the topic's first event; it goes live once it has caught up. */
    public Generation rebuild(String reason) {
        // Asked before the lock: Kafka may take its whole timeout to answer, and projecting waits for no question.
        return rebuild(reason, rebuildableTopic());
    }

    /** {@link #rebuild(String)} from the topic as just identified. */
    private Generation rebuild(String reason, TopicIdentity topic) {
        lock.lock();
        try {
            if (refusal != null) {
                throw new Refused("Rebuild refused", refusal);
            }
            // One rebuild of a topic at a time: two built side by side went live seconds apart, and the second switch
            // dropped the first's generation while other instances could still be reading it.
            Optional<Generation> underWay = rebuildFrom(topic);
            if (underWay.isPresent()) {
                log.info("A rebuild of the read models is under way into {}; asked for again ({}), it is that one",
                        underWay.get().id(), reason);
                follow(underWay.get(), this::switchTo);
                return underWay.get();
            }
            Generation generation = generations.startBuilding(topic, reason);
            log.info("Rebuilding the read models into {}: {}", generation.id(), reason);
            follow(generation, this::switchTo);
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The topic a rebuild reads, or why none can start now: answered 500 through the admin API, a missing topic or
     * Kafka away read as a fault of the service, not as the state it is in.
     */
    private TopicIdentity rebuildableTopic() {
        Optional<TopicIdentity> found;
        try {
            found = topics.identify();
        } catch (RuntimeException e) {
            throw new Refused("Rebuild refused", (e.getMessage() == null ? e.toString() : e.getMessage())
                    + ": nothing was started; ask again once Kafka answers");
        }
        return found.orElseThrow(() -> new Refused("Rebuild refused", "topic " + properties.topic() + " does not "
                + "exist: a rebuild reads its events from the first, so nothing was started; see the runbook \"Kafka "
                + "topic lost\" (docs/operations.md#kafka-topic-lost)"));
    }

    private void follow(Generation generation, java.util.function.Predicate<ProjectionRun> onCaughtUp) {
        if (runs.containsKey(generation.number())) {
            return; // followed already (a run made live meanwhile carries on as the live one)
        }
        GenerationState state = generations.state(generation).orElseThrow();
        ProjectionRun run = new ProjectionRun(ReadModelStores.of(generations, generation, views), state,
                summaryProjection, properties, rejected, metrics, meters, clock, onCaughtUp);
        runs.put(generation.number(), run);
        run.start();
    }

    /**
     * Makes a generation built here live once it has caught up. Not if another instance made it live or retired
     * it meanwhile (then there is nothing to do), nor if it was built from a topic that is gone, nor if the live one
     * was built from another topic and has events it lacks: a recreated topic that is still being republished (or
     * lost events for good) must not replace fuller read models. The pointer moves only from the generation this
     * decision was made over. Declined, it is asked again a few seconds later.
     */
    private boolean switchTo(ProjectionRun rebuilt) {
        try {
            if (!lock.tryLock(200, TimeUnit.MILLISECONDS)) {
                return false; // busy, perhaps stopping this very run: asked again later if it still runs
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return switchNow(rebuilt);
        } finally {
            lock.unlock();
        }
    }

    private boolean switchNow(ProjectionRun rebuilt) {
        if (runs.get(rebuilt.generation().number()) != rebuilt) {
            return true; // stopped meanwhile: not this run's to decide any more
        }
        if (refusal != null) {
            return false;
        }
        Optional<GenerationState> state = generations.state(rebuilt.generation())
                .filter(s -> s.createdAt().equals(rebuilt.startedOn()));
        if (state.isEmpty() || !GenerationState.BUILDING.equals(state.get().status())) {
            return true;
        }
        Optional<TopicIdentity> current;
        try {
            current = topics.identify();
        } catch (IllegalStateException e) {
            return false; // Kafka away: which topic is current is not known
        }
        if (current.isEmpty() || !state.get().readsTopic(current.get())) {
            return false;
        }
        Optional<Generation> previous = generations.refresh();
        if (previous.filter(p -> p.number() == rebuilt.generation().number()).isPresent()) {
            return true; // another instance made it live a moment ago, its status not yet written
        }
        Optional<String> behind = previous.filter(p -> !sameTopic(p, rebuilt.generation()))
                .flatMap(p -> summaries(rebuilt.generation()).firstBehind(summaries(p)));
        if (behind.isPresent()) {
            BehindLive noticed = behindLive;
            if (noticed == null || noticed.generation() != rebuilt.generation().number()) {
                behindLive = new BehindLive(rebuilt.generation().number(), clock.instant());
            }
            log.info("Read models {} have read the whole topic but not yet every event the live ones show: project "
                    + "{}; they go live once the topic has it (republish it from the event store)",
                    rebuilt.generation().id(), behind.get());
            return false;
        }
        behindLive = null;
        if (!generations.switchTo(rebuilt.generation(), previous)) {
            log.info("Read models {} caught up, but another instance switched first; asked again shortly",
                    rebuilt.generation().id());
            return false;
        }
        log.info("Read models {} are live{}", rebuilt.generation().id(),
                previous.map(p -> "; " + p.id() + " retired").orElse(""));
        previous.ifPresent(p -> stopRun(p.number()));
        for (GenerationState other : generations.all()) {
            int number = other.generation().number();
            boolean keep = number == rebuilt.generation().number()
                    || previous.map(p -> p.number() == number).orElse(false)
                    || runs.containsKey(number);
            if (!keep && GenerationState.RETIRED.equals(other.status())) {
                log.info("Dropping retired read models {}", other.generation().id());
                generations.drop(other.generation());
            }
        }
        return true;
    }

    /** Stops the run of this generation, if this instance has one; answers whether it had. */
    private boolean stopRun(int number) {
        ProjectionRun run = runs.remove(number);
        if (run != null) {
            run.stop();
        }
        return run != null;
    }

    private void stopAll() {
        runs.values().forEach(ProjectionRun::stop);
        runs.clear();
    }

    private ProjectSummaries summaries(Generation generation) {
        return new ProjectSummaries(generations.database(), generation, views);
    }

    private boolean sameTopic(Generation a, Generation b) {
        Optional<GenerationState> first = generations.state(a);
        Optional<GenerationState> second = generations.state(b);
        return first.isPresent() && second.isPresent() && first.get().topicId().equals(second.get().topicId());
    }

    @Override
    public void stop() {
        lock.lock();
        try {
            running = false;
            if (supervisor != null) {
                supervisor.interrupt();
            }
            stopAll();
            topics.close();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server, so requests in flight still find their read models. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }

    public ProjectionMetrics.LagSample lagSinceLastSample() {
        return metrics.lagSinceLastSample();
    }

    public Generations generations() {
        return generations;
    }

    public List<ProjectionStatus> statuses() {
        return runs.values().stream().map(ProjectionRun::status).toList();
    }

    public Optional<ProjectionStatus> live() {
        Optional<Generation> live = generations.live();
        return statuses().stream().filter(s -> live.map(l -> l.number() == s.generation().number()).orElse(false))
                .findFirst();
    }

    public Optional<ProjectionStatus> rebuilding() {
        Optional<Generation> live = generations.live();
        return statuses().stream().filter(s -> live.map(l -> l.number() != s.generation().number()).orElse(true))
                .findFirst();
    }

    /** Why the projection does not run, if it does not: a refused topic or what it waits for. */
    public Optional<String> notRunningBecause() {
        return Optional.ofNullable(refusal != null ? refusal : waitingFor != null ? waitingFor : passFailure);
    }

    public Optional<StartFailure> startFailure() {
        return Optional.ofNullable(startFailure);
    }

    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    private double parkedCount(String status) {
        // The projections' own lists, so a scrape never waits on a read store that stopped answering. A project
        // parked in read models being rebuilt counts too: it can keep them from ever going live.
        // A project catching up waits, for seconds, for its own held events.
        return parkedByProject().values().stream().filter(p -> p.status().equals(status)
                || ParkedProject.WAITING.equals(status) && p.catchingUp()).count();
    }

    /**
     * Projects waiting or parked in the live read models or in those being rebuilt, as their projections last
     * reported them; one entry per project, the live one's first.
     */
    public Map<String, ParkedProject> parkedByProject() {
        Map<String, ParkedProject> byProject = new LinkedHashMap<>();
        live().map(ProjectionStatus::parked).or(this::parkedWhereTheLiveRunStopped)
                .ifPresent(parked -> parked.forEach(p -> byProject.putIfAbsent(p.projectId(), p)));
        rebuilding().ifPresent(status -> status.parked().forEach(p -> byProject.putIfAbsent(p.projectId(), p)));
        return byProject;
    }

    /** Since when the rebuild running now has lacked events the live read models show, if it does. */
    public Optional<Instant> rebuildBehindLiveSince() {
        BehindLive behind = behindLive;
        return rebuilding().filter(r -> behind != null && r.generation().number() == behind.generation())
                .map(r -> behind.since());
    }

    private Optional<List<ParkedProject>> parkedWhereTheLiveRunStopped() {
        StoppedLive stopped = stoppedLive;
        return generations.live().filter(live -> stopped != null && live.number() == stopped.generation())
                .map(live -> stopped.parked());
    }

    /**
     * The live read models' projects waiting or parked, then those of read models being rebuilt, each entry naming
     * its generation: after a topic was recreated, a project parked there keeps the rebuilt read models from going
     * live, while the live ones answer.
     */
    public List<ParkedEntry> parked(int limit) {
        Optional<Generation> live = generations.live();
        List<ParkedEntry> entries = new ArrayList<>();
        for (Generation generation : projected()) {
            if (entries.size() == limit) {
                break;
            }
            boolean isLive = live.filter(l -> l.number() == generation.number()).isPresent();
            new ParkedProjects(generations.database(), generation).first(limit - entries.size())
                    .forEach(project -> entries.add(ParkedEntry.of(generation.number(), isLive, project)));
        }
        return entries;
    }

    /** Asks for a retry wherever the project waits or is parked: the live read models, those being rebuilt. */
    public boolean retry(String projectId) {
        boolean asked = false;
        for (Generation generation : projected()) {
            asked |= new ParkedProjects(generations.database(), generation).requestRetry(projectId);
        }
        return asked;
    }

    /** The live generation, then every other this instance projects (being rebuilt). */
    private List<Generation> projected() {
        List<Generation> projected = new ArrayList<>();
        generations.live().ifPresent(projected::add);
        statuses().stream().map(ProjectionStatus::generation)
                .filter(g -> projected.stream().noneMatch(p -> p.number() == g.number())).forEach(projected::add);
        return projected;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
