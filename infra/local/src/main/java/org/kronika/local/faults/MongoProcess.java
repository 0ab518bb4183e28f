package org.kronika.local.faults;

import org.kronika.infra.embedded.MongoStandIn;
import org.kronika.infra.embedded.Ports;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The MongoDB stand-in in a JVM of its own, so it can be frozen (SIGSTOP) and thawed (SIGCONT) with what it holds:
 * a stopped and restarted stand-in would come back empty, as its backend is memory.
 */
public final class MongoProcess implements AutoCloseable {

    private final int port;
    private final Process process;

    private MongoProcess(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    public static MongoProcess start(Path logDirectory) throws IOException, InterruptedException {
        int port = Ports.free();
        Path logFile = logDirectory.resolve("mongo-stand-in.log");
        MongoProcess mongo = new MongoProcess(port, ChildJvm.start(MongoStandIn.class.getName(),
                List.of(Integer.toString(port)), logFile, "2g"));
        try {
            mongo.awaitListening(Duration.ofSeconds(60));
        } catch (InterruptedException | RuntimeException e) {
            // Its main never returns: not listening, it would run on past the test, holding two gigabytes.
            mongo.process.destroyForcibly();
            if (e instanceof IllegalStateException) {
                throw new IllegalStateException(e.getMessage() + "; see " + logFile, e);
            }
            throw e;
        }
        return mongo;
    }

    public String connectionString(String database) {
        return "mongodb://localhost:" + port + "/" + database;
    }

    /** SIGSTOP: connections stay open and nothing is answered, as a store that hangs or a network that drops. */
    public void pause() throws IOException, InterruptedException {
        ChildJvm.signal(process, "STOP");
    }

    public void resume() throws IOException, InterruptedException {
        ChildJvm.signal(process, "CONT");
    }

    public long pid() {
        return process.pid();
    }

    private void awaitListening(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The MongoDB stand-in exited with " + process.exitValue());
            }
            try (Socket ignored = new Socket("localhost", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("The MongoDB stand-in is not listening after " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() {
        try {
            resume();
        } catch (IOException | InterruptedException | IllegalStateException ignored) {
            // it was not paused, or is gone
        }
        process.destroy();
    }
}
