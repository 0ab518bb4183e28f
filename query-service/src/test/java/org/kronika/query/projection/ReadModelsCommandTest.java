package org.kronika.query.projection;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's {@code read-models} command line on the MongoDB stand-in: what it refuses is said in one line with
 * exit code 2, never a stack trace, and never exit code 1, which {@code diff} gives for "they differ".
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadModelsCommandTest {

    private static final TopicIdentity TOPIC = new TopicIdentity("test-topic", "test-topic-id", 3);
    private static final int SCHEMA = 2;
    private String uri;
    private Generations generations;
    private Generation live;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void aLiveGeneration() {
        String database = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        uri = TestInfrastructure.mongo().connectionString(database);
        var client = com.mongodb.client.MongoClients.create(uri);
        generations = new Generations(client.getDatabase(database), SCHEMA);
        live = generations.create(TOPIC, "first build");
        generations.switchTo(live, Optional.empty());
    }

    @Test
    void droppingTheLiveGenerationIsRefusedInALine() {
        int exit = run("drop", String.valueOf(live.number()));

        assertThat(exit).isEqualTo(ReadModelsCommand.NOT_DONE);
        assertThat(err()).isEqualTo("error: generation " + live.number() + " is live: queries read it; it can be "
                + "dropped once another one is live\n");
        assertThat(out()).isEmpty();
        assertThat(generations.state(live)).isPresent();
    }

    @Test
    void droppingAGenerationThatDoesNotExistIsRefused() {
        int exit = run("drop", "99");

        assertThat(exit).isEqualTo(ReadModelsCommand.NOT_DONE);
        assertThat(err()).startsWith("error: there is no generation 99 ").doesNotContain("\n\t");
        assertThat(out()).doesNotContain("Dropped");
    }

    @Test
    void dropWithoutAUsableNumberIsAUsageErrorInALine() {
        assertThat(run("drop")).isEqualTo(ReadModelsCommand.NOT_DONE);
        assertThat(run("drop", "four")).isEqualTo(ReadModelsCommand.NOT_DONE);
        assertThat(err()).isEqualTo("error: drop takes one generation number; usage: read-models "
                + "status|rebuild|diff [A [B]]|drop N [--mongodb URI]\n"
                + "error: 'four' is not a generation number (such as 4 or g4)\n");
    }

    @Test
    void aGenerationThatIsNotLiveIsDropped() {
        Generation other = generations.create(TOPIC, "a rebuild");

        assertThat(run("drop", "g" + other.number())).isZero();
        assertThat(out()).isEqualTo("Dropped generation " + other.number() + "\n");
        assertThat(generations.state(other)).isEmpty();
    }

    @Test
    void aDiffWithOnlyOneGenerationIsAnErrorNotADifference() {
        int exit = run("diff");

        assertThat(exit).as("1 means they differ").isEqualTo(ReadModelsCommand.NOT_DONE);
        assertThat(err()).isEqualTo("error: only one generation exists (g" + live.number()
                + "): nothing to compare\n");
    }

    @Test
    void aDiffOfAGenerationThatDoesNotExistIsAnError() {
        assertThat(run("diff", String.valueOf(live.number()), "99")).isEqualTo(ReadModelsCommand.NOT_DONE);
        assertThat(err()).startsWith("error: there is no generation 99 ");
    }

    @Test
    void twoGenerationsOfTheSameEventsDoNotDiffer() {
        generations.create(TOPIC, "a rebuild");

        assertThat(run("diff")).isZero();
        assertThat(err()).isEmpty();
    }

    /**
     * Generations of every schema share one counter: another schema's, live for its own instances during an upgrade,
     * was dropped by its number, and they answered from empty collections.
     */
    @Test
    void anotherSchemasGenerationIsNeitherDroppedNorCompared() {
        Generations older = new Generations(generations.database(), SCHEMA - 1);
        Generation theirs = older.create(TOPIC, "the older version's build");
        older.switchTo(theirs, Optional.empty());

        assertThat(run("drop", String.valueOf(theirs.number()))).isEqualTo(ReadModelsCommand.NOT_DONE);
        assertThat(run("diff", String.valueOf(live.number()), String.valueOf(theirs.number())))
                .isEqualTo(ReadModelsCommand.NOT_DONE);
        assertThat(err()).startsWith("error: there is no generation " + theirs.number() + " (of read-model schema "
                + SCHEMA + ")");
        assertThat(older.state(theirs)).as("still there for the older version").isPresent();
    }

    /** A generation compared with itself gave 0 differences and exit 0, as if a rebuild had agreed with it. */
    @Test
    void aDiffOfAGenerationWithItselfIsRefused() {
        generations.create(TOPIC, "a rebuild");

        assertThat(run("diff", String.valueOf(live.number()), "g" + live.number()))
                .isEqualTo(ReadModelsCommand.NOT_DONE);
        assertThat(err()).isEqualTo("error: diff compares two generations: g" + live.number()
                + " with itself differs in nothing\n");
    }

    /** The driver's connection lines came before every command's output, hundreds of characters each. */
    @Test
    void theDriversLoggingDoesNotComeBeforeTheOutput(CapturedOutput logged) {
        Logger driver = (Logger) LoggerFactory.getLogger("org.mongodb.driver");
        Level configured = driver.getLevel();
        driver.setLevel(Level.DEBUG); // as the jar's logging, with no configuration of its own, has it
        try {
            assertThat(run("status")).isZero();
        } finally {
            driver.setLevel(configured);
        }

        assertThat(out()).startsWith("gen ").contains("(live)");
        assertThat(logged.getAll()).doesNotContain("org.mongodb.driver");
        assertThat(driver.getLevel()).as("restored for whoever runs next").isEqualTo(configured);
    }

    private int run(String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        args.add("--mongodb");
        args.add(uri);
        return ReadModelsCommand.run(args, SCHEMA, print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream to) {
        return new PrintStream(to, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
