package org.kronika.query.projection;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.GenerationState;
import org.kronika.query.readmodel.Generations;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/**
 * The operator's command line for the read models, run from the query service's jar without starting it:
 * <pre>
 * java -jar kronika-query-service-exec.jar read-models status  [--mongodb URI]
 * java -jar kronika-query-service-exec.jar read-models rebuild [--mongodb URI]
 * java -jar kronika-query-service-exec.jar read-models diff    [A [B]] [--mongodb URI]
 * java -jar kronika-query-service-exec.jar read-models drop N  [--mongodb URI]
 * </pre>
 * {@code rebuild} asks the running service to rebuild (it picks the request up within seconds); {@code diff}
 * compares two generations, by default the live one with the newest other one. Exit codes: 0 done (for
 * {@code diff}: no differences), 1 {@code diff} found differences, 2 nothing was done (a usage error, or a request
 * refused: a generation that does not exist, the live one to drop, nothing to compare, MongoDB not answering),
 * said in one line on the error stream.
 */
public final class ReadModelsCommand {

    public static final String NAME = "read-models";
    static final int DIFFERENT = 1;
    static final int NOT_DONE = 2;
    private static final String DRIVER_LOGGER = "org.mongodb.driver";
    private static final String USAGE = "usage: read-models status|rebuild|diff [A [B]]|drop N [--mongodb URI]";

    private ReadModelsCommand() {
    }

    /** What the command line refuses to do, and why, in a line for the operator. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    public static int run(List<String> args, int schemaVersion, PrintStream out, PrintStream err) {
        String uri = System.getenv().getOrDefault("KRONIKA_MONGODB_URI", "mongodb://localhost:27017/kronika");
        int at = args.indexOf("--mongodb");
        if (at >= 0 && at + 1 < args.size()) {
            uri = args.get(at + 1);
        }
        List<String> words = at >= 0 ? concat(args.subList(0, at), args.subList(Math.min(args.size(), at + 2), args.size()))
                : args;
        if (words.isEmpty()) {
            err.println(USAGE);
            return NOT_DONE;
        }
        // The driver logs every connection it opens, its metadata hundreds of characters long: not what was asked.
        Level driverLevel = quiet(DRIVER_LOGGER);
        var connection = new com.mongodb.ConnectionString(uri);
        try (MongoClient client = MongoClients.create(connection)) {
            Generations generations = new Generations(client.getDatabase(connection.getDatabase() == null ? "kronika"
                    : connection.getDatabase()), schemaVersion);
            return switch (words.get(0)) {
                case "status" -> status(generations, out);
                case "rebuild" -> {
                    generations.requestRebuild("requested from the command line");
                    out.println("Rebuild requested: the running query service starts it within a few seconds; "
                            + "follow it with 'read-models status'.");
                    yield 0;
                }
                case "diff" -> diff(generations, words.subList(1, words.size()), out);
                case "drop" -> drop(generations, words.subList(1, words.size()), out);
                default -> throw new Refused("unknown command " + words.get(0) + "; " + USAGE);
            };
        } catch (Refused e) {
            err.println("error: " + e.getMessage());
            return NOT_DONE;
        } catch (com.mongodb.MongoException e) {
            err.println("error: MongoDB at " + uri + " did not answer as expected: " + e.getMessage());
            return NOT_DONE;
        } finally {
            restore(DRIVER_LOGGER, driverLevel);
        }
    }

    /** Sets the logger to warnings and above; answers its level before, to restore. */
    private static Level quiet(String name) {
        if (LoggerFactory.getLogger(name) instanceof Logger logger) {
            Level before = logger.getLevel();
            logger.setLevel(Level.WARN);
            return before;
        }
        return null;
    }

    private static void restore(String name, Level level) {
        if (LoggerFactory.getLogger(name) instanceof Logger logger) {
            logger.setLevel(level);
        }
    }

    private static int status(Generations generations, PrintStream out) {
        Optional<Generation> live = generations.refresh();
        out.printf("%-4s %-9s %-10s %14s %12s  %s%n", "gen", "", "status", "events", "partitions", "reason");
        for (GenerationState state : generations.all()) {
            out.printf("g%-3d %-9s %-10s %,14d %12d  %s%n", state.generation().number(),
                    live.map(l -> l.number() == state.generation().number()).orElse(false) ? "(live)" : "",
                    state.status(), state.applied(), state.partitions(), state.reason());
        }
        return 0;
    }

    private static int drop(Generations generations, List<String> which, PrintStream out) {
        if (which.size() != 1) {
            throw new Refused("drop takes one generation number; " + USAGE);
        }
        Generation generation = existing(generations, which.get(0));
        if (generations.refresh().filter(live -> live.number() == generation.number()).isPresent()) {
            throw new Refused("generation " + generation.number() + " is live: queries read it; it can be dropped "
                    + "once another one is live");
        }
        generations.drop(generation);
        out.println("Dropped generation " + generation.number());
        return 0;
    }

    private static int diff(Generations generations, List<String> which, PrintStream out) {
        if (which.size() > 2) {
            throw new Refused("diff compares two generations at most; " + USAGE);
        }
        List<GenerationState> all = generations.all();
        Generation a = which.isEmpty() ? generations.refresh().orElseThrow(() -> new Refused(
                "no generation is live: name the two to compare")) : existing(generations, which.get(0));
        Generation b = which.size() > 1 ? existing(generations, which.get(1))
                : all.stream().map(GenerationState::generation).filter(g -> g.number() != a.number())
                .reduce((first, second) -> second)
                .orElseThrow(() -> new Refused("only one generation exists (g" + a.number()
                        + "): nothing to compare"));
        if (a.number() == b.number()) {
            throw new Refused("diff compares two generations: g" + a.number() + " with itself differs in nothing");
        }
        generations.state(a).ifPresent(s -> generations.state(b).ifPresent(t -> {
            if (!s.offsets().equals(t.offsets())) {
                out.println("Note: " + a.id() + " and " + b.id() + " have read the topic to different positions ("
                        + s.position() + " and " + t.position() + " records); differences may only be events one "
                        + "of them has not read yet.");
            }
        }));
        ReadModelDiff.Report report = ReadModelDiff.compare(generations, a, b, 20);
        out.print(report.describe());
        return report.differences() == 0 ? 0 : DIFFERENT;
    }

    /** The generation a word names, as a number ({@code 4}) or an id ({@code g4}), if it exists. */
    private static Generation existing(Generations generations, String word) {
        String number = word.startsWith("g") ? word.substring(1) : word;
        if (!number.matches("\\d{1,9}")) {
            throw new Refused("'" + word + "' is not a generation number (such as 4 or g4)");
        }
        Generation generation = new Generation(Integer.parseInt(number), generations.schemaVersion());
        if (generations.state(generation).isEmpty()) {
            throw new Refused("there is no generation " + generation.number() + " (of read-model schema "
                    + generations.schemaVersion() + "); 'read-models status' lists them");
        }
        return generation;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
