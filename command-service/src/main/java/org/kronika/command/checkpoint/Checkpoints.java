package org.kronika.command.checkpoint;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Signs checkpoints: periodically, when anything changed, and at every approval and closure. A checkpoint covers every
 * stream's head as the event store holds it; it is stored at once and published by {@link CheckpointPublisher}
 * once the events it signs are on the topic.
 */
@Component
public class Checkpoints {

    public static final String PERIODIC = "periodic";
    /** Held while an instance decides whether to sign a periodic checkpoint, and signs it. */
    static final long SIGNING_LOCK = 0x6b726f6e696b6101L;

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    private final StreamHeads heads;
    private final PublisherProgress publisher;
    private final CheckpointStore store;
    private final SigningKeys keys;
    private final CheckpointsTopic topic;
    /** When this instance last refused to sign, until it signs, or sees a checkpoint signed since. */
    private final AtomicReference<Instant> refusedAt = new AtomicReference<>();
    /**
     * The checkpoint this instance signed last, once committed: checked as well as the table's last row and the
     * topic's last record, which whoever writes to both PostgreSQL and Kafka can roll back (see {@link #lastSigned()}).
     */
    private final AtomicReference<SignedHere> signedHere = new AtomicReference<>();
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String programme;

    public Checkpoints(StreamHeads heads, PublisherProgress publisher, CheckpointStore store, SigningKeys keys,
                       CheckpointsTopic topic, TransactionTemplate transactions, Clock clock,
                       KronikaCommandProperties properties, MeterRegistry meters) {
        this.heads = heads;
        this.publisher = publisher;
        this.store = store;
        this.keys = keys;
        this.topic = topic;
        this.transactions = transactions;
        this.clock = clock;
        this.programme = properties.programme();
        Gauge.builder("kronika.checkpoints.refused", refusedAt, at -> at.get() == null ? 0 : 1)
                .description("1 while signing is refused because the event store no longer holds what the last "
                        + "checkpoint signed (docs/operations.md, \"Checkpoints refused\"), else 0")
                .register(meters);
    }

    /** What an attempt to sign came to. */
    public enum Outcome {
        SIGNED,
        /** another instance is deciding right now */
        LOCKED,
        /** a periodic checkpoint was signed less than the minimum age ago */
        NOT_DUE,
        /** nothing changed since the last checkpoint */
        UNCHANGED,
        /** the event store holds no chained stream yet */
        NOTHING_RECORDED,
        /** this approval or closure already has its checkpoint */
        ALREADY_SIGNED
    }

    /** @param id the stored checkpoint's id, when {@link Outcome#SIGNED} */
    public record Signing(Outcome outcome, Long id) {
        static Signing skipped(Outcome outcome) {
            return new Signing(outcome, null);
        }
    }

    /**
     * Signs a periodic checkpoint unless one was signed less than {@code minimumAge} ago or nothing changed since
     * the last checkpoint. Instances serialise on an advisory lock and each checks what the others signed, so a
     * tick of several instances at once signs once.
     */
    public Signing signPeriodicIfDue(Duration minimumAge) {
        clearARefusalAnotherSigningResolved();
        return transactions.execute(status -> {
            if (!store.tryLock(SIGNING_LOCK)) {
                return Signing.skipped(Outcome.LOCKED);
            }
            Instant now = now();
            if (store.lastPeriodic(now).filter(last -> last.isAfter(now.minus(minimumAge))).isPresent()) {
                return Signing.skipped(Outcome.NOT_DUE);
            }
            // Over the last checkpoints signed, as their key signed them: a row's bare root column proves nothing.
            List<Checkpoint> lasts = lastSigned();
            Optional<Checkpoint> last = newest(lasts);
            Map<String, Long> deadLettered = publisher.firstDeadLettered();
            List<StreamHeads.StreamHead> current = continuing(lasts, publishable(heads.all(), deadLettered));
            if (current.isEmpty()) {
                return Signing.skipped(Outcome.NOTHING_RECORDED);
            }
            Checkpoint checkpoint = Checkpoint.of(programme, now.toString(), heads(current), PERIODIC);
            if (last.filter(signed -> signed.root().equals(checkpoint.root())).isPresent()) {
                return Signing.skipped(Outcome.UNCHANGED);
            }
            return store(checkpoint, now, current, deadLettered, null);
        });
    }

    /**
     * Signs the checkpoint of an approval: the approving project's head is the approval event itself, even if
     * the project recorded more since (this runs a moment after the approval was stored), and every other stream
     * is at its head. If a checkpoint already signed the project beyond the approval (a periodic one, signed while
     * the approval processor was behind), it is signed there again: a checkpoint never signs a stream lower than the
     * last one did, and that head's chain holds the approval. Runs in the caller's transaction, the approval
     * processor's, which also moves its token, and holds the signing lock until that transaction ends.
     *
     * @param eventId the approval event's id: an approval is signed once, however often its handling is retried
     */
    public Signing signApproval(String projectId, String periodId, String aggregateId, long sequence, String eventId) {
        // Checkpoints commit in the order of their ids, so the publisher, which sends them by id, never sends a
        // periodic one signed later before this one: a reader of the topic takes its last record as the latest.
        // Waits (a periodic signing is short); a periodic tick meanwhile finds the lock taken and skips.
        store.lock(SIGNING_LOCK);
        StreamHeads.StreamHead approval = heads.at(aggregateId, sequence).orElseThrow(() -> new IllegalStateException(
                "Approval " + eventId + " is not in the event store at " + aggregateId + "/" + sequence));
        // Read once: a letter added between two reads left its event signed yet not waited for.
        Map<String, Long> deadLettered = publisher.firstDeadLettered();
        List<StreamHeads.StreamHead> candidates = new ArrayList<>(publishable(heads.all(), deadLettered));
        candidates.removeIf(head -> head.head().projectId().equals(approval.head().projectId()));
        // Behind a letter in the publisher's dead-letter queue, the approval is not on the topic: its project is
        // signed where every checkpoint signs it, at the event before the letter, and the approval by the first
        // checkpoint after the letter is retried. Signed at the approval, the checkpoint went out at once (it waits
        // for no letter) and a reader of the topic found the project's history cut.
        candidates.addAll(publishable(List.of(approval), deadLettered));
        List<StreamHeads.StreamHead> current = continuing(lastSigned(), candidates);
        Instant now = now();
        Checkpoint checkpoint = Checkpoint.of(programme, now.toString(), heads(current),
                "approval " + projectId + " " + periodId);
        return store(checkpoint, now, current, deadLettered, eventId);
    }

    /**
     * Signs the checkpoint of a closure at once, rather than at the next tick: every stream at its head, as a periodic
     * one signs them, so a verifier holds the project to the checkpoint's time as for any checkpoint but an
     * approval's (the reason's form is the approval's alone). A closed project records nothing, so its head is the
     * closure, unless it was reopened in the moment before the signing: a copy of its history cut back before the
     * closure no longer reaches what the checkpoint signed. Runs in the caller's transaction, as an approval's.
     *
     * @param eventId the closure event's id: a closure is signed once, however often its handling is retried
     */
    public Signing signClosure(String projectId, String eventId) {
        store.lock(SIGNING_LOCK);
        Map<String, Long> deadLettered = publisher.firstDeadLettered();
        List<StreamHeads.StreamHead> current = continuing(lastSigned(), publishable(heads.all(), deadLettered));
        Instant now = now();
        Checkpoint checkpoint = Checkpoint.of(programme, now.toString(), heads(current), "closure " + projectId);
        return store(checkpoint, now, current, deadLettered, eventId);
    }

    private Signing store(Checkpoint checkpoint, Instant issuedAt, List<StreamHeads.StreamHead> signed,
                          Map<String, Long> deadLettered, String triggerEvent) {
        String jws = keys.sign(checkpoint);
        OptionalLong id = store.insert(issuedAt, checkpoint.reason(), checkpoint.root(), checkpoint.heads().size(),
                keys.keyId(), jws, awaited(signed, deadLettered), triggerEvent);
        if (id.isEmpty()) {
            return Signing.skipped(Outcome.ALREADY_SIGNED);
        }
        log.info("Signed checkpoint {} ({}) over {} streams, root {}, key '{}'", id.getAsLong(), checkpoint.reason(),
                checkpoint.heads().size(), checkpoint.root(), keys.keyId());
        remember(new SignedHere(id.getAsLong(), checkpoint));
        return new Signing(Outcome.SIGNED, id.getAsLong());
    }

    private record SignedHere(long id, Checkpoint checkpoint) {
    }

    /** As an instance started since: it knows no checkpoint it signed. For tests of the table's and topic's checks. */
    void forgetWhatItSigned() {
        signedHere.set(null);
    }

    /**
     * Once the transaction commits: a checkpoint rolled back was never signed as far as anyone outside knows. Of two
     * committed in a row, the later one (by id, the order they commit in under the signing lock) is kept, whichever
     * thread gets here first.
     */
    private void remember(SignedHere signed) {
        Runnable keep = () -> signedHere.accumulateAndGet(signed,
                (kept, candidate) -> kept != null && kept.id() > candidate.id() ? kept : candidate);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    keep.run();
                }
            });
        } else {
            keep.run();
        }
    }

    /**
     * The heads to sign: each stream at its candidate head, but never lower than the last checkpoint signed it, nor
     * left out. Refuses to sign over a history that no longer holds what the last checkpoint signed: every stream it
     * signed must still have that event, with that hash. An event deleted from the store, or a history changed and
     * its hashes recomputed, would otherwise be signed afresh by this key, and an auditor who fetches only the newest
     * checkpoint would find nothing wrong.
     *
     * <p>Each checkpoint is checked against the last one alone, so the last one must carry every stream ever signed,
     * each at the highest event ever signed: a stream left out of one checkpoint (a dead letter written for its
     * first event, the hash taken off its last one), or signed lower (an approval's checkpoint signing an earlier
     * head), would be checked by none after it, and its history could then be rewritten and signed. So a stream
     * whose candidate is missing or lower is signed where the last checkpoint signed it, once that event is found
     * unchanged: by induction every checkpoint signs each stream at least as far as every checkpoint before it did.
     * Reads only the streams that moved since, in one statement.
     */
    private List<StreamHeads.StreamHead> continuing(List<Checkpoint> lasts, List<StreamHeads.StreamHead> candidates) {
        List<StreamHeads.StreamHead> signing = candidates;
        for (Checkpoint last : lasts) {
            signing = continuing(last, signing);
        }
        refusedAt.set(null);
        return signing;
    }

    private List<StreamHeads.StreamHead> continuing(Checkpoint last, List<StreamHeads.StreamHead> candidates) {
        Map<String, StreamHeads.StreamHead> signing = new HashMap<>();
        candidates.forEach(head -> signing.put(head.head().projectId(), head));
        List<Head> moved = new ArrayList<>();
        List<String> aggregates = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        for (Head before : last.heads()) {
            StreamHeads.StreamHead current = signing.get(before.projectId());
            if (current != null && current.head().equals(before)) {
                continue;
            }
            moved.add(before);
            for (String aggregate : current != null ? List.of(current.aggregate()) : StreamHeads.aggregates(before)) {
                aggregates.add(aggregate);
                sequences.add(before.sequence());
            }
        }
        Map<Head, StreamHeads.StreamHead> stillThere = new HashMap<>();
        heads.atEach(aggregates, sequences).forEach(found -> stillThere.putIfAbsent(found.head(), found));
        List<String> lost = new ArrayList<>();
        for (Head before : moved) {
            StreamHeads.StreamHead found = stillThere.get(before);
            StreamHeads.StreamHead current = signing.get(before.projectId());
            if (found == null) {
                lost.add(before.projectId() + " event " + before.sequence() + " " + before.hash());
            } else if (current == null || current.head().sequence() < before.sequence()) {
                signing.put(before.projectId(), found);
            }
        }
        if (!lost.isEmpty()) {
            log.error("Not signing: the event store no longer holds, unchanged, {} event(s) the last checkpoint signed "
                    + "(deleted, or changed and re-hashed): {}", lost.size(), lost.subList(0, Math.min(20, lost.size())));
            throw refuse(new HistoryRewritten("The event store no longer holds, unchanged, " + lost.size()
                    + " event(s) the last checkpoint signed, e.g. " + lost.get(0)));
        }
        return List.copyOf(signing.values());
    }

    /**
     * A checkpoint, verified, signed since this instance refused (by another instance, or over the same heads once
     * the store was put back): the refusal was resolved.
     */
    private void clearARefusalAnotherSigningResolved() {
        Instant refused = refusedAt.get();
        if (refused == null) {
            return;
        }
        try {
            newest(lastSigned()).filter(last -> Instant.parse(last.issuedAt()).isAfter(refused))
                    .ifPresent(last -> refusedAt.compareAndSet(refused, null));
        } catch (HistoryRewritten stillRefused) {
            // The newest row is still not Kronika's: the refusal stands.
        }
    }

    /**
     * The last checkpoints signed, as a Kronika key signed them: the table's last row, the topic's last record and the
     * one this instance signed last, each checked, as any may hold a stream further than the others. The table alone is the database an attacker
     * with write access holds too: rows deleted there are still on the topic (read by partners and auditors), and a
     * row that no key signed is no checkpoint. The topic is also ahead of the table after a restore from an older
     * backup. Neither is taken for the other by its time: an instance whose clock ran ahead signs checkpoints dated
     * later than ones signed after them, and checked against that one alone, a stream another signed further since
     * could be rewritten and signed. A topic that cannot be read now is passed over: the table's row still counts.
     * Whoever can write to both PostgreSQL and Kafka can still roll the table back and append an older genuine
     * checkpoint to the topic; the one this instance signed last still names what it vouched for, until it stops.
     */
    private List<Checkpoint> lastSigned() {
        // Rows of a key the set does not hold (taken out as compromised, or not yet known here during a rotation),
        // or of a retired key since its retirement, say nothing this instance can trust, however many there are: the
        // last row of a key it holds counts, and it must be that key's signature.
        Optional<Checkpoint> stored = store.lastJwsOfKeys(keys.signers()).map(jws -> keys.verified(jws)
                .orElseThrow(() -> refuse(new HistoryRewritten("A row of the checkpoints table names a checkpoint key, "
                        + "and that key did not sign it: it was written by something other than Kronika"))));
        Optional<Checkpoint> published = topic.latest().flatMap(keys::verified);
        List<Checkpoint> lasts = new ArrayList<>(3);
        stored.ifPresent(lasts::add);
        published.filter(p -> isNew(lasts, p)).ifPresent(lasts::add);
        Optional.ofNullable(signedHere.get()).map(SignedHere::checkpoint).filter(own -> isNew(lasts, own))
                .ifPresent(lasts::add);
        return lasts;
    }

    /** Not one of these: the same time and root is the same checkpoint, and checking it twice would tell nothing. */
    private static boolean isNew(List<Checkpoint> lasts, Checkpoint candidate) {
        return lasts.stream().noneMatch(last -> last.root().equals(candidate.root())
                && last.issuedAt().equals(candidate.issuedAt()));
    }

    /** The one signed last, by its own time: what a checkpoint over the same heads would repeat. */
    private static Optional<Checkpoint> newest(List<Checkpoint> lasts) {
        return lasts.stream().max(java.util.Comparator.comparing(last -> Instant.parse(last.issuedAt())));
    }

    private HistoryRewritten refuse(HistoryRewritten refusal) {
        refusedAt.set(clock.instant());
        return refusal;
    }

    /** The store lost or changed events an earlier checkpoint signed: no checkpoint is signed until that is resolved. */
    public static final class HistoryRewritten extends IllegalStateException {
        HistoryRewritten(String message) {
            super(message);
        }
    }

    /**
     * The heads as far as they can be published: a stream with an event in the publisher's dead-letter queue is
     * signed at the event before it (left out if that is its first), so that a checkpoint never signs what the topic
     * cannot show (an auditor checking it against the topic would see the stream cut) nor waits, with every
     * checkpoint after it, until an operator retries the letter.
     */
    private List<StreamHeads.StreamHead> publishable(List<StreamHeads.StreamHead> all,
                                                     Map<String, Long> deadLettered) {
        if (deadLettered.isEmpty()) {
            return all;
        }
        List<StreamHeads.StreamHead> publishable = new ArrayList<>(all.size());
        for (StreamHeads.StreamHead head : all) {
            Long first = deadLettered.get(head.aggregate());
            if (first == null || head.head().sequence() < first) {
                publishable.add(head);
            } else if (first > 0) {
                heads.at(head.aggregate(), first - 1).ifPresent(publishable::add);
            }
        }
        return publishable;
    }

    /**
     * The positions of the heads the publisher must have put on the topic before the checkpoint is published. A
     * stream signed at or past an event in the dead-letter queue is signed there only because an earlier checkpoint
     * signed it so far (a republish after the topic was lost, whose letter came after): it is not waited for, since
     * the letter waits for an operator, and every checkpoint after this one would wait with it. The topic shows that
     * stream cut until the letter is retried, which is what it is.
     */
    private List<Long> awaited(List<StreamHeads.StreamHead> signed, Map<String, Long> deadLettered) {
        return signed.stream().filter(head -> {
            Long first = deadLettered.get(head.aggregate());
            return first == null || head.head().sequence() < first;
        }).map(StreamHeads.StreamHead::position).toList();
    }

    /** Milliseconds, as the events' own recording times: a checkpoint's time reads the same in every copy. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static List<Head> heads(List<StreamHeads.StreamHead> heads) {
        return heads.stream().map(StreamHeads.StreamHead::head).toList();
    }
}
