package org.kronika.query.projection;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Writes;
import org.kronika.query.report.PeriodReport;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A query-service instance frozen past its consumer group's session loses its partitions to another, which applies
 * the same events and moves on. The frozen one, resuming, still writes the batch it held: the facts it writes, as
 * they stood some events ago, must not replace those the other one stored since. Each writer carries the token it
 * was given with its partitions; a later writer's facts are not written over by an earlier one's.
 */
class WriterFallenBehindTest {

    private static final String P = "behind";
    private final Programme programme = Programme.ofContract();
    private ReadModelStores stores;
    private MongoDatabase database;
    private Generation generation;

    @BeforeEach
    void freshDatabase() {
        FreshReadModels fresh = FreshReadModels.create("behind", new ProjectViews(programme.periods()));
        database = fresh.database();
        generation = fresh.generation();
        stores = fresh.stores();
    }

    @Test
    void anActivityALaterWriterStoredIsNotPutBackByAnEarlierOne() {
        Activity recorded = recorded().activity("t-1");
        Activity retracted = recorded().apply(new ActivityRetracted(P, "t-1", "Entered twice")).activity("t-1");
        stores.activities().replaceAll(List.of(retracted), 2);

        assertThat(stores.activities().replaceAll(List.of(recorded), 1)).as("not written").isEqualTo(1);

        assertThat(stores.activities().find(P, "t-1")).get()
                .satisfies(stored -> assertThat(stored.retracted()).as("the retraction stored").isNotNull());
    }

    /**
     * The same writer writes an activity back as it stood some events before, as a batch applied again after a
     * restart does when it parks its project earlier than a run before it got; a later writer writes over it, and so
     * does any writer over a document written before documents named their writer.
     */
    @Test
    void theSameWriterOrALaterOneWritesOverAnActivityAsItStandsForThem() {
        Activity recorded = recorded().activity("t-1");
        Activity retracted = recorded().apply(new ActivityRetracted(P, "t-1", "Entered twice")).activity("t-1");
        stores.activities().replaceAll(List.of(retracted), 2);

        assertThat(stores.activities().replaceAll(List.of(recorded), 2)).isZero();
        assertThat(stores.activities().find(P, "t-1")).get().isEqualTo(recorded);
        assertThat(stores.activities().replaceAll(List.of(retracted), 3)).isZero();
        assertThat(stores.activities().find(P, "t-1")).get().isEqualTo(retracted);

        database.getCollection(generation.collection(Activities.NAME)).updateMany(Filters.empty(),
                Updates.unset(Writes.WRITER));
        assertThat(stores.activities().replaceAll(List.of(recorded), 1)).isZero();
        assertThat(stores.activities().find(P, "t-1")).get().isEqualTo(recorded);
    }

    @Test
    void aMeasurementALaterWriterStoredIsNotPutBackByAnEarlierOne() {
        Measurement measured = measurement(measured());
        Measurement retracted = measurement(measured().apply(new MeasurementRetracted(P, "aware", "m-1", "A pilot")));
        stores.measurements().saveAll(List.of(retracted), 2);

        assertThat(stores.measurements().saveAll(List.of(measured), 1)).isEqualTo(1);
        assertThat(stores.measurements().find(P, "m-1")).get()
                .satisfies(stored -> assertThat(stored.standing()).as("standing").isFalse());

        assertThat(stores.measurements().saveAll(List.of(measured), 2)).isZero();
        assertThat(stores.measurements().find(P, "m-1")).get().isEqualTo(measured);
    }

    @Test
    void aReportALaterWriterStoredIsNotPutBackByAnEarlierOne() {
        PeriodReport submitted = new PeriodReport(P, "2024-Q3", 7, PeriodReport.SUBMITTED, 1, 0, null);
        PeriodReport returned = new PeriodReport(P, "2024-Q3", 9, PeriodReport.RETURNED, 2, 0, null);
        stores.reports().write(List.of(returned), List.of(), List.of(), 2);

        assertThat(stores.reports().write(List.of(submitted), List.of(), List.of(), 1)).isEqualTo(1);
        assertThat(stores.reports().find(P, "2024-Q3")).contains(returned);

        assertThat(stores.reports().write(List.of(submitted), List.of(), List.of(), 2)).isZero();
        assertThat(stores.reports().find(P, "2024-Q3")).contains(submitted);
    }

    private FoldedProject recorded() {
        return new FoldedProject(P, programme.periods()).apply(registered(), new TrainingDelivered(P, "t-1",
                "Budget literacy", LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(12), null, List.of(), null,
                1));
    }

    private FoldedProject measured() {
        return new FoldedProject(P, programme.periods()).apply(registered(), new IndicatorDefined(P, "aware",
                        "Citizens aware of budgeting", "percent", "measured", "latest", 10, 40, List.of(), List.of()),
                new IndicatorMeasured(P, "aware", "m-1", LocalDate.of(2024, 7, 20), 22, null, Map.of(), null));
    }

    private static Measurement measurement(FoldedProject project) {
        return project.facts().measurements().get(0);
    }

    private static ProjectRegistered registered() {
        return new ProjectRegistered(P, "org", "Org", false, "Project", null, null, null, null, List.of("Gjilan"),
                LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31));
    }
}
