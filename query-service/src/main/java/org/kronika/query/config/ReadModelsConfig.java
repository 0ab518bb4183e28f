package org.kronika.query.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.kronika.query.portfolio.PortfolioViews;
import org.kronika.query.programme.Programme;
import org.kronika.query.projection.ProjectionHealthIndicator;
import org.kronika.query.projection.ReadModelService;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.replay.ReplayPermits;
import org.kronika.query.stream.RejectedRecords;
import org.kronika.query.stream.StreamProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;
import java.time.Clock;

/** The read side's parts: reference data, the generations of read models, and the service that projects them. */
@Configuration(proxyBeanMethods = false)
public class ReadModelsConfig {

    /**
     * The shape of the read models this code writes; raise it when a document's shape changes, or documents of the
     * old shape stay as they are: a project summary is written whole once and then only where it changes, so a
     * field added, renamed or dropped would never be rewritten in the documents already stored. 3: figures by month,
     * period reports and figures as approved. 4: indicators' figures by month and municipality, and participants by
     * month, for each indicator's own breakdowns of a period. 5: the project list's {@code places} (registered or
     * with activity) in place of its registered {@code municipalities}; each activity's {@code standing} facts and
     * {@code lastSequence}, which find the latest through an index. 6: a project's few last activities
     * ({@code lastActivities}) in place of its one last activity. 7: a reduction's (target below baseline) percent of
     * target and progress measured from the baseline down, in the stored list entries, programme aggregates' members
     * and figures as approved. 8: each project a rejected record names ({@code rejected_projects}), which its
     * verification reads: a generation built before noted none of the records it rejected. 9: percents of target
     * rounded half up in decimals (10.09 of 20 is 50.5, was 50.4) in the stored list entries, programme aggregates'
     * members and figures as approved. 10: an indicator's buckets count the participants of their activities and
     * how many of them are measurements, a tally the activities counting anyone in each participant category, and a
     * standing activity names those categories: what a trace of such a figure totals and pages from; and each
     * indicator's {@code nothingMeasuredByEnd} in figures as approved. 11: a project's {@code closures} (each with
     * the reopening that ended it) in its summary, and in the project list whether it is {@code closed} and since
     * when ({@code entry.closedAt}): what its status, the list's filter and its IATI activity-status read. 12: each
     * programme aggregate member's (a project's line in the portfolio's ranking and a municipality's) dates and
     * whether it is {@code closed}: its status, and the periods whose overdue reports are counted beside it. 13: each
     * period's report status in its project's summary ({@code reports}), and how many reports are in each status in
     * the programme's aggregates and shares ({@code reports}): the count beside each list of reports by status. 14:
     * per month, a summary's counts of corrected and retracted activities, retracted measurements and each planned
     * activity's implementations ({@code counts.byPeriod}), each indicator's contributions that say who took part
     * ({@code withParticipantsByPeriod}), and each activity's day as it stands, retracted or not
     * ({@code happenedOn}): what answers a project as of any day from its months. 15: each project's summary as it
     * stood at every 1,000th event ({@code project_snapshots}), which a project known at a moment long before its
     * last event is folded forward from: a generation of 14 keeps none for the events it applied (but those built by
     * the code that brought them in, d693e6aa, before the schema was raised). 16: a training stated without a
     * {@code deliveryMode}, as trainings were before the member existed, reads as in person in its activity's
     * statements, as the contract says ({@code ContractDefaults}); a generation of 15 shows it as stating none. 17:
     * the programme's aggregates and cells stored in slices by project ({@code Slices}, ids such as
     * {@code programme#07}), so that none holds every project's line; a generation of 16 holds them whole under the
     * scope's and the cell's own ids, where 17 finds none. A
     * release whose read models count an event type or member the contract did not have raises it too:
     * {@code ReadModelsSchemaTest} records the types each schema was decided for.
     */
    public static final int SCHEMA_VERSION = 17;

    /**
     * How many replays of a project's every fact run at once: {@code kronika.replays.concurrent}, or one per 256 MB
     * of heap (2 at -Xmx768m, whose JVM maximum is 742 MB); one that finds them all taken waits {@code kronika.replays.wait} (1 s), then is
     * answered 503 with Retry-After.
     */
    @Bean
    ReplayPermits replayPermits(@Value("${kronika.replays.concurrent:0}") int concurrent,
                                @Value("${kronika.replays.wait:1s}") java.time.Duration wait) {
        return concurrent > 0 ? new ReplayPermits(concurrent, wait)
                : ReplayPermits.forHeap(Runtime.getRuntime().maxMemory(), wait);
    }

    @Bean
    public Programme programme(
            @Value("${kronika.programme-file:classpath:org/kronika/events/programme.json}") Resource file)
            throws IOException {
        return Programme.read(file.getInputStream());
    }

    @Bean
    public Clock clock(Programme programme) {
        return programme.clock(Clock.systemUTC());
    }

    @Bean
    public Generations generations(MongoTemplate mongo) {
        return new Generations(mongo.getDb(), SCHEMA_VERSION);
    }

    @Bean
    public ProjectViews projectViews(Programme programme) {
        return new ProjectViews(programme.periods());
    }

    @Bean
    public PortfolioViews portfolioViews(Programme programme) {
        return new PortfolioViews(programme);
    }

    @Bean
    public RejectedRecords rejectedRecords(MongoTemplate mongo) {
        return new RejectedRecords(mongo.getDb());
    }

    @Bean
    public ReadModelService readModelService(Generations generations, ProjectViews views, StreamProperties properties,
                                             RejectedRecords rejected, MeterRegistry meters, Clock clock) {
        return new ReadModelService(generations, views, properties, rejected, meters, clock);
    }

    @Bean("projection")
    public ProjectionHealthIndicator projectionHealth(ReadModelService service, Clock clock,
                                                     ReadStoreHealthIndicator readStore) {
        return new ProjectionHealthIndicator(service, clock, readStore::reachable);
    }
}
