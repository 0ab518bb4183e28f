package org.kronika.command.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code kronika.commands}: every command sent over HTTP, timed from the first filter to the answer, tagged with
 * the command, its outcome ({@code accepted}, {@code rejected} for a 4xx answer, {@code failed} for a 5xx) and,
 * for a rejection, the reason: the problem's title as a slug ({@code project-rule-violated}, {@code conflict},
 * ...). It runs before authentication so that refused tokens count too; answers written by a filter carry no
 * title this class can see, so their reason is the status's own phrase ({@code unauthorized}, {@code forbidden}).
 *
 * <p>Tags stay bounded: the command is one of the API's eighteen operations (the path's ids are not tags), and the
 * reasons are the fixed titles of {@link Problems} and the filters.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class CommandMetrics extends OncePerRequestFilter {

    public static final String METRIC = "kronika.commands";
    private static final String PROBLEM_TITLE = CommandMetrics.class.getName() + ".problem";
    /** The one command that is the programme's, not a project's. */
    private static final String REPORTING_PERIODS = "/api/programme/reporting-periods";
    private static final Map<String, Pattern> COMMANDS = commands();
    /** Buckets for the latency histogram: few, so that each command and outcome stays a handful of series. */
    private static final Duration[] SLOS = List.of(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000).stream()
            .map(Duration::ofMillis).toArray(Duration[]::new);

    private final MeterRegistry meters;
    /**
     * The timers already registered, by their tags: building and registering one per request looked the meter up
     * in the registry's map of ids and its histogram's configuration every time. Bounded as the tags are.
     */
    private final Map<List<String>, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

    public CommandMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    private static Map<String, Pattern> commands() {
        String project = "^/api/projects/[^/]+";
        // Ordered: the first pattern that matches names the command.
        var commands = new java.util.LinkedHashMap<String, Pattern>();
        commands.put("register-project", Pattern.compile("^/api/projects/?$"));
        commands.put("amend-project", Pattern.compile(project + "/amendments/?$"));
        commands.put("define-indicator", Pattern.compile(project + "/indicators/?$"));
        commands.put("redefine-indicator", Pattern.compile(project + "/indicators/[^/]+/redefinitions/?$"));
        commands.put("record-measurement", Pattern.compile(project + "/indicators/[^/]+/measurements/?$"));
        commands.put("correct-measurement",
                Pattern.compile(project + "/indicators/[^/]+/measurements/[^/]+/corrections/?$"));
        commands.put("retract-measurement",
                Pattern.compile(project + "/indicators/[^/]+/measurements/[^/]+/retractions/?$"));
        commands.put("plan-activity", Pattern.compile(project + "/planned-activities/?$"));
        commands.put("correct-activity", Pattern.compile(project + "/activities/[^/]+/corrections/?$"));
        commands.put("retract-activity", Pattern.compile(project + "/activities/[^/]+/retractions/?$"));
        commands.put("record-activity", Pattern.compile(project + "/activities/[^/]+/?$"));
        commands.put("submit-period", Pattern.compile(project + "/periods/[^/]+/submissions/?$"));
        commands.put("return-period", Pattern.compile(project + "/periods/[^/]+/returns/?$"));
        commands.put("approve-period", Pattern.compile(project + "/periods/[^/]+/approvals/?$"));
        commands.put("reopen-period", Pattern.compile(project + "/periods/[^/]+/reopenings/?$"));
        commands.put("close-project", Pattern.compile(project + "/closures/?$"));
        commands.put("reopen-project", Pattern.compile(project + "/reopenings/?$"));
        commands.put("define-reporting-period", Pattern.compile("^" + REPORTING_PERIODS + "/?$"));
        return commands;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isCommand(request);
    }

    /** A request this filter times; Spring's own {@code http.server.requests} leaves them to it (HttpObservations). */
    static boolean isCommand(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && (request.getRequestURI().startsWith("/api/projects")
                || request.getRequestURI().startsWith(REPORTING_PERIODS));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        int status = HttpStatus.INTERNAL_SERVER_ERROR.value();
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            record(request, status, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private void record(HttpServletRequest request, int status, Duration took) {
        String outcome = status < 400 ? "accepted" : status < 500 ? "rejected" : "failed";
        String reason = status < 400 ? "none" : reason(request, status);
        String command = commandOf(request.getRequestURI());
        timers.computeIfAbsent(List.of(command, outcome, reason), tags -> Timer.builder(METRIC)
                        .description("Commands received over HTTP, by command, outcome and reason of a rejection")
                        .tags("command", command, "outcome", outcome, "reason", reason)
                        .serviceLevelObjectives(SLOS)
                        .register(meters))
                .record(took);
    }

    private static String reason(HttpServletRequest request, int status) {
        Object title = request.getAttribute(PROBLEM_TITLE);
        HttpStatus known = HttpStatus.resolve(status);
        return slug(title != null ? title.toString() : known != null ? known.getReasonPhrase() : "status " + status);
    }

    static String commandOf(String path) {
        return COMMANDS.entrySet().stream().filter(e -> e.getValue().matcher(path).matches())
                .map(Map.Entry::getKey).findFirst().orElse("other");
    }

    static String slug(String title) {
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "unknown" : slug;
    }

    /** Notes the title of every problem the API answers with, for {@link CommandMetrics} to tag it by. */
    @ControllerAdvice
    static class ProblemTitles implements ResponseBodyAdvice<Object> {

        @Override
        public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
            return true;
        }

        @Override
        public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                      Class<? extends HttpMessageConverter<?>> converterType,
                                      ServerHttpRequest request, ServerHttpResponse response) {
            if (body instanceof ProblemDetail problem && problem.getTitle() != null
                    && request instanceof ServletServerHttpRequest servlet) {
                servlet.getServletRequest().setAttribute(PROBLEM_TITLE, problem.getTitle());
            }
            return body;
        }
    }
}
