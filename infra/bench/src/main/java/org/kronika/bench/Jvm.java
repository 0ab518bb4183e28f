package org.kronika.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Other processes: a main class of this jar started in a JVM of its own, and any process's CPU time as Linux
 * counts it.
 */
final class Jvm {

    /** The collector every JVM the suite starts uses unless told otherwise. */
    static final String G1 = "-XX:+UseG1GC";

    private Jvm() {
    }

    /**
     * Starts {@code mainClass} of the benchmark jar in its own JVM, its output to {@code log} and its collector's
     * pauses, with wall-clock times, beside it ({@code <log>.gc}): a stall in a measurement can then be matched with
     * the process that paused.
     */
    static Process start(String mainClass, List<String> arguments, Path log, String heap) throws IOException {
        return start(mainClass, arguments, log, heap, G1);
    }

    /** As above, with {@code collector}'s options (whitespace-separated) instead of G1's. */
    static Process start(String mainClass, List<String> arguments, Path log, String heap, String collector)
            throws IOException {
        String jar = System.getProperty("java.class.path");
        if (!jar.endsWith(".jar") || jar.contains(java.io.File.pathSeparator)) {
            throw new IllegalStateException("Run the suite as java -jar infra/bench/target/kronika-bench-*-exec.jar");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        command.addAll(List.of(collector.trim().split("\\s+")));
        // As the services (KRONIKA_PROFILE_DIR): the stand-in's CPU is half of a rebuild's, so it is profiled too.
        String profiles = System.getenv("KRONIKA_PROFILE_DIR");
        if (profiles != null && !profiles.isBlank()) {
            Files.createDirectories(Path.of(profiles));
            String name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
            command.add("-XX:StartFlightRecording=filename=" + Path.of(profiles, name + "-" + System.currentTimeMillis()
                    + ".jfr").toAbsolutePath() + ",settings=profile,dumponexit=true");
            command.add("-XX:FlightRecorderOptions=stackdepth=256");
        }
        command.addAll(List.of("-Xlog:gc:file=" + log + ".gc:time,uptime", "-Dloader.main=" + mainClass, "-jar", jar));
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** User plus system CPU seconds a process has used so far (Linux {@code /proc/<pid>/stat}). */
    static double cpuSeconds(long pid) {
        try {
            String[] fields = fields(pid);
            return fields == null ? Double.NaN : ownTicks(fields) / 100.0;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds the JIT compiler threads of a JVM have used so far (Linux {@code /proc/<pid>/task}). Only threads
     * alive now count: HotSpot stops idle compiler threads, so a difference taken over a window can come out a little
     * short, never long.
     */
    static double compilerCpuSeconds(long pid) {
        try (var threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
            long ticks = 0;
            for (Path thread : threads.toList()) {
                try {
                    String name = Files.readString(thread.resolve("comm")).strip();
                    String[] fields = name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")
                            ? fields(thread.resolve("stat")) : null;
                    ticks += fields == null ? 0 : ownTicks(fields);
                } catch (IOException ended) {
                    // the thread ended while being read
                }
            }
            return ticks / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds of a process and all its children, live ones and those already reaped (PostgreSQL runs a process
     * per connection and background workers under its postmaster).
     */
    static double treeCpuSeconds(long pid) {
        try (var processes = Files.list(Path.of("/proc"))) {
            double total = ticks(pid, true) / 100.0;
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String[] fields = fields(Long.parseLong(process.getFileName().toString()));
                if (fields != null && Long.parseLong(fields[1]) == pid) {
                    total += ticks(Long.parseLong(process.getFileName().toString()), true) / 100.0;
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        String[] fields = fields(pid);
        if (fields == null) {
            return 0;
        }
        long own = ownTicks(fields);
        return withReapedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    }

    /** {@code /proc/<pid>/stat} after the command name: state, ppid, ... (null if the process is gone). */
    private static String[] fields(long pid) {
        return fields(Path.of("/proc/" + pid + "/stat"));
    }

    /** A process's or thread's {@code stat} after the command name (null if it is gone). */
    private static String[] fields(Path stat) {
        try {
            String line = Files.readString(stat);
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return null;
        }
    }

    /** User plus system ticks: after the command name, utime is field 14 and stime field 15 of {@code stat}. */
    private static long ownTicks(String[] fields) {
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static double cpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }
}
