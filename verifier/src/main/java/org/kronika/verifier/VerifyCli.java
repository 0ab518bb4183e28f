package org.kronika.verifier;

import org.kronika.events.ProgrammeEvent;
import org.kronika.events.chain.ChainVerdict;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks projects' hash chains without the services: from an export file ({@code --file}), or straight from the
 * Kafka topic ({@code --kafka}), one project ({@code --project}) or all. With a signed checkpoint
 * ({@code --checkpoint} and the key set it was published with, {@code --keys}) it also checks that each project's
 * chain still reaches the head the checkpoint signed, with the same hash: a history cut short, or recomputed
 * after a change, is caught. Prints a line per project (where its chain holds, followed by what its history says of
 * its closures, and any breach of their rules or any event recorded by a role that may not record it, or by a
 * recorder of another organisation than the project's: {@link ClosureCheck}, {@link EventRoles}) and exits 0 when
 * every check holds, 1 when one fails or there is nothing to check (an empty export or topic), 2 on a usage error or
 * an input that cannot be read (a file or topic missing, Kafka unreachable). With {@code --report} (a period report's
 * JSON) it checks the report's approved figures against the export: {@link ReportCheck}. An option the check asked
 * for would leave out is a usage error: {@link CommandLine#options}.
 * <p>
 * This is the entry point, and wires the parts: the command line ({@link CommandLine}), the copies read from an
 * export file ({@link ExportFiles}) or the topic ({@link KafkaTopic}), each copy's chain checked and its line printed
 * ({@link ChainCheck}) before its closures ({@link ClosureCheck}), and the checkpoint, proofs and reports
 * ({@link CheckpointFiles}, {@link Proofs}, {@link ReportCheck}).
 *
 * <pre>
 * java -jar kronika-verifier-exec.jar --file komf-child-protection.jsonl [--project ID] [--time-zone ZONE]
 * java -jar kronika-verifier-exec.jar --file komf-child-protection.jsonl --project ID --checkpoint cp.jws --keys jwks.json
 * java -jar kronika-verifier-exec.jar --kafka localhost:9092 [--topic T] [--project ID] [--checkpoint ... --keys ...]
 *                                     [--time-zone ZONE] [--kafka-timeout PT30S]
 * java -jar kronika-verifier-exec.jar --checkpoint cp.jws --keys jwks.json
 * java -jar kronika-verifier-exec.jar --checkpoint cp.jws --keys jwks.json --prove ID [--file EXPORT --sequence N]
 * java -jar kronika-verifier-exec.jar --checkpoint cp.jws --keys jwks.json --check-proof proof.json
 * java -jar kronika-verifier-exec.jar --report report.json --file EXPORT [--checkpoint cp.jws --keys jwks.json
 *                                     [--clock-skew PT5M]]
 * </pre>
 */
public final class VerifyCli {

    private VerifyCli() {
    }

    /**
     * Written to a file or a pipe, UTF-8 whatever the platform's charset: a proof saved with {@code > proof.json} on a
     * machine whose locale is not UTF-8 (a minimal container, cron, Windows' code page) otherwise quoted the events'
     * Albanian letters as {@code ?}, and the genuine proof was invalid. Shown in a terminal, in the terminal's own
     * charset, which shows them as they are (a Windows console's code page, which UTF-8 would garble).
     */
    public static void main(String[] args) {
        boolean terminal = interactive(System.console());
        PrintStream out = terminal ? System.out : utf8(java.io.FileDescriptor.out);
        PrintStream err = terminal ? System.err : utf8(java.io.FileDescriptor.err);
        int exit = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(exit);
    }

    private static PrintStream utf8(java.io.FileDescriptor stream) {
        return new PrintStream(new java.io.FileOutputStream(stream), true, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Whether output goes to a terminal: a console exists (Java 17 gives one only then), and, from Java 22 on, which
     * gives one for a file or pipe too, says it is a terminal.
     */
    private static boolean interactive(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException before22) {
            return true;
        }
    }

    /** Runs the check asked for, printing its results and any usage or {@code error:} line to {@code out}. */
    public static int run(String[] args, PrintStream out) {
        return run(args, out, out);
    }

    /**
     * Runs the check asked for: its results to {@code out}, a usage error or an input that cannot be read
     * ({@code error: ...}) to {@code err}, so that a proof written to a file ({@code > proof.json}) or results piped
     * on hold nothing but results.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = CommandLine.options(args);
        } catch (CommandLine.Misused e) {
            err.println("usage: " + e.getMessage());
            err.println(CommandLine.USAGE);
            return 2;
        }
        // A proof is written to a file (> proof.json) for --check-proof: what stops it goes where the person asking
        // sees it, and the file holds a proof or nothing.
        PrintStream findings = options.containsKey("--prove") ? err : out;
        try {
            org.kronika.events.checkpoint.Checkpoint checkpoint = null;
            if (options.containsKey("--checkpoint")) {
                checkpoint = CheckpointFiles.verified(Path.of(options.get("--checkpoint")), Path.of(options.get("--keys")));
                if (options.containsKey("--not-before")) {
                    java.time.Instant notBefore = CommandLine.notBefore(options.get("--not-before"));
                    if (java.time.Instant.parse(checkpoint.issuedAt()).isBefore(notBefore)) {
                        findings.println("STALE   checkpoint signed " + checkpoint.issuedAt() + ", before " + notBefore
                                + " (--not-before): one signed since may have been withheld, and with it the events it"
                                + " signed; check against the latest checkpoint, from the checkpoints topic or the one"
                                + " kept from the last audit");
                        return 1;
                    }
                }
                if (!options.containsKey("--prove")) {
                    // A proof is written to a file (> proof.json) for --check-proof: its output is the JSON alone.
                    out.println("CHECKPOINT signed " + checkpoint.issuedAt() + " over " + checkpoint.heads().size()
                            + " projects, root " + checkpoint.root());
                }
                if (options.containsKey("--check-proof")) {
                    return Proofs.check(Path.of(options.get("--check-proof")), checkpoint, out);
                }
                if (options.containsKey("--prove")) {
                    return Proofs.prove(options.get("--prove"), checkpoint, options.get("--file"),
                            options.get("--sequence"), out, findings);
                }
            }
            Duration grace = ChainCheck.COMMIT_GRACE.plus(
                    CommandLine.clockSkew(options.getOrDefault("--clock-skew", "PT0S")));
            if (options.containsKey("--report")) {
                return ReportCheck.run(Path.of(options.get("--report")), Path.of(options.get("--file")), checkpoint,
                        grace, out);
            }
            List<Copy> copies;
            ClosureCheck.Calendar calendar = ClosureCheck.Calendar.NOT_IN_AN_EXPORT;
            if (options.containsKey("--file")) {
                Copy copy = ExportFiles.copy(Path.of(options.get("--file")), options.get("--project"));
                // Named or not, a file of no event is nothing to check, not a project missing from it; against a
                // checkpoint that signs the project it is a finding of its own: every signed event was cut (CUT).
                boolean signed = checkpoint != null && copy.projectId() != null
                        && checkpoint.head(copy.projectId()).isPresent();
                if (copy.links().isEmpty() && copy.conflict() == null && !signed) {
                    out.println(Copy.EMPTY);
                    return 1;
                }
                copies = List.of(copy);
            } else if (options.containsKey("--kafka")) {
                String topic = options.getOrDefault("--topic", "kronika.project-events");
                KafkaTopic.Checked read = KafkaTopic.copies(options.get("--kafka"), topic, options.get("--project"),
                        checkpoint, CommandLine.kafkaTimeout(options.get("--kafka-timeout")));
                copies = read.copies();
                calendar = read.calendar();
                if (copies.isEmpty() && !options.containsKey("--project")) {
                    // Nothing checked is no pass: the services may publish to another topic, or this one was emptied.
                    out.println("EMPTY   the topic " + topic + " holds no project's events");
                }
            } else {
                // The checkpoint alone, as after a key rotation: its signature and root held.
                return 0;
            }
            boolean allHold = true;
            java.time.ZoneId zone = options.containsKey("--time-zone")
                    ? CommandLine.timeZone(options.get("--time-zone")) : ClosingDay.PROGRAMME_ZONE;
            for (Copy copy : copies) {
                // A history whose chain does not hold backs no finding about its closures, nor about who recorded it.
                allHold &= ChainCheck.holds(copy, checkpoint, grace, out)
                        && ClosureCheck.holds(copy, calendar, grace, zone, out);
            }
            if (options.containsKey("--kafka")) {
                allHold &= noneMissing(copies, options.get("--project"), checkpoint, out);
            }
            return allHold && !copies.isEmpty() ? 0 : 1;
        } catch (ExportFiles.WrongExport e) {
            findings.println("WRONG EXPORT: " + e.getMessage());
            return 1;
        } catch (CheckpointFiles.Refused e) {
            findings.println("REFUSED " + e.what + ": " + e.getMessage());
            return 1;
        } catch (java.nio.file.NoSuchFileException e) {
            err.println("error: no such file: " + e.getFile());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /**
     * Prints {@code MISSING} for each project the check names (the one asked for and the programme's streams the
     * checkpoint signs, or else each the checkpoint signs)
     * of which the topic holds no event, and answers whether there is none. Whether the auditor named it or the
     * checkpoint did, the same project is the same finding: the topic cannot be said to have been cut at an event it
     * never held.
     */
    private static boolean noneMissing(List<Copy> copies, String project,
                                       org.kronika.events.checkpoint.Checkpoint checkpoint, PrintStream out) {
        List<String> signedStreams = checkpoint == null ? List.of()
                : checkpoint.heads().stream().map(org.kronika.events.checkpoint.Head::projectId).toList();
        List<String> named = project == null ? signedStreams : java.util.stream.Stream.concat(
                java.util.stream.Stream.of(project), signedStreams.stream().filter(stream ->
                        stream.startsWith(ProgrammeEvent.SUBJECT_PREFIX) && !stream.equals(project))).toList();
        boolean none = true;
        for (String projectId : named) {
            if (copies.stream().noneMatch(copy -> copy.projectId().equals(projectId))) {
                var head = checkpoint == null ? java.util.Optional.<org.kronika.events.checkpoint.Head>empty()
                        : checkpoint.head(projectId);
                out.println("MISSING " + projectId + ": " + head.map(signed -> "the checkpoint signed its event "
                        + signed.sequence() + ", ").orElse("") + "the topic holds none of its events");
                none = false;
            }
        }
        return none;
    }

    /**
     * What the topic holds, for tools that compare it with other stores.
     *
     * @param verdicts each project's chain, as the command line checks it without a checkpoint
     * @param records  how many records carried each project's events, repeated deliveries included
     */
    public record TopicScan(List<ChainVerdict> verdicts, Map<String, Long> records) {
    }

    /** Reads the whole topic, or one project's records of it ({@code onlyProject}, or null for all). */
    public static TopicScan scan(String bootstrap, String topic, String onlyProject) {
        Map<String, Long> records = new TreeMap<>();
        List<ChainVerdict> verdicts = KafkaTopic.verdicts(bootstrap, topic, onlyProject, records,
                CommandLine.KAFKA_TIMEOUT);
        return new TopicScan(verdicts, records);
    }
}
