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

    private Jvm() {
    }

    /** Starts {@code mainClass} of the benchmark jar in its own JVM, its output to {@code log}. */
    static Process start(String mainClass, List<String> arguments, Path log, String heap) throws IOException {
        String jar = System.getProperty("java.class.path");
        if (!jar.endsWith(".jar") || jar.contains(java.io.File.pathSeparator)) {
            throw new IllegalStateException("Run the suite as java -jar infra/bench/target/kronika-bench-*-exec.jar");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseG1GC", "-Dloader.main=" + mainClass, "-jar", jar));
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** User plus system CPU seconds a process has used so far (Linux {@code /proc/<pid>/stat}). */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: state is field 3, utime field 14, stime field 15.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    static double cpuSeconds() {
        return cpuSeconds(ProcessHandle.current().pid());
    }
}
