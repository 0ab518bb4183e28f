package org.kronika.query.config;

import org.kronika.query.dashboard.live.ProjectWatch;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.readmodel.Generations;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** What tells open project pages of new events. */
@Configuration(proxyBeanMethods = false)
public class DashboardConfig {

    @Bean(destroyMethod = "close")
    public ProjectWatch projectWatch(Generations generations, ProjectViews views,
                                     @Value("${kronika.dashboard.live-period:PT1S}") Duration period) {
        return new ProjectWatch(ids -> {
            Map<String, Long> versions = new HashMap<>();
            generations.live().ifPresent(live -> {
                ProjectSummaries summaries = new ProjectSummaries(generations.database(), live, views);
                for (String id : ids) {
                    summaries.entry(id).map(ProjectListEntry::version).ifPresent(v -> versions.put(id, v));
                }
            });
            return versions;
        }, period);
    }
}
