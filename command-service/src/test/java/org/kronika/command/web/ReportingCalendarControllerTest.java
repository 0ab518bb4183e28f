package org.kronika.command.web;

import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.Test;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.calendar.api.DefineReportingPeriod;
import org.kronika.command.project.api.CommandResult;

import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ReportingCalendarControllerTest {

    /**
     * Two instances define the first period of an empty calendar at once (a programme file with no quarters), and
     * both would create the calendar's stream. The one that loses sends its command again to the calendar that now
     * exists, where the period is decided like any other: it is not refused as if a project were registered twice.
     */
    @Test
    void aPeriodWhoseCalendarAnotherInstanceCreatedFirstIsDefinedInTheCalendarThatExists() {
        AtomicInteger attempts = new AtomicInteger();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(DefineReportingPeriod.class.getName(), command -> {
            if (attempts.incrementAndGet() == 1) {
                throw new AggregateStreamCreationException("the other instance created the calendar's stream");
            }
            return new CommandResult("2025-Q1", 1);
        });
        var controller = new ReportingCalendarController(DefaultCommandGateway.builder().commandBus(bus).build(),
                new KronikaCommandProperties("programme", new KronikaCommandProperties.Topic("kronika.project-events",
                        6, (short) 1), 100));

        var answer = controller.define(new ReportingPeriodRequest("2025-Q1", "quarters", "2025 Q1",
                LocalDate.parse("2025-01-01"), LocalDate.parse("2025-03-31"), LocalDate.parse("2025-04-30")), null);

        assertThat(answer.getStatusCode().value()).isEqualTo(201);
        assertThat(answer.getBody()).isEqualTo(new ReportingPeriodAnswer("programme", "2025-Q1", 1));
        assertThat(attempts).hasValue(2);
    }
}
