package org.kronika.local.faults;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.kronika.infra.embedded.KafkaBroker;
import org.kronika.infra.embedded.Ports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Kafka broker (KRaft) in a JVM of its own, on fixed ports and one log directory, so it can be stopped,
 * killed with SIGKILL in the middle of a write, and started again as the same broker with the same data.
 */
public final class KafkaProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaProcess.class);

    private final Path dataDirectory;
    private final Path logFile;
    private final int port = Ports.free();
    private final int controllerPort = Ports.free();
    private Process process;

    private KafkaProcess(Path dataDirectory, Path logFile) {
        this.dataDirectory = dataDirectory;
        this.logFile = logFile;
    }

    public static KafkaProcess start(Path dataDirectory, Path logDirectory) throws IOException, InterruptedException {
        KafkaProcess kafka = new KafkaProcess(dataDirectory, logDirectory.resolve("kafka.log"));
        kafka.start();
        return kafka;
    }

    /** Starts the broker (again), and returns once it answers. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        process = ChildJvm.start(KafkaBroker.class.getName(), List.of(dataDirectory.toString(), Integer.toString(port),
                Integer.toString(controllerPort)), logFile, "512m");
        try {
            awaitAnswering(Duration.ofSeconds(120));
        } catch (InterruptedException | RuntimeException e) {
            // Its main never returns: not answering, it would run on past the test, holding half a gigabyte.
            process.destroyForcibly();
            throw e;
        }
        log.info("Kafka broker (process {}) answering on {}", process.pid(), bootstrapServers());
    }

    /** SIGTERM: the broker shuts down cleanly, as for maintenance. */
    public synchronized void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        log.info("Kafka broker stopped");
    }

    /** SIGKILL: the broker dies wherever it is, with writes and acknowledgements half done. */
    public synchronized void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        log.info("Kafka broker killed");
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitAnswering(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Kafka exited with " + process.exitValue() + "; see " + logFile);
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    // keep waiting
                }
            }
        }
        throw new IllegalStateException("Kafka not answering after " + timeout.toSeconds() + " s; see " + logFile);
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            try {
                stop();
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
