package org.kronika.infra.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one process), running in this JVM.
 *
 * <p>Unlike Spring Kafka's test broker it keeps its log directory and its port across {@link #stop()} and
 * {@link #start()}, so a test can take Kafka away and bring the very same broker, with the same data, back.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private final Path dataDirectory;
    private final boolean temporary;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private KafkaBroker(Path dataDirectory, boolean temporary, int port, int controllerPort) {
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** A broker on {@code port} (0 picks a free one) whose log lives in a temporary directory removed on close. */
    public static KafkaBroker temporary(int port) {
        return new KafkaBroker(TemporaryDirectory.create("kronika-kafka").path(), true,
                port == 0 ? Ports.free() : port, Ports.free());
    }

    /** A broker on {@code port} (0 picks a free one) keeping its log in {@code dataDirectory}. Not started yet. */
    public static KafkaBroker at(Path dataDirectory, int port) {
        return at(dataDirectory, port, 0);
    }

    /** The same, its controller on {@code controllerPort}: a broker started again must find its quorum where it was. */
    public static KafkaBroker at(Path dataDirectory, int port, int controllerPort) {
        return new KafkaBroker(dataDirectory, false, port == 0 ? Ports.free() : port,
                controllerPort == 0 ? Ports.free() : controllerPort);
    }

    /**
     * The broker as a process of its own, for tests that kill it outright: {@code <data directory> <port>
     * <controller port>}. Prints {@code KAFKA READY} once it serves.
     */
    public static void main(String[] args) throws InterruptedException {
        KafkaBroker broker = at(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2])).start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
        System.out.println("KAFKA READY " + broker.bootstrapServers());
        Thread.currentThread().join();
    }

    public int controllerPort() {
        return controllerPort;
    }

    public synchronized KafkaBroker start() {
        if (server != null) {
            return this;
        }
        Properties properties = properties();
        formatStorageOnce(properties);
        long started = System.nanoTime();
        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        try {
            starting.startup();
        } catch (RuntimeException e) {
            // Half started (the controller first, then the broker's listener): shut down, or its ports stay bound and
            // a later start would take the broker for running.
            try {
                starting.shutdown();
                starting.awaitShutdown();
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            throw new IllegalStateException("Kafka did not start on port " + port + " (controller port "
                    + controllerPort + ", log in " + dataDirectory + "): " + e.getMessage(), e);
        }
        server = starting;
        log.info("Kafka broker (KRaft) listening on {} after {} ms", bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Kafka broker on {} stopped", bootstrapServers());
    }

    public boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Where the broker keeps its log. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the broker; a {@linkplain #temporary(int) temporary} one's log is removed too. */
    @Override
    public void close() {
        stop();
        if (temporary) {
            TemporaryDirectory.delete(dataDirectory);
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDirectory.resolve("logs").toString());
        p.put("num.partitions", "1");
        // Topics are created explicitly with their retention; an auto-created topic would get the broker's default.
        p.put("auto.create.topics.enable", "false");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", "1");
        p.put("controller.quorum.election.timeout.ms", "1000");
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", "3000");
        // A quorum that never forms fails the start, rather than leave it waiting for good.
        p.put("server.max.startup.time.ms", "120000");
        return p;
    }

    /** KRaft refuses to start on an unformatted directory; formatting an already formatted one must not happen. */
    private void formatStorageOnce(Properties properties) {
        Path logs = dataDirectory.resolve("logs");
        if (Files.exists(logs.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logs);
            Path config = dataDirectory.resolve("server.properties");
            try (var out = Files.newOutputStream(config)) {
                properties.store(out, "Kronika embedded Kafka broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString(), "--ignore-formatted"}, new PrintStream(output, true, StandardCharsets.UTF_8));
            if (exit != 0) {
                throw new IllegalStateException("Formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot prepare Kafka storage in " + dataDirectory, e);
        }
    }
}
