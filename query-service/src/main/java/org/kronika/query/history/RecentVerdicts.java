package org.kronika.query.history;

import org.kronika.events.chain.ChainVerdict;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Lru;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * Each project's chain verdict as a page last found it, carried forward event by event: a project page shown at
 * version 5,000 after one at 4,999 reads and hashes its verified head again and the one event since, not all
 * 5,001. Every open page of a busy project is shown again at each new event, and checking the whole chain each
 * time cost more than the rest of the page the longer the project ran.
 * <p>
 * What this sees: every event added since (read and hashed), and the verified head, hashed again at every page, so
 * a change to the newest event shows at once. It also keeps the furthest head it found verified: a history cut back
 * or rewritten from there, even with the project's version lowered to match (the version is in the same read
 * models), no longer holds that head, which every whole check looks for. An earlier event changed or removed since
 * shows at the next whole check, at most {@code recheck} after the last one; a break, once found, stays shown until
 * then too. The API's verification, the audit report and the offline verifier check every event each time.
 * Bounded: the most recently shown projects only (a project forgotten loses its furthest head too). One page of a
 * project checks at a time: the others open at the same moment take its verdict instead of each walking the
 * whole history again.
 */
public final class RecentVerdicts {

    static final int PROJECTS = 10_000;
    private static final int STRIPES = 64;

    private final Map<String, Held> held = Collections.synchronizedMap(Lru.of(PROJECTS));
    private final Object[] stripes = new Object[STRIPES];
    private final Clock clock;
    private final Duration recheck;

    /** @param recheck how long a whole check stands before the next page checks the whole chain again */
    public RecentVerdicts(Clock clock, Duration recheck) {
        this.clock = clock;
        this.recheck = recheck;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * @param verdict      the chain up to the version asked for
     * @param wholeCheckAt when every event it covers was last read and hashed; the events since were, as they came
     */
    public record Checked(ChainVerdict verdict, Instant wholeCheckAt) {
    }

    /** The furthest head found verified, and when: a whole check must still find it there, as it was. */
    private record Furthest(long sequence, String hash, Instant verifiedAt) {
    }

    private record Held(long version, Checked checked, Furthest furthest) {
    }

    /** @param version the project's last event applied: the history must hold every event up to it */
    public Checked verdict(Generation generation, String projectId, long version, ProjectHistory history) {
        String key = generation.id() + "/" + projectId;
        synchronized (stripes[Math.floorMod(key.hashCode(), STRIPES)]) {
            Held last = held.get(key);
            Instant now = clock.instant();
            Checked checked = last == null || !now.isBefore(last.checked.wholeCheckAt.plus(recheck)) ? null
                    : carried(projectId, last, version, history).map(v -> new Checked(v, last.checked.wholeCheckAt))
                    .orElse(null);
            Furthest furthest = last == null ? null : last.furthest;
            if (checked == null) {
                ChainVerdict whole = ChainVerification.verify(projectId, version, history);
                if (furthest != null && whole.verified()) {
                    whole = stillHolds(projectId, whole, furthest, history);
                }
                checked = new Checked(whole, now);
            }
            ChainVerdict verdict = checked.verdict;
            if (verdict.verified() && (furthest == null || verdict.events() - 1 > furthest.sequence)) {
                furthest = new Furthest(verdict.events() - 1, verdict.headHash(), now);
            }
            remember(key, new Held(version, checked, furthest));
            return checked;
        }
    }

    /**
     * The whole check's verdict, or the break it missed: the furthest head found verified before is gone or another
     * (the history cut back or rewritten from there, the version lowered with it), which no event of an
     * append-only history can do. A page behind that head (another page read the version first) finds it there.
     */
    private static ChainVerdict stillHolds(String projectId, ChainVerdict whole, Furthest furthest,
                                           ProjectHistory history) {
        String stored = ChainVerification.storedHash(projectId, furthest.sequence, history);
        if (furthest.hash.equals(stored)) {
            return whole;
        }
        if (stored == null) {
            return new ChainVerdict(projectId, whole.events(), whole.headHash(), whole.events(),
                    ChainVerdict.Break.ENDS_EARLY, "the history ends at event " + (whole.events() - 1)
                    + ", but event " + furthest.sequence + " was found in it at " + furthest.verifiedAt);
        }
        return new ChainVerdict(projectId, Math.min(whole.events(), furthest.sequence), whole.headHash(),
                furthest.sequence, ChainVerdict.Break.CHANGED, "event " + furthest.sequence + " now has the hash "
                + stored + ", not the " + furthest.hash + " it had at " + furthest.verifiedAt
                + ": the history up to it was rewritten");
    }

    /** The last verdict carried to {@code version}, or empty where only a whole check can tell. */
    private static Optional<ChainVerdict> carried(String projectId, Held last, long version, ProjectHistory history) {
        ChainVerdict verdict = last.checked.verdict;
        if (!verdict.verified()) {
            // A break stays where it was found; only the end of a history cut short moves with the version.
            return verdict.brokenAt() <= version && (verdict.kind() != ChainVerdict.Break.ENDS_EARLY
                    || version == last.version) ? Optional.of(verdict) : Optional.empty();
        }
        return version >= last.version ? ChainVerification.extend(projectId, verdict, version, history)
                : ChainVerification.shorten(projectId, verdict, version, history);
    }

    /**
     * Keeps the verdict of the later whole check, and of two carried from the same one, the one covering more: a
     * break that a whole check found for an older page is not hidden by a verdict carried from before it.
     */
    private void remember(String key, Held fresh) {
        synchronized (held) {
            Held was = held.get(key);
            int byCheck = was == null ? 1 : fresh.checked.wholeCheckAt.compareTo(was.checked.wholeCheckAt);
            if (byCheck > 0 || byCheck == 0 && fresh.version >= was.version) {
                held.put(key, fresh);
            }
        }
    }
}
