package org.kronika.command.web;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Commands are timed once, by {@code kronika.commands} ({@link CommandMetrics}: by command, outcome and reason, which
 * the dashboards and alerts read). Spring's {@code http.server.requests} timed every command a second time, with its
 * own tags looked up and a long-task timer per request; it still times every other request (reads, the admin API,
 * the actuator).
 */
@Configuration(proxyBeanMethods = false)
public class HttpObservations {

    @Bean
    public ObservationPredicate commandsTimedOnce() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && CommandMetrics.isCommand(request.getCarrier()));
    }
}
