package org.kronika.command.config;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.calendar.ReportingCalendar;
import org.kronika.command.calendar.api.DefineReportingPeriod;
import org.kronika.command.project.ActorMetaData;
import org.kronika.command.project.AlreadyRecorded;
import org.kronika.command.project.Programme;
import org.kronika.command.project.ProjectRuleViolation;
import org.kronika.command.project.ReportingPeriods;
import org.kronika.events.ReportingPeriodDefined;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The programme's reporting calendar: its aggregate, how projects' rules read its periods, and the quarters of the
 * programme file defined in it when the calendar is still empty.
 */
@Configuration(proxyBeanMethods = false)
public class CalendarConfig {

    private static final Logger log = LoggerFactory.getLogger(CalendarConfig.class);
    /** Who defined the periods taken from the programme file, as the history shows it. */
    static final String PROGRAMME_FILE_ACTOR = "kronika:programme-file";
    private static final String QUARTERS = ReportingCalendar.QUARTERS;

    @Bean
    public ConfigurerModule reportingCalendarAggregate() {
        return configurer -> configurer.configureAggregate(
                AggregateConfigurer.defaultConfiguration(ReportingCalendar.class));
    }

    /**
     * Read from the calendar's own stream each time, not from a cache: another instance may have defined a period
     * a moment ago. The stream holds one event per period, and only the workflow, targets and closures ask.
     */
    @Bean
    public ReportingPeriods reportingPeriods(EventStore events, KronikaCommandProperties properties) {
        String calendarId = ReportingCalendar.idOf(properties.programme());
        return () -> definitions(events, calendarId).map(ReportingCalendar::period).toList();
    }

    /**
     * The period definitions in the calendar's stream, in order. Only they are periods: whatever else the stream may
     * come to hold is passed over, not a ClassCastException refusing every period step, target and closure.
     */
    private static Stream<ReportingPeriodDefined> definitions(EventStore events, String calendarId) {
        return events.readEvents(calendarId).asStream().map(message -> message.getPayload())
                .filter(ReportingPeriodDefined.class::isInstance).map(ReportingPeriodDefined.class::cast);
    }

    /**
     * The programme file's quarters, defined once as periods of calendar {@value #QUARTERS} with reports due the
     * file's {@code daysToReport} days after each ends. Repeating this is harmless: a period already defined is left as it is.
     * A quarter the calendar refuses (its months overlap a {@value #QUARTERS} period an administrator defined under
     * another id) is left out with a warning, not a service that will not start: the read side leaves it out too
     * ({@code ProgrammeCalendar}), and the calendar defined by command is the programme's.
     */
    @Bean
    public ApplicationRunner quartersFromTheProgrammeFile(CommandGateway commands, EventStore events,
                                                          Programme programme, KronikaCommandProperties properties) {
        return args -> {
            String calendarId = ReportingCalendar.idOf(properties.programme());
            Set<String> defined = definitions(events, calendarId).map(ReportingPeriodDefined::periodId)
                    .collect(Collectors.toSet());
            MetaData actor = MetaData.with(ActorMetaData.SUBJECT, PROGRAMME_FILE_ACTOR).and(ActorMetaData.ROLE, "admin");
            int added = 0;
            for (Programme.Quarter quarter : programme.reportingPeriods()) {
                if (defined.contains(quarter.periodId())) {
                    continue;
                }
                try {
                    if (define(commands, new GenericCommandMessage<>(new DefineReportingPeriod(calendarId,
                            properties.programme(), quarter.periodId(), QUARTERS, quarter.periodId(), quarter.start(),
                            quarter.end(), quarter.end().plusDays(programme.daysToReport()), null), actor))) {
                        added++;
                    }
                } catch (ProjectRuleViolation refused) {
                    log.warn("Reporting period {} of the programme file is not defined: {}: {}", quarter.periodId(),
                            refused.field(), refused.getMessage());
                }
            }
            if (added > 0) {
                log.info("Defined {} reporting period(s) of calendar {} from the programme file", added, QUARTERS);
            }
        };
    }

    /**
     * Defines a period unless another instance starting at the same moment did: answers whether this one did. On an
     * empty store both may create the calendar's stream at once; the one that lost that race sends its command again,
     * now to a calendar that exists.
     */
    static boolean define(CommandGateway commands, CommandMessage<?> command) {
        try {
            CommandRetries.sendCreatingItsStream(commands, command);
            return true;
        } catch (AlreadyRecorded e) {
            return false;
        }
    }
}
