package org.kronika.query.projection;

import com.mongodb.client.MongoDatabase;
import org.kronika.query.activity.Activities;
import org.kronika.query.calendar.DefinedPeriods;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.portfolio.ProgrammeAggregates;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.report.PeriodReports;
import org.kronika.query.readmodel.Generations;

/** Every collection of one generation. */
record ReadModelStores(Generations generations, Generation generation, ProjectSummaries summaries,
                       Activities activities, Measurements measurements, ProjectHistory history,
                       ProgrammeAggregates programme, HeldEvents held, ParkedProjects parked,
                       DefinedPeriods periods, PeriodReports reports) {

    static ReadModelStores of(Generations generations, Generation generation, ProjectViews views) {
        MongoDatabase database = generations.database();
        ReadModelStores stores = new ReadModelStores(generations, generation,
                new ProjectSummaries(database, generation, views), new Activities(database, generation),
                new Measurements(database, generation), new ProjectHistory(database, generation),
                new ProgrammeAggregates(database, generation), new HeldEvents(database, generation),
                new ParkedProjects(database, generation), new DefinedPeriods(database, generation),
                new PeriodReports(database, generation));
        stores.summaries().declareIndexes();
        stores.history().declareIndexes();
        stores.activities().declareIndexes();
        stores.measurements().declareIndexes();
        stores.programme().declareIndexes();
        stores.reports().declareIndexes();
        stores.parked().declareIndexes();
        return stores;
    }
}
