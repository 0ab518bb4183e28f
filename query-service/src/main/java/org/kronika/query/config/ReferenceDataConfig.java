package org.kronika.query.config;

import org.kronika.query.projection.ReportingPeriods;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;

import java.io.IOException;

/** The programme's reference data the query side needs, read once: its reporting periods. */
@Configuration(proxyBeanMethods = false)
public class ReferenceDataConfig {

    @Bean
    public ReportingPeriods reportingPeriods(
            @Value("${kronika.programme-file:classpath:org/kronika/events/programme.json}") Resource programme)
            throws IOException {
        return ReportingPeriods.read(programme.getInputStream());
    }
}
