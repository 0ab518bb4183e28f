package org.kronika.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a JFR recording the suite made ({@code KRONIKA_PROFILE_DIR}) and prints where the CPU samples went: by
 * thread group, by the top frame (own time), by the first frame of Kronika's own code on the stack, and by library
 * or concern anywhere on the stack (inclusive, so the shares overlap). Run it on a recording without building:
 * {@code java infra/bench/src/main/java/org/kronika/bench/ProfileSummary.java command-service-*.jfr [top]
 * [focus] [from to]}: a focus (part of a method's name) adds where it is called from and where the time under it
 * goes; from and to (UTC, {@code 20:36:15}) keep only the samples of that window of the run.
 */
public final class ProfileSummary {

    /** Concerns recognised anywhere on a stack; a sample counts once per concern. */
    private static final Map<String, Pattern> CONCERNS = concerns();

    /**
     * Steps of a command's way through the service, each counted when it is anywhere on a request thread's stack:
     * the share of request samples spent in it and below it.
     */
    private static final List<String> STEPS = List.of(
            "org.springframework.security.web.FilterChainProxy.doFilter",
            "org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter.doFilterInternal",
            "org.kronika.command.web.CommandMetrics.record",
            "org.kronika.command.web.IdempotencyKeys.doFilterInternal",
            "org.springframework.web.servlet.DispatcherServlet.doDispatch",
            "org.springframework.web.servlet.DispatcherServlet.getHandler",
            "org.springframework.web.method.support.InvocableHandlerMethod.getMethodArgumentValues",
            "org.springframework.web.servlet.mvc.method.annotation.AbstractMessageConverterMethodProcessor.writeWithMessageConverters",
            "org.springframework.validation.beanvalidation.SpringValidatorAdapter.validate",
            "org.axonframework.commandhandling.gateway.DefaultCommandGateway.send",
            "org.axonframework.commandhandling.SimpleCommandBus.handle",
            "org.kronika.command.web.IdempotentCommands.handle",
            "org.axonframework.modelling.command.AbstractRepository.load",
            "org.kronika.command.config.BoundedCache.current",
            "org.axonframework.eventsourcing.EventSourcingRepository.doLoadWithLock",
            "org.axonframework.eventsourcing.eventstore.AbstractEventStore.readEvents",
            "org.axonframework.modelling.command.inspection.AnnotatedAggregate.handle",
            "org.kronika.command.project.NextLink.metaData",
            "org.axonframework.eventsourcing.eventstore.AbstractEventStorageEngine.appendEvents",
            "org.axonframework.messaging.unitofwork.AbstractUnitOfWork.commit",
            "org.springframework.jdbc.datasource.DataSourceTransactionManager.doCommit",
            "org.springframework.jdbc.datasource.DataSourceTransactionManager.doBegin",
            "com.zaxxer.hikari.HikariDataSource.getConnection",
            "org.axonframework.messaging.timeout.AxonTimeLimitedTask.start",
            "org.axonframework.micrometer.MessageTimerMonitor.onMessageIngested",
            "org.axonframework.micrometer.MessageCountingMonitor.onMessageIngested",
            "io.micrometer.observation.Observation.start",
            "org.springframework.web.filter.ServerHttpObservationFilter.doFilterInternal",
            "org.postgresql.jdbc.PgPreparedStatement.executeWithFlags",
            "org.postgresql.jdbc.PgConnection.commit");

    private ProfileSummary() {
    }

    private static Map<String, Pattern> concerns() {
        Map<String, Pattern> concerns = new LinkedHashMap<>();
        concerns.put("Spring Security filter chain", Pattern.compile("^org\\.springframework\\.security\\."));
        concerns.put("Spring MVC (DispatcherServlet)", Pattern.compile("^org\\.springframework\\.web\\.servlet\\."));
        concerns.put("bean validation", Pattern.compile("^org\\.hibernate\\.validator\\."));
        concerns.put("Jackson", Pattern.compile("^com\\.fasterxml\\.jackson\\."));
        concerns.put("Axon", Pattern.compile("^org\\.axonframework\\."));
        concerns.put("Axon event store (JDBC)", Pattern.compile("^org\\.axonframework\\.eventsourcing\\.eventstore\\.jdbc\\."));
        concerns.put("Axon serialization / upcasting", Pattern.compile("^org\\.axonframework\\.serialization\\."));
        concerns.put("Axon tracking processors", Pattern.compile("^org\\.axonframework\\.eventhandling\\.(Tracking|Pooled|pooled)"));
        concerns.put("Axon tracing", Pattern.compile("^org\\.axonframework\\.tracing\\."));
        concerns.put("Micrometer", Pattern.compile("^io\\.micrometer\\."));
        concerns.put("PostgreSQL JDBC driver", Pattern.compile("^org\\.postgresql\\."));
        concerns.put("Hikari", Pattern.compile("^com\\.zaxxer\\.hikari\\."));
        concerns.put("Spring transactions", Pattern.compile("^org\\.springframework\\.(transaction|jdbc\\.datasource)\\."));
        concerns.put("Tomcat / Coyote", Pattern.compile("^org\\.apache\\.(tomcat|coyote|catalina)\\."));
        concerns.put("Kafka client", Pattern.compile("^org\\.apache\\.kafka\\."));
        concerns.put("nimbus JOSE (tokens)", Pattern.compile("^com\\.nimbusds\\."));
        concerns.put("hash chain (EventChain)", Pattern.compile("^org\\.kronika\\.events\\.chain\\."));
        concerns.put("reflection", Pattern.compile("^(java\\.lang\\.reflect|jdk\\.internal\\.reflect)\\."));
        concerns.put("regular expressions", Pattern.compile("^java\\.util\\.regex\\."));
        concerns.put("logging", Pattern.compile("^(ch\\.qos\\.logback|org\\.slf4j)\\."));
        return concerns;
    }

    public static void main(String[] args) throws Exception {
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> own = new HashMap<>();
        Map<String, Integer> kronika = new HashMap<>();
        Map<String, Integer> concerns = new HashMap<>();
        Map<String, Integer> requestOwn = new HashMap<>();
        Map<String, Integer> paths = new HashMap<>();
        Map<String, Integer> steps = new HashMap<>();
        Map<String, Integer> below = new HashMap<>();
        String focus = args.length > 2 && !args[2].isEmpty() ? args[2] : null;
        // Optionally only the samples of a window of the run (UTC times of the day, as the suite's log prints them).
        java.time.LocalTime from = args.length > 4 ? java.time.LocalTime.parse(args[3]) : null;
        java.time.LocalTime to = args.length > 4 ? java.time.LocalTime.parse(args[4]) : null;
        int samples = 0;
        int requests = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            if (from != null) {
                java.time.LocalTime at = java.time.LocalTime.ofInstant(event.getStartTime(), java.time.ZoneOffset.UTC);
                if (at.isBefore(from) || at.isAfter(to)) {
                    continue;
                }
            }
            samples++;
            RecordedThread thread = event.getThread("sampledThread");
            String group = threadGroup(thread == null ? "?" : thread.getJavaName());
            threads.merge(group, 1, Integer::sum);
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            String topFrame = name(frames.get(0));
            if (focus != null) {
                paths(frames, focus).ifPresent(path -> paths.merge(path, 1, Integer::sum));
                below(frames, focus).ifPresent(callee -> below.merge(callee, 1, Integer::sum));
            }
            own.merge(topFrame, 1, Integer::sum);
            if (group.equals("request threads")) {
                requests++;
                requestOwn.merge(topFrame, 1, Integer::sum);
            }
            Set<String> seen = new HashSet<>();
            if (group.equals("request threads")) {
                Set<String> named = new HashSet<>();
                for (RecordedFrame frame : frames) {
                    named.add(name(frame));
                }
                STEPS.stream().filter(named::contains).forEach(step -> steps.merge(step, 1, Integer::sum));
            }
            boolean ownFound = false;
            for (RecordedFrame frame : frames) {
                String type = frame.getMethod().getType().getName();
                if (!ownFound && type.startsWith("org.kronika.")) {
                    kronika.merge(name(frame), 1, Integer::sum);
                    ownFound = true;
                }
                for (var concern : CONCERNS.entrySet()) {
                    if (!seen.contains(concern.getKey()) && concern.getValue().matcher(type).find()) {
                        seen.add(concern.getKey());
                        concerns.merge(concern.getKey(), 1, Integer::sum);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %,d execution samples%n", args[0], samples);
        print("by thread", threads, samples, top);
        print("by concern anywhere on the stack (inclusive, overlapping)", concerns, samples, top);
        print("top frames (own time), all threads", own, samples, top);
        print("top frames (own time), request threads only (" + requests + " samples)", requestOwn, samples, top);
        print("first Kronika frame on the stack (inclusive)", kronika, samples, top);
        print("steps of a command on request threads (inclusive, share of all samples)", steps, samples, STEPS.size());
        if (focus != null) {
            print("stacks through " + focus + " (the frame and 12 callers)", paths, samples, top);
            print("below " + focus + ": the top frame's class, where the time under it goes", below, samples, top);
        }
    }

    /** The class of the top frame of a stack that passes through the focus (outermost match). */
    private static java.util.Optional<String> below(List<RecordedFrame> frames, String focus) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (name(frames.get(i)).contains(focus)) {
                int depth = Math.max(0, i - 1);
                // The class nearest the focus that is not the JDK's: whose code the time is spent for.
                for (int j = 0; j < i; j++) {
                    String type = frames.get(j).getMethod().getType().getName();
                    if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                        return java.util.Optional.of(type.replaceAll("\\$.*", ""));
                    }
                }
                return java.util.Optional.of(frames.get(depth).getMethod().getType().getName());
            }
        }
        return java.util.Optional.empty();
    }

    /** The frame matching the focus, nearest the top, with its callers: where a hot method is called from. */
    private static java.util.Optional<String> paths(List<RecordedFrame> frames, String focus) {
        for (int i = 0; i < frames.size(); i++) {
            if (name(frames.get(i)).contains(focus)) {
                StringBuilder path = new StringBuilder();
                for (int j = i; j < Math.min(frames.size(), i + 13); j++) {
                    path.append("\n          <- ").append(name(frames.get(j))).append(':')
                            .append(frames.get(j).getLineNumber());
                }
                return java.util.Optional.of(path.toString());
            }
        }
        return java.util.Optional.empty();
    }

    private static String threadGroup(String name) {
        if (name.startsWith("http-nio")) {
            return "request threads";
        }
        return name.replaceAll("[-#]?\\d+$", "").replaceAll("\\d+", "N");
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println();
        System.out.println("== " + title);
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (var entry : sorted.subList(0, Math.min(top, sorted.size()))) {
            System.out.printf(Locale.ROOT, "%6.1f %%  %6d  %s%n", 100.0 * entry.getValue() / samples, entry.getValue(),
                    entry.getKey());
        }
    }
}
