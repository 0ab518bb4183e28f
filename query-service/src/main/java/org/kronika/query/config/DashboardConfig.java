package org.kronika.query.config;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.kronika.query.dashboard.live.ProjectWatch;
import org.kronika.query.dashboard.live.VisitFlashMaps;
import org.kronika.query.history.RecentVerdicts;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMapManager;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** What tells open project pages of new events, and what keeps their chain verdicts between them. */
@Configuration(proxyBeanMethods = false)
public class DashboardConfig {

    @Bean(destroyMethod = "close")
    public ProjectWatch projectWatch(Generations generations, ProjectViews views, MeterRegistry meters,
                                     @Value("${kronika.dashboard.live-period:PT1S}") Duration period,
                                     @Value("${kronika.dashboard.live-heartbeat:PT15S}") Duration heartbeat,
                                     @Value("${kronika.dashboard.live-streams-per-session:5}") int perSession,
                                     @Value("${kronika.dashboard.live-streams-per-person:20}") int perPerson,
                                     @Value("${kronika.dashboard.live-streams-max:0}") int perInstance,
                                     @Value("${kronika.dashboard.live-write-threads:8}") int writeThreads) {
        ProjectWatch watch = new ProjectWatch(liveVersions(generations, views), period, heartbeat,
                new ProjectWatch.Bounds(perSession, perPerson, perInstance > 0 ? perInstance
                        : ProjectWatch.Bounds.perInstanceOf(Runtime.getRuntime().maxMemory()), writeThreads));
        Gauge.builder("kronika.dashboard.live.streams", watch, ProjectWatch::watched)
                .description("Dashboard pages following their project's new events").register(meters);
        FunctionCounter.builder("kronika.dashboard.live.refused", watch, ProjectWatch::refused)
                .description("Live streams refused (503), this instance having its most open").register(meters);
        FunctionCounter.builder("kronika.dashboard.live.replaced", watch, ProjectWatch::replaced)
                .description("Live streams ended for a newer one of the same session or person").register(meters);
        return watch;
    }

    /** A review's outcome for the page the officer lands on, not for the live refresh of the page they left. */
    @Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
    public FlashMapManager flashMapManager() {
        return new VisitFlashMaps();
    }

    /**
     * Project pages' chain verdicts, carried forward event by event and checked whole again in the background after
     * {@code recheck}; closing it stops that check's thread with the context.
     */
    @Bean(destroyMethod = "close")
    public RecentVerdicts recentVerdicts(Clock clock,
                                         @Value("${kronika.dashboard.chain-recheck:PT10M}") Duration recheck) {
        return new RecentVerdicts(clock, recheck);
    }

    /** The live read models' versions of the projects watched, all in one read on the watcher's single thread. */
    static Function<Set<String>, Map<String, Long>> liveVersions(Generations generations, ProjectViews views) {
        return ids -> generations.live()
                .map(live -> new ProjectSummaries(generations.database(), live, views).versions(ids))
                .orElse(Map.of());
    }
}
