package org.kronika.query.projection;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.GenerationState;
import org.kronika.query.readmodel.Generations;

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
 * compares two generations, by default the live one with the newest other one, and exits 1 if they differ.
 */
public final class ReadModelsCommand {

    public static final String NAME = "read-models";

    private ReadModelsCommand() {
    }

    public static int run(List<String> args, int schemaVersion, PrintStream out) {
        String uri = System.getenv().getOrDefault("KRONIKA_MONGODB_URI", "mongodb://localhost:27017/kronika");
        int at = args.indexOf("--mongodb");
        if (at >= 0 && at + 1 < args.size()) {
            uri = args.get(at + 1);
        }
        List<String> words = at >= 0 ? concat(args.subList(0, at), args.subList(Math.min(args.size(), at + 2), args.size()))
                : args;
        if (words.isEmpty()) {
            out.println("usage: read-models status|rebuild|diff [A [B]]|drop N [--mongodb URI]");
            return 2;
        }
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
                case "drop" -> {
                    generations.drop(new Generation(Integer.parseInt(words.get(1)), schemaVersion));
                    out.println("Dropped generation " + words.get(1));
                    yield 0;
                }
                default -> {
                    out.println("Unknown command " + words.get(0) + "; use status, rebuild, diff or drop");
                    yield 2;
                }
            };
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

    private static int diff(Generations generations, List<String> which, PrintStream out) {
        List<GenerationState> all = generations.all();
        Generation live = generations.refresh().orElseThrow(() -> new IllegalStateException("No live generation"));
        Generation a = which.isEmpty() ? live : new Generation(Integer.parseInt(which.get(0)), generations.schemaVersion());
        Generation b = which.size() > 1 ? new Generation(Integer.parseInt(which.get(1)), generations.schemaVersion())
                : all.stream().map(GenerationState::generation).filter(g -> g.number() != a.number())
                .reduce((first, second) -> second)
                .orElseThrow(() -> new IllegalStateException("Only one generation exists: nothing to compare"));
        generations.state(a).ifPresent(s -> generations.state(b).ifPresent(t -> {
            if (!s.offsets().equals(t.offsets())) {
                out.println("Note: " + a.id() + " and " + b.id() + " have read the topic to different positions ("
                        + s.position() + " and " + t.position() + " records); differences may only be events one "
                        + "of them has not read yet.");
            }
        }));
        ReadModelDiff.Report report = ReadModelDiff.compare(generations, a, b, 20);
        out.print(report.describe());
        return report.differences() == 0 ? 0 : 1;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
