package org.kronika.local.faults;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Clients recording trainings, as a careful client does: every command carries an Idempotency-Key (also its
 * correlation id, so its events can be found), no {@code activityId} (a command run twice would be recorded twice),
 * and one without a definitive answer is sent again with the same key. Each outcome goes to a {@link Ledger}.
 */
public final class CommandLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String commandUrl;
    private final Supplier<String> recorderToken;
    private final List<String> projects;
    private final Ledger ledger;
    private final String prefix;
    private final AtomicLong next = new AtomicLong();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    /**
     * @param recorderToken asked for at each command, so a run longer than a token lives sends a fresh one
     * @param projects      projects of organisation {@code kec}, each with the indicator {@code reached}
     */
    public CommandLoad(String commandUrl, Supplier<String> recorderToken, List<String> projects, Ledger ledger,
                       String prefix) {
        this.commandUrl = commandUrl;
        this.recorderToken = recorderToken;
        this.projects = List.copyOf(projects);
        this.ledger = ledger;
        this.prefix = prefix;
    }

    /** Starts {@code count} writers, each sending its next command {@code pace} after the last was answered. */
    public synchronized CommandLoad start(int count, Duration pace) {
        running = true;
        for (int w = 0; w < count; w++) {
            Thread writer = new Thread(() -> {
                while (running) {
                    send(next());
                    LockSupport.parkNanos(pace.toNanos());
                }
            }, prefix + "-writer-" + w);
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
        return this;
    }

    public synchronized void stop() throws InterruptedException {
        running = false;
        for (Thread writer : writers) {
            writer.join(30_000);
        }
        writers.clear();
    }

    /** A new command, not sent yet. */
    public Ledger.Command next() {
        long n = next.getAndIncrement();
        return ledger.add(prefix + "-" + n, projects.get((int) (n % projects.size())), 1 + (int) (n % 40));
    }

    /** Sends the command once and notes its answer. */
    public HttpResponse<String> send(Ledger.Command command) {
        return send(command, command.ifMatch());
    }

    public HttpResponse<String> send(Ledger.Command command, String ifMatch) {
        command.sentWith(ifMatch);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(commandUrl + "/api/projects/"
                        + command.projectId() + "/activities/training-delivered"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + recorderToken.get())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", command.id())
                .header("X-Correlation-Id", command.id())
                .POST(HttpRequest.BodyPublishers.ofString(body(command)));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            command.answered(status < 300 ? Ledger.Outcome.ACKNOWLEDGED
                    : status >= 500 || status == 409 ? Ledger.Outcome.UNANSWERED : Ledger.Outcome.REFUSED, status);
            return response;
        } catch (IOException e) {
            command.answered(Ledger.Outcome.UNANSWERED, 0);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            command.answered(Ledger.Outcome.UNANSWERED, 0);
            return null;
        }
    }

    /**
     * Sends again, with the same key, every command of the ledger that has no definitive answer, until each has
     * one or {@code timeout} has passed. A command stored before its answer was lost is answered from its key.
     */
    public void settle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Ledger.Command> open = unsettled();
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            open.forEach(this::send);
            open = unsettled();
            if (!open.isEmpty()) {
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalStateException(open.size() + " commands still without an answer after "
                    + timeout.toSeconds() + " s, e.g. " + open.get(0).id() + " (" + open.get(0).status() + ")");
        }
    }

    private List<Ledger.Command> unsettled() {
        return ledger.all().stream().filter(c -> c.id().startsWith(prefix + "-"))
                .filter(c -> c.outcome() == Ledger.Outcome.UNANSWERED || c.outcome() == Ledger.Outcome.PENDING)
                .toList();
    }

    /** The version an answer names, from its {@code ETag}. */
    public static long version(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).path("version").asLong();
    }

    private static String body(Ledger.Command command) {
        int female = command.participants() / 2;
        return "{\"title\":\"Training " + command.id() + "\",\"occurredOn\":\"2024-06-01\",\"municipality\":\"Gjilan\","
                + "\"sessions\":1,\"indicatorIds\":[\"reached\"],\"participants\":{\"total\":" + command.participants()
                + ",\"bySex\":{\"female\":" + female + ",\"male\":" + (command.participants() - female) + "}}}";
    }
}
