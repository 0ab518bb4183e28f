package org.kronika.local.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * A main class of this program's own class path, started in a JVM of its own: an infrastructure component that a
 * fault must be able to kill or freeze without taking the test or the soak with it.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    static Process start(String mainClass, List<String> arguments, Path log, String heap) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
        String classPath = System.getProperty("java.class.path");
        if (isSpringBootJar(classPath)) {
            // An executable jar with the properties launcher (the benchmark jar) starts any of its main classes.
            command.addAll(List.of("-Dloader.main=" + mainClass, "-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, mainClass));
        }
        command.addAll(arguments);
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** SIGSTOP or SIGCONT: the process stops answering, or answers again, without knowing. */
    static void signal(Process process, String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " exited with " + exit);
        }
    }

    private static boolean isSpringBootJar(String classPath) {
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            var manifest = jar.getManifest();
            return manifest != null && String.valueOf(manifest.getMainAttributes().getValue("Main-Class"))
                    .contains("PropertiesLauncher");
        } catch (IOException e) {
            return false;
        }
    }
}
