package org.kronika.query.history;

import org.kronika.events.chain.ChainVerdict;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Lru;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
 * shows at the first page after the background whole check that follows {@code recheck}: the first page once it
 * has passed since the last whole check has one run in the background, and still answers at once with the verdict
 * carried (and when its whole check was, which the page shows), so reading a page costs the same in a project of
 * 100 events or 100,000, and the pages sharing its stripe do not wait for that history to be read. A break, once
 * found, stays shown until the next whole check too. The API's verification, the audit report and the offline
 * verifier check every event each time.
 * <p>
 * Where nothing can be carried, the page checks the whole chain itself, in the request: the first page of a project
 * after a start (or after it was forgotten), and a verdict that cannot be carried to the version asked for (its head
 * changed, gone or not extended by the events since, a break past that version). Bounded: the most recently shown
 * projects only (a project forgotten loses its furthest head too); one background whole check per project at a
 * time, on one thread, with at most {@value #QUEUED} waiting (a page finding the queue full leaves it to a later
 * page). One page of a project checks at a time: the others open at the same moment take its verdict instead of
 * each walking the whole history again.
 */
public final class RecentVerdicts implements AutoCloseable {

    static final int PROJECTS = 10_000;
    static final int QUEUED = 100;
    private static final int STRIPES = 64;
    private static final Logger log = LoggerFactory.getLogger(RecentVerdicts.class);

    private final Map<String, Held> held = Collections.synchronizedMap(Lru.of(PROJECTS));
    private final Object[] stripes = new Object[STRIPES];
    private final Clock clock;
    private final Duration recheck;
    /** The projects whose background whole check waits or runs: a page finding its project here schedules none. */
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor background;

    /** @param recheck how long a whole check stands before the next page has the whole chain checked again */
    public RecentVerdicts(Clock clock, Duration recheck) {
        this.clock = clock;
        this.recheck = recheck;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
        this.background = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUED),
                r -> {
                    Thread thread = new Thread(r, "kronika-chain-recheck");
                    thread.setDaemon(true);
                    return thread;
                });
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
        synchronized (stripe(key)) {
            Held last = held.get(key);
            Instant now = clock.instant();
            Checked checked = last == null ? null : carried(projectId, last, version, history)
                    .map(v -> new Checked(v, last.checked.wholeCheckAt)).orElse(null);
            Furthest furthest = last == null ? null : last.furthest;
            if (checked == null) {
                checked = new Checked(wholeCheck(projectId, version, history, furthest), now);
            } else if (!now.isBefore(last.checked.wholeCheckAt.plus(recheck))) {
                inBackground(key, projectId, version, history);
            }
            remember(key, new Held(version, checked, further(furthest, checked.verdict, now)));
            return checked;
        }
    }

    /**
     * The chain up to the version, every event read and hashed now, in the request: what an approval is judged by,
     * as the figures it certifies may stand on an earlier event changed since the last whole check, which a verdict
     * carried forward does not see. Kept as this project's last whole check.
     */
    public Checked wholeVerdict(Generation generation, String projectId, long version, ProjectHistory history) {
        String key = generation.id() + "/" + projectId;
        synchronized (stripe(key)) {
            Held last = held.get(key);
            Instant now = clock.instant();
            Furthest furthest = last == null ? null : last.furthest;
            Checked checked = new Checked(wholeCheck(projectId, version, history, furthest), now);
            remember(key, new Held(version, checked, further(furthest, checked.verdict, now)));
            return checked;
        }
    }

    /** Stops the background whole checks: those waiting are dropped, as when the queue is full. */
    @Override
    public void close() {
        background.shutdownNow();
    }

    /** The background whole checks waiting for the thread, not counting the one it runs. */
    int queued() {
        return background.getQueue().size();
    }

    private Object stripe(String key) {
        return stripes[Math.floorMod(key.hashCode(), STRIPES)];
    }

    private static ChainVerdict wholeCheck(String projectId, long version, ProjectHistory history, Furthest furthest) {
        ChainVerdict whole = ChainVerification.verify(projectId, version, history);
        return furthest != null && whole.verified() ? stillHolds(projectId, whole, furthest, history) : whole;
    }

    /** The furthest head found verified, moved on to this verdict's head where it is verified past it. */
    private static Furthest further(Furthest furthest, ChainVerdict verdict, Instant now) {
        return verdict.verified() && (furthest == null || verdict.events() - 1 > furthest.sequence)
                ? new Furthest(verdict.events() - 1, verdict.headHash(), now) : furthest;
    }

    /**
     * The whole check at {@code version}, off the page's thread and outside the stripe, which would hold up every
     * page of the projects sharing it. Its verdict is remembered under the stripe, and only then is the project no
     * longer pending, so a page sees either the check still pending or its verdict held, and schedules no second.
     */
    private void inBackground(String key, String projectId, long version, ProjectHistory history) {
        if (!pending.add(key)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    Instant now = clock.instant();
                    Held last = held.get(key);
                    Furthest furthest = last == null ? null : last.furthest;
                    ChainVerdict whole = wholeCheck(projectId, version, history, furthest);
                    synchronized (stripe(key)) {
                        remember(key, new Held(version, new Checked(whole, now), further(furthest, whole, now)));
                    }
                } catch (RuntimeException e) {
                    if (!background.isShutdown()) {
                        log.warn("The background whole check of {}'s chain failed; a later page schedules another",
                                key, e);
                    }
                } finally {
                    pending.remove(key);
                }
            });
        } catch (RejectedExecutionException full) {
            pending.remove(key);
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
     * break that a whole check found for an older page is not hidden by a verdict carried from before it. The
     * furthest head is the furthest of both: a page may carry the verdict past it while a background check runs.
     */
    private void remember(String key, Held fresh) {
        synchronized (held) {
            Held was = held.get(key);
            int byCheck = was == null ? 1 : fresh.checked.wholeCheckAt.compareTo(was.checked.wholeCheckAt);
            if (byCheck > 0 || byCheck == 0 && fresh.version >= was.version) {
                held.put(key, was == null || was.furthest == null || fresh.furthest != null
                        && fresh.furthest.sequence >= was.furthest.sequence ? fresh
                        : new Held(fresh.version, fresh.checked, was.furthest));
            }
        }
    }
}
