package org.kronika.verifier;

import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks one copy of a project's events: that its chain holds and, against a signed checkpoint, that it still reaches
 * the head the checkpoint signed with the same hash, and that what the checkpoint leaves out was recorded since.
 * Prints the copy's line ({@code OK}, {@code BROKEN}, {@code CUT}, {@code CHANGED}, {@code UNSIGNED}, {@code MISSING},
 * and a {@code NOTE} for an id that only looks like one the checkpoint signs).
 */
final class ChainCheck {

    /**
     * An event is given its time when its command is decided and is committed a moment later: one recorded this
     * little before a checkpoint may have been committed after the checkpoint read the heads, so it is not held
     * against the checkpoint that it does not sign it.
     */
    static final java.time.Duration COMMIT_GRACE = java.time.Duration.ofMinutes(1);

    private ChainCheck() {
    }

    /** Checks one copy, against the checkpoint if there is one; prints its line and answers whether it holds. */
    static boolean holds(Copy copy, org.kronika.events.checkpoint.Checkpoint checkpoint, PrintStream out) {
        return holds(copy, checkpoint, COMMIT_GRACE, out);
    }

    /**
     * @param grace how long before the checkpoint a stream's first event may have been recorded and still be left
     *              out of it: {@link #COMMIT_GRACE}, plus how far the clocks of the instances may differ
     */
    static boolean holds(Copy copy, org.kronika.events.checkpoint.Checkpoint checkpoint, java.time.Duration grace,
                         PrintStream out) {
        boolean holds = checked(copy, checkpoint, grace, out);
        if (holds) {
            timeGoingBack(copy).ifPresent(out::println);
        }
        return holds;
    }

    private static boolean checked(Copy copy, org.kronika.events.checkpoint.Checkpoint checkpoint,
                                   java.time.Duration grace, PrintStream out) {
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
                // A copy whose hashes were recomputed after an event was taken out of its middle ends early too.
                out.println("CUT     " + verdict.projectId() + ": the checkpoint signed event " + signed.sequence()
                        + ", this copy " + (verdict.events() == 0 ? "holds none of its events"
                        : "ends before it, at event " + (verdict.events() - 1)) + ": events were removed, from its end "
                        + "or, if its hashes were recomputed, anywhere");
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
     * A note where an intact copy has an event recorded before the one it follows. Kronika gives no event of a stream
     * an earlier time than the one before it (a clock that steps back, or an instance's that runs behind, gives the
     * earlier event's time again), and a replay "as known at" an instant finds the events recorded by then by their
     * times in sequence order, so it may answer wrongly for an instant in between. Not a break: the hashes hold, and
     * an event recorded by an earlier Kronika on a clock that stepped back looks the same. The first such event is
     * named, and how many there are.
     */
    private static java.util.Optional<String> timeGoingBack(Copy copy) {
        java.time.Instant latest = null;
        ChainLink latestLink = null;
        ChainLink first = null;
        ChainLink firstAfter = null;
        int found = 0;
        for (ChainLink link : copy.links()) {
            java.time.Instant at = instant(link.recordedAt()).orElse(null);
            if (at == null) {
                continue;
            }
            if (latest != null && at.isBefore(latest)) {
                if (found++ == 0) {
                    first = link;
                    firstAfter = latestLink;
                }
            } else {
                latest = at;
                latestLink = link;
            }
        }
        if (found == 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("NOTE    " + copy.projectId() + ": event " + first.sequence()
                + " was recorded at " + first.recordedAt() + ", before event " + firstAfter.sequence() + " ("
                + firstAfter.recordedAt() + ")" + (found > 1 ? ", and " + (found - 1) + " more event(s) before one "
                + "they follow" : "") + ": Kronika records no event before the one it follows, so a replay as known "
                + "at an instant between them (?knownAt=) is not to be relied on");
    }

    /**
     * Whether the event was recorded after the checkpoint was signed, or too little before it to be in it ({@link
     * #COMMIT_GRACE}); a time that cannot be read says no.
     */
    private static boolean recordedAfter(ChainLink first, String issuedAt, java.time.Duration grace) {
        var recorded = instant(first.recordedAt());
        var issued = instant(issuedAt);
        return recorded.isPresent() && issued.isPresent() && recorded.get().isAfter(issued.get().minus(grace));
    }

    /** The instant a time of a copy or a checkpoint names (RFC 3339); empty if it is missing or cannot be read. */
    private static java.util.Optional<java.time.Instant> instant(String time) {
        try {
            return java.util.Optional.of(OffsetDateTime.parse(time).toInstant());
        } catch (DateTimeParseException | NullPointerException unreadable) {
            return java.util.Optional.empty();
        }
    }
}
