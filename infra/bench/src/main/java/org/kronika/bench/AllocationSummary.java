package org.kronika.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JFR recording the suite made ({@code KRONIKA_PROFILE_DIR}) and prints what a process allocated, in MB/s,
 * by thread and by the first frame of Kronika's own code on the stack; its CPU share (process and machine) and its
 * collections' pauses. Divided by the events or commands per second of the same window, these are the per-event
 * costs that a noisy machine does not blur the way it blurs latencies. Run it without building:
 * {@code java infra/bench/src/main/java/org/kronika/bench/AllocationSummary.java query-service-*.jfr [top]
 * [from to]}, with from and to as {@link ProfileSummary} takes them (UTC, {@code 10:25:05}, as the suite's log
 * prints them) to keep one phase of the run. It shares no code with that class: each runs as a single source
 * file, without building.
 */
public final class AllocationSummary {

    private AllocationSummary() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        LocalTime from = args.length > 3 ? LocalTime.parse(args[2]) : LocalTime.MIN;
        LocalTime to = args.length > 3 ? LocalTime.parse(args[3]) : LocalTime.MAX;
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> byFrame = new HashMap<>();
        long allocated = 0;
        long collections = 0;
        long pauses = 0;
        long longestPause = 0;
        double processCpu = 0;
        double machineCpu = 0;
        int cpuSamples = 0;
        Instant first = null;
        Instant last = null;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            Instant at = event.getStartTime();
            LocalTime time = LocalTime.ofInstant(at, ZoneOffset.UTC);
            if (time.isBefore(from) || time.isAfter(to)) {
                continue;
            }
            switch (event.getEventType().getName()) {
                case "jdk.ObjectAllocationSample" -> {
                    first = first == null ? at : first;
                    last = at;
                    long weight = event.getLong("weight");
                    allocated += weight;
                    String thread = event.getThread("eventThread") == null ? "?"
                            : event.getThread("eventThread").getJavaName();
                    byThread.merge(thread.replaceAll("\\d+", "#"), weight, Long::sum);
                    byFrame.merge(firstOwnFrame(event), weight, Long::sum);
                }
                case "jdk.GarbageCollection" -> {
                    long pause = event.getDuration("sumOfPauses").toMillis();
                    collections++;
                    pauses += pause;
                    longestPause = Math.max(longestPause, pause);
                }
                case "jdk.CPULoad" -> {
                    processCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                    machineCpu += event.getFloat("machineTotal");
                    cpuSamples++;
                }
                default -> {
                }
            }
        }
        double seconds = first == null ? 1 : Math.max(1, Duration.between(first, last).toMillis() / 1000.0);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf(Locale.ROOT, "%s: %.0f MB allocated in %.0f s, %.1f MB/s%n", file, allocated / 1e6, seconds,
                allocated / 1e6 / seconds);
        if (cpuSamples > 0) {
            System.out.printf(Locale.ROOT, "CPU: the process %.2f of %d cores, the machine %.0f %% busy%n",
                    processCpu / cpuSamples * cores, cores, 100 * machineCpu / cpuSamples);
        }
        System.out.printf(Locale.ROOT, "Collections: %d, pauses %d ms in all, the longest %d ms%n", collections, pauses,
                longestPause);
        print("by thread", byThread, allocated, top);
        print("by first Kronika frame", byFrame, allocated, top);
    }

    private static String firstOwnFrame(RecordedEvent event) {
        if (event.getStackTrace() != null) {
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                String type = frame.getMethod().getType().getName();
                if (type.startsWith("org.kronika.")) {
                    return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
                }
            }
        }
        return "(no Kronika frame)";
    }

    private static void print(String title, Map<String, Long> shares, long total, int top) {
        System.out.println();
        System.out.println("== " + title);
        shares.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(share -> System.out.printf(Locale.ROOT, "  %5.1f %%  %s%n",
                        100.0 * share.getValue() / Math.max(1, total), share.getKey()));
    }
}
