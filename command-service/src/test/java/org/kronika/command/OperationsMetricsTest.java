package org.kronika.command;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.junit.jupiter.api.Test;
import org.kronika.command.calendar.CalendarHorizon;
import org.kronika.command.project.Programme;
import org.kronika.command.project.ReportingPeriods;
import org.kronika.command.publishing.ProjectEventPublisher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The figures an operator alerts on, read exactly as Prometheus reads them: from {@code /actuator/prometheus}.
 */
class OperationsMetricsTest extends IntegrationTest {

    @Autowired
    private org.springframework.boot.actuate.health.HttpCodeStatusMapper statusMapper;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    ReportingPeriods periods;

    @Autowired
    Programme programme;

    @Autowired
    Clock clock;

    @Test
    void commandsAreCountedAndTimedByCommandOutcomeAndReasonOfTheRejection() {
        double accepted = sample("kronika_commands_seconds_count", "command=\"register-project\"", "outcome=\"accepted\"");
        double ruleViolated = sample("kronika_commands_seconds_count", "command=\"record-activity\"",
                "reason=\"project-rule-violated\"");
        double unauthorized = sample("kronika_commands_seconds_count", "command=\"record-activity\"",
                "reason=\"unauthorized\"");

        String projectId = registerProject();
        var future = http.postForEntity("/api/projects/{id}/activities/training-delivered", training("2999-01-01"),
                String.class, projectId);
        assertThat(future.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        HttpHeaders anonymous = new HttpHeaders();
        anonymous.setContentType(MediaType.APPLICATION_JSON);
        anonymous.set(HttpHeaders.AUTHORIZATION, "Bearer not-a-token");
        var refused = http.postForEntity("/api/projects/{id}/activities/training-delivered",
                new HttpEntity<>(training("2024-03-12"), anonymous), String.class, projectId);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        assertThat(sample("kronika_commands_seconds_count", "command=\"register-project\"", "outcome=\"accepted\""))
                .isEqualTo(accepted + 1);
        assertThat(sample("kronika_commands_seconds_count", "command=\"record-activity\"",
                "reason=\"project-rule-violated\"")).isEqualTo(ruleViolated + 1);
        assertThat(sample("kronika_commands_seconds_count", "command=\"record-activity\"", "reason=\"unauthorized\""))
                .isEqualTo(unauthorized + 1);
        // The latency histogram: every command falls at or below the last bucket.
        assertThat(sample("kronika_commands_seconds_bucket", "command=\"register-project\"",
                "outcome=\"accepted\"", "le=\"+Inf\"")).isEqualTo(accepted + 1);
    }

    /** Every command has its own name, the programme's reporting periods too; none is left to "other". */
    @Test
    void periodAndMeasurementCommandsAndTheDefinitionOfReportingPeriodsAreCountedUnderTheirOwnNames() {
        Map<String, String> commands = Map.of(
                "submit-period", "/api/projects/p-1/periods/2024-Q1/submissions",
                "return-period", "/api/projects/p-1/periods/2024-Q1/returns",
                "approve-period", "/api/projects/p-1/periods/2024-Q1/approvals",
                "reopen-period", "/api/projects/p-1/periods/2024-Q1/reopenings",
                "close-project", "/api/projects/p-1/closures",
                "reopen-project", "/api/projects/p-1/reopenings",
                "define-reporting-period", "/api/programme/reporting-periods",
                "correct-measurement", "/api/projects/p-1/indicators/aware/measurements/m-1/corrections",
                "retract-measurement", "/api/projects/p-1/indicators/aware/measurements/m-1/retractions");
        HttpHeaders refusedToken = new HttpHeaders();
        refusedToken.setContentType(MediaType.APPLICATION_JSON);
        refusedToken.set(HttpHeaders.AUTHORIZATION, "Bearer not-a-token");

        commands.forEach((command, path) -> {
            double before = sample("kronika_commands_seconds_count", "command=\"" + command + "\"",
                    "reason=\"unauthorized\"");
            assertThat(http.postForEntity(path, new HttpEntity<>("{}", refusedToken), String.class).getStatusCode())
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(sample("kronika_commands_seconds_count", "command=\"" + command + "\"",
                    "reason=\"unauthorized\"")).as(path).isEqualTo(before + 1);
        });
    }

    /** A command is timed by kronika.commands alone; Spring's http.server.requests still times every other request. */
    @Test
    void commandsAreTimedOnceAndOtherRequestsBySpring() {
        double programme = sample("http_server_requests_seconds_count", "method=\"GET\"", "uri=\"/api/programme\"",
                "status=\"200\"");
        registerProject();
        assertThat(http.getForEntity("/api/programme", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        assertThat(sample("http_server_requests_seconds_count", "method=\"GET\"", "uri=\"/api/programme\"",
                "status=\"200\"")).isEqualTo(programme + 1);
        String scrape = http.getForObject("/actuator/prometheus", String.class);
        assertThat(scrape).contains("kronika_commands_seconds_count{command=\"register-project\"");
        assertThat(scrape.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{")))
                .isNotEmpty()
                .noneMatch(l -> l.contains("method=\"POST\"") && l.contains("uri=\"/api/projects"));
    }

    /**
     * Publishing is stopped, so the events recorded meanwhile are the lag, and their age grows; once it runs
     * again, both figures go back to nothing.
     */
    @Test
    void publishLagCountsTheStoredEventsNotYetPublishedAndTheAgeOfTheOldest() {
        await().atMost(Duration.ofSeconds(60)).until(() -> sample("kronika_publisher_lag_events") == 0);
        assertThat(sample("kronika_publisher_lag_seconds")).isZero();
        assertThat(sample("kronika_publisher_position")).isEqualTo(sample("kronika_eventstore_head"));

        EventProcessor publisher = processing.eventProcessor(ProjectEventPublisher.PROCESSING_GROUP).orElseThrow();
        publisher.shutDown();
        try {
            String projectId = registerProject();
            http.postForEntity("/api/projects/{id}/activities/training-delivered", training("2024-03-12"), Map.class,
                    projectId);
            await().atMost(Duration.ofSeconds(5)).until(() -> sample("kronika_publisher_lag_events") == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> sample("kronika_publisher_lag_seconds") >= 1.5);
            assertThat(sample("kronika_eventstore_head") - sample("kronika_publisher_position")).isEqualTo(2);
        } finally {
            publisher.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sample("kronika_publisher_lag_events") == 0);
        assertThat(sample("kronika_publisher_lag_seconds")).isZero();
    }

    /** Naming DEGRADED alone in the mapping once dropped Spring's 503 for DOWN: a monitor read a DOWN instance as 200. */
    @Test
    void aMonitorReadingOnlyTheHttpCodeSeesDownAndOutOfServiceAs503AndDegradedAs200() {
        assertThat(statusMapper.getStatusCode(org.springframework.boot.actuate.health.Status.DOWN)).isEqualTo(503);
        assertThat(statusMapper.getStatusCode(org.springframework.boot.actuate.health.Status.OUT_OF_SERVICE))
                .isEqualTo(503);
        assertThat(statusMapper.getStatusCode(new org.springframework.boot.actuate.health.Status("DEGRADED")))
                .isEqualTo(200);
        assertThat(statusMapper.getStatusCode(org.springframework.boot.actuate.health.Status.UP)).isEqualTo(200);
    }

    @Test
    void theHealthStatusIsAMetricWithOneSeriesPerStatus() {
        String status = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                http.getForObject("/actuator/health", Map.class)).path("status").asText();
        assertThat(sample("kronika_health", "status=\"" + status + "\"")).isEqualTo(1);
        assertThat(List.of("UP", "DEGRADED", "DOWN", "OUT_OF_SERVICE", "UNKNOWN"))
                .filteredOn(other -> !other.equals(status))
                .allSatisfy(other -> assertThat(sample("kronika_health", "status=\"" + other + "\"")).isZero());
    }

    /**
     * The reporting calendar's reach, from the programme's today: a further period defined through the API counts at
     * once, whichever instance defined it (the calendar's stream is read at each scrape). The quarters are the
     * test's own, in 2100, beyond any other test's; its today is 31 March 2100 in Tirana, still the 30th in UTC.
     */
    @Test
    void theDaysDefinedAheadRunFromTheProgrammesTodayToTheLastDayTheQuartersHoldWithoutAGap() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CalendarHorizon horizon = new CalendarHorizon(periods,
                programme.clock(Clock.fixed(Instant.parse("2100-03-30T23:30:00Z"), ZoneOffset.UTC)), meters);
        var daysAhead = meters.get("kronika.calendar.days.defined.ahead").gauge();
        String calendar = "quarters";
        String ids = "horizon-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(daysAhead.value()).as("the calendar ended long before").isNegative();

        definePeriod(ids + "-q1", calendar, "2100-01-01", "2100-03-31");
        assertThat(daysAhead.value()).as("its last day, today").isEqualTo(1);

        definePeriod(ids + "-q2", calendar, "2100-04-01", "2100-06-30");
        assertThat(daysAhead.value()).isEqualTo(1 + 30 + 31 + 30);
        assertThat(http.postForEntity("/api/programme/reporting-periods", period(ids + "-q2", calendar,
                "2100-04-01", "2100-06-30"), String.class).getStatusCode())
                .as("the runbook's request sent again").isEqualTo(HttpStatus.CONFLICT);
        assertThat(horizon.lastPeriod()).isEqualTo(
                new CalendarHorizon.LastPeriod(ids + "-q2", calendar, LocalDate.parse("2100-06-30")));

        // Today, the quarters hold the days up to a gap well before 2100: the service's gauge counts to it.
        CalendarHorizon onItsClock = new CalendarHorizon(periods, clock, new SimpleMeterRegistry());
        double before = onItsClock.daysAhead(onItsClock.lastPeriod());
        double scraped = sample("kronika_calendar_days_defined_ahead", "service=\"command-service\"");
        assertThat(scraped).as("the service's own gauge, on its clock").isIn(before,
                (double) onItsClock.daysAhead(onItsClock.lastPeriod()));
        assertThat(onItsClock.lastPeriod().end()).isBefore(LocalDate.parse("2100-01-01"));
    }

    private void definePeriod(String periodId, String calendar, String start, String end) {
        assertThat(http.postForEntity("/api/programme/reporting-periods", period(periodId, calendar, start, end),
                String.class).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    }

    private static Map<String, String> period(String periodId, String calendar, String start, String end) {
        return Map.of("periodId", periodId, "calendar", calendar, "name", periodId, "start", start, "end", end,
                "dueDate", end);
    }

    /**
     * The metrics table of docs/operations.md, as an operator reads it: each family it names for the command service
     * has series in the scrape (once the service has published, as the Kafka producer's appear only then).
     */
    @Test
    void everyMetricFamilyTheGuideNamesForTheCommandServiceIsExported() throws Exception {
        registerProject();
        await().atMost(Duration.ofSeconds(60)).until(() -> sample("kronika_publisher_lag_events") == 0);
        List<String> rows = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../docs/operations.md")).stream()
                .dropWhile(line -> !line.startsWith("| Metric | Service |")).skip(2)
                .takeWhile(line -> line.startsWith("|")).toList();
        Pattern family = Pattern.compile("`([a-z][a-zA-Z0-9]*(?:\\.[a-zA-Z0-9*]+)+)`");
        List<String> documented = new java.util.ArrayList<>();
        for (String row : rows) {
            String[] cells = row.split("\\|");
            if (cells[2].contains("command-service") || cells[2].trim().equals("both")) {
                Matcher names = family.matcher(cells[1]);
                while (names.find()) {
                    documented.add(names.group(1).replace(".*", "_").replace('.', '_'));
                }
            }
        }
        assertThat(documented).contains("kronika_commands", "kafka_producer_", "kronika_health");

        String scrape = http.getForObject("/actuator/prometheus", String.class);
        assertThat(documented).allSatisfy(prefix -> assertThat(scrape.lines().filter(line -> line.startsWith(prefix)))
                .as("series of %s", prefix).isNotEmpty());
    }

    /** The value of the one series of {@code metric} whose labels include all of {@code labels}. */
    private double sample(String metric, String... labels) {
        String scrape = http.getForObject("/actuator/prometheus", String.class);
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(scrape);
        List<Double> values = new java.util.ArrayList<>();
        while (matcher.find()) {
            String found = matcher.group(1) == null ? "" : matcher.group(1);
            if (List.of(labels).stream().allMatch(found::contains)) {
                values.add(Double.parseDouble(matcher.group(2)));
            }
        }
        assertThat(values).as("series of %s with %s", metric, List.of(labels)).hasSizeLessThanOrEqualTo(1);
        if (values.isEmpty()) {
            // A counter that never counted has no series yet; a gauge always has one.
            assertThat(metric).as("no series of %s in %s", metric, scrape).endsWith("_count");
            return 0;
        }
        return values.get(0);
    }

    private String registerProject() {
        String projectId = "metrics-" + UUID.randomUUID();
        var response = http.postForEntity("/api/projects", Map.of("projectId", projectId, "organisationId", "komf",
                "organisation", "KOMF", "title", "Monitoring the Law on Child Protection",
                "municipalities", List.of("Prishtinë", "Gjilan"), "startDate", "2024-01-01", "endDate", "2024-12-31"),
                Map.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return projectId;
    }

    private static Map<String, Object> training(String occurredOn) {
        return Map.of("title", "Case management", "occurredOn", occurredOn, "municipality", "Gjilan", "sessions", 1,
                "participants", Map.of("total", 3, "bySex", Map.of("female", 2, "male", 1)));
    }
}
