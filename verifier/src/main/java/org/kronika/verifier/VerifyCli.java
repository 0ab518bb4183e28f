package org.kronika.verifier;

import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks projects' hash chains without the services: from an export file ({@code --file}), or straight from the
 * Kafka topic ({@code --kafka}), one project ({@code --project}) or all. With a signed checkpoint
 * ({@code --checkpoint} and the key set it was published with, {@code --keys}) it also checks that each project's
 * chain still reaches the head the checkpoint signed, with the same hash: a history cut short, or recomputed
 * after a change, is caught. Prints a line per project (where its chain holds, followed by what its history says of
 * its closures, and any breach of their rules or any event recorded by a role that may not record it, or by a
 * recorder of another organisation than the project's: {@link ClosureCheck}, {@link EventRoles}) and exits 0 when
 * every check holds, 1 when one
 * fails or there is nothing to check (an empty export or topic), 2 on a usage error or an input that cannot be read
 * (a file or topic missing, Kafka unreachable). With {@code --report} (a period report's JSON) it checks the report's
 * approved figures against the export: {@link ReportCheck}. An option the check asked for would leave out is a
 * usage error: {@link CommandLine#options}.
 *
 * <pre>
 * java -jar kronika-verifier-exec.jar --file komf-child-protection.jsonl [--project ID] [--time-zone ZONE]
 * java -jar kronika-verifier-exec.jar --file komf-child-protection.jsonl --project ID --checkpoint cp.jws --keys jwks.json
 * java -jar kronika-verifier-exec.jar --kafka localhost:9092 [--topic T] [--project ID] [--checkpoint ... --keys ...]
 *                                     [--time-zone ZONE]
 * java -jar kronika-verifier-exec.jar --checkpoint cp.jws --keys jwks.json
 * java -jar kronika-verifier-exec.jar --checkpoint cp.jws --keys jwks.json --prove ID [--file EXPORT --sequence N]
 * java -jar kronika-verifier-exec.jar --checkpoint cp.jws --keys jwks.json --check-proof proof.json
 * java -jar kronika-verifier-exec.jar --report report.json --file EXPORT [--checkpoint cp.jws --keys jwks.json]
 * </pre>
 */
public final class VerifyCli {

    private VerifyCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        Map<String, String> options;
        try {
            options = CommandLine.options(args);
        } catch (CommandLine.Misused e) {
            out.println("usage: " + e.getMessage());
            out.println(CommandLine.USAGE);
            return 2;
        }
        try {
            org.kronika.events.checkpoint.Checkpoint checkpoint = null;
            if (options.containsKey("--checkpoint")) {
                checkpoint = CheckpointFiles.verified(Path.of(options.get("--checkpoint")), Path.of(options.get("--keys")));
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
                            options.get("--sequence"), out);
                }
            }
            if (options.containsKey("--report")) {
                return ReportCheck.run(Path.of(options.get("--report")), Path.of(options.get("--file")), checkpoint,
                        out);
            }
            List<Copy> copies;
            ClosureCheck.Calendar calendar = ClosureCheck.Calendar.NOT_IN_AN_EXPORT;
            if (options.containsKey("--file")) {
                Copy copy = ExportFiles.copy(Path.of(options.get("--file")), options.get("--project"));
                if (copy.projectId() == null) {
                    out.println("EMPTY   the file holds no event");
                    return 1;
                }
                copies = List.of(copy);
            } else if (options.containsKey("--kafka")) {
                String topic = options.getOrDefault("--topic", "kronika.project-events");
                KafkaTopic.Checked read = KafkaTopic.copies(options.get("--kafka"), topic, options.get("--project"));
                copies = read.copies();
                calendar = read.calendar();
                if (copies.isEmpty()) {
                    // Nothing checked is no pass: the services may publish to another topic, or this one was emptied.
                    out.println("EMPTY   the topic " + topic + " holds no project's events");
                }
            } else {
                // The checkpoint alone, as after a key rotation: its signature and root held.
                return 0;
            }
            boolean allHold = true;
            java.time.Duration grace = COMMIT_GRACE.plus(
                    CommandLine.clockSkew(options.getOrDefault("--clock-skew", "PT0S")));
            java.time.ZoneId zone = options.containsKey("--time-zone")
                    ? CommandLine.timeZone(options.get("--time-zone")) : ClosingDay.PROGRAMME_ZONE;
            for (Copy copy : copies) {
                // A history whose chain does not hold backs no finding about its closures, nor about who recorded it.
                allHold &= report(copy, checkpoint, grace, out)
                        && ClosureCheck.holds(copy, calendar, grace, zone, out);
            }
            if (checkpoint != null && options.containsKey("--kafka") && options.get("--project") == null) {
                for (var head : checkpoint.heads()) {
                    if (copies.stream().noneMatch(c -> c.projectId().equals(head.projectId()))) {
                        out.println("MISSING " + head.projectId() + ": the checkpoint signed its event "
                                + head.sequence() + ", the topic holds none of its events");
                        allHold = false;
                    }
                }
            }
            return allHold && !copies.isEmpty() ? 0 : 1;
        } catch (ExportFiles.WrongExport e) {
            out.println("WRONG EXPORT: " + e.getMessage());
            return 1;
        } catch (CheckpointFiles.Refused e) {
            out.println("REFUSED checkpoint: " + e.getMessage());
            return 1;
        } catch (IOException | RuntimeException e) {
            out.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** Checks one copy, against the checkpoint if there is one; prints its line and answers whether it holds. */
    static boolean report(Copy copy, org.kronika.events.checkpoint.Checkpoint checkpoint, PrintStream out) {
        return report(copy, checkpoint, COMMIT_GRACE, out);
    }

    /**
     * @param grace how long before the checkpoint a stream's first event may have been recorded and still be left
     *              out of it: {@link #COMMIT_GRACE}, plus how far the clocks of the instances may differ
     */
    static boolean report(Copy copy, org.kronika.events.checkpoint.Checkpoint checkpoint, java.time.Duration grace,
                          PrintStream out) {
        var head = checkpoint == null ? java.util.Optional.<org.kronika.events.checkpoint.Head>empty()
                : checkpoint.head(copy.projectId());
        if (copy.links().isEmpty() && head.isEmpty() && copy.conflict() == null) {
            out.println("MISSING " + copy.projectId() + ": this copy holds none of its events");
            return false;
        }
        org.kronika.events.chain.ChainWalk walk = new org.kronika.events.chain.ChainWalk(copy.projectId(),
                head.map(h -> java.util.Set.of(h.sequence())).orElse(java.util.Set.of()));
        for (ChainLink link : copy.links()) {
            if (!walk.next(link)) {
                break;
            }
        }
        ChainVerdict verdict = copy.withConflict(walk.verdict(null));
        if (!verdict.verified()) {
            out.println("BROKEN  " + verdict.projectId() + " at event " + verdict.brokenAt() + ": " + verdict.reason()
                    + " (" + verdict.events() + " events intact before it)");
            return false;
        }
        if (head.isPresent()) {
            var signed = head.get();
            if (verdict.events() <= signed.sequence()) {
                out.println("CUT     " + verdict.projectId() + ": the checkpoint signed event " + signed.sequence()
                        + ", this copy ends at event " + (verdict.events() - 1) + ": events were removed from its end");
                return false;
            }
            String hash = walk.hashAt(signed.sequence()).orElse("");
            if (!hash.equals(signed.hash())) {
                out.println("CHANGED " + verdict.projectId() + ": event " + signed.sequence() + " hashes to " + hash
                        + ", the checkpoint signed " + signed.hash() + ": the history was changed and its hashes "
                        + "recomputed");
                return false;
            }
            // Past the signed head, an event recorded before the checkpoint would have been signed as it was (as a
            // stream's first event would, below), unless it waited in the publisher's dead-letter queue: one that says
            // so was added since with an earlier time. An approval's checkpoint signs its project at the approval,
            // whatever the project recorded between the approval and the signing: for that project, an event past it
            // must have been recorded after the approval itself.
            boolean signedAtItsApproval = checkpoint.reason() != null
                    && checkpoint.reason().startsWith("approval " + copy.projectId() + " ");
            String bound = !signedAtItsApproval ? checkpoint.issuedAt() : copy.links().stream()
                    .filter(link -> link.sequence() == signed.sequence()).map(ChainLink::recordedAt).findFirst()
                    .orElse(checkpoint.issuedAt());
            // Against the approval there is no commit to wait for, only the clocks of the instances to allow for
            // (--clock-skew): an event of the same instant as the approval still follows it.
            java.time.Duration allowed = !signedAtItsApproval ? grace : (grace.compareTo(COMMIT_GRACE) > 0
                    ? grace.minus(COMMIT_GRACE) : java.time.Duration.ZERO).plusMillis(1);
            var backdated = copy.links().stream().filter(link -> link.sequence() > signed.sequence()
                    && !recordedAfter(link, bound, allowed)).findFirst();
            if (backdated.isPresent()) {
                out.println("UNSIGNED " + verdict.projectId() + ": event " + backdated.get().sequence()
                        + " was recorded at " + backdated.get().recordedAt() + ", before the "
                        + (signedAtItsApproval ? "approval the checkpoint signs (" + bound + ")"
                        : "checkpoint (" + bound + ")") + ", which signs event " + signed.sequence() + " as the head: it was "
                        + "added after the checkpoint with an earlier time, or waited in the publisher's dead-letter "
                        + "queue then; check it against a later checkpoint (or, if the clock of the instance that "
                        + "recorded it ran behind the one that signed, give --clock-skew)");
                return false;
            }
            out.println("OK      " + verdict.projectId() + ": " + verdict.events() + " events, head "
                    + verdict.headHash() + "; reaches the checkpoint's event " + signed.sequence() + " unchanged");
            return true;
        }
        boolean holds = checkpoint == null || recordedAfter(copy.links().get(0), checkpoint.issuedAt(), grace);
        if (holds) {
            out.println("OK      " + verdict.projectId() + ": " + verdict.events() + " events, head "
                    + verdict.headHash() + (checkpoint == null ? "" : "; not in the checkpoint (recorded since)"));
        } else {
            // Once signed, a stream is in every later checkpoint; one already recorded is in it unless its first
            // event waited in the publisher's dead-letter queue, or was committed in the moment of the signing
            // (recorded then, committed after the heads were read: the grace below).
            out.println("UNSIGNED " + verdict.projectId() + ": its first event was recorded at "
                    + copy.links().get(0).recordedAt() + ", before the checkpoint (" + checkpoint.issuedAt()
                    + "), which does not sign it: check it against a later checkpoint (or, if the clock of the "
                    + "instance that recorded it ran behind the one that signed, give --clock-skew)");
        }
        if (checkpoint != null) {
            lookAlike(verdict.projectId(), checkpoint).ifPresent(out::println);
        }
        return holds;
    }

    /**
     * A note where a stream the checkpoint does not sign has the id of one it signs but for characters outside
     * ASCII, such as a Cyrillic 'а' for 'a': the two read the same, and the one the checkpoint signs is the other.
     * Kronika's ids are ASCII (letters, digits, '.', '_', '-'), so it gives no project such an id. The stream's own
     * verdict stands: a checkpoint cannot speak for what was recorded since. Any other id with such a character is
     * named too. An ASCII id (every stream Kronika records) is passed over at once.
     */
    private static java.util.Optional<String> lookAlike(String projectId,
                                                        org.kronika.events.checkpoint.Checkpoint checkpoint) {
        int[] id = projectId.codePoints().toArray();
        if (Arrays.stream(id).allMatch(c -> c < 0x80)) {
            return java.util.Optional.empty();
        }
        for (var head : checkpoint.heads()) {
            int[] signed = head.projectId().codePoints().toArray();
            if (signed.length != id.length) {
                continue;
            }
            List<String> differences = new ArrayList<>();
            for (int i = 0; i < id.length; i++) {
                if (id[i] != signed[i] && id[i] < 0x80) {
                    // It differs in an ASCII character, which reads differently: not a look-alike.
                    differences.clear();
                    break;
                }
                if (id[i] != signed[i]) {
                    differences.add("U+%04X where it has '%s'".formatted(id[i], Character.toString(signed[i])));
                }
            }
            if (!differences.isEmpty()) {
                return java.util.Optional.of("NOTE    " + projectId + " looks like " + head.projectId()
                        + ", which the checkpoint signs, but is another stream: it has "
                        + String.join(", ", differences) + ", and Kronika gives no project an id with a character outside ASCII");
            }
        }
        // Not the same length as a signed id (a zero-width space or a combining accent inserted, say): still named.
        String outside = Arrays.stream(id).filter(c -> c >= 0x80).distinct()
                .mapToObj(c -> "U+%04X".formatted(c)).collect(java.util.stream.Collectors.joining(", "));
        return java.util.Optional.of("NOTE    " + projectId + " has " + outside
                + ", outside ASCII: Kronika gives no project an id with such a character, so this stream was not"
                + " recorded by Kronika");
    }

    /**
     * An event is given its time when its command is decided and is committed a moment later: one recorded this
     * little before a checkpoint may have been committed after the checkpoint read the heads, so it is not held
     * against the checkpoint that it does not sign it.
     */
    static final java.time.Duration COMMIT_GRACE = java.time.Duration.ofMinutes(1);

    /**
     * Whether the event was recorded after the checkpoint was signed, or too little before it to be in it ({@link
     * #COMMIT_GRACE}); a time that cannot be read says no.
     */
    private static boolean recordedAfter(ChainLink first, String issuedAt, java.time.Duration grace) {
        try {
            return OffsetDateTime.parse(first.recordedAt()).toInstant()
                    .isAfter(OffsetDateTime.parse(issuedAt).toInstant().minus(grace));
        } catch (DateTimeParseException | NullPointerException unreadable) {
            return false;
        }
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
        List<ChainVerdict> verdicts = KafkaTopic.verdicts(bootstrap, topic, onlyProject, records);
        return new TopicScan(verdicts, records);
    }
}
