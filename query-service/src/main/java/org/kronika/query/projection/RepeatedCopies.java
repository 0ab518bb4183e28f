package org.kronika.query.projection;

import org.kronika.events.chain.CanonicalJson;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.readmodel.Keys;
import org.kronika.query.stream.ReceivedEvent;
import org.kronika.query.stream.RejectedRecords;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records that claim an event of a project that the projection had applied or held already. An identical one is a
 * delivery repeated, passed over; one that differs means two different records claim the event, and one of them
 * was forged or altered (the verifier calls them CONFLICTING_COPIES). The projection keeps the copy it read first,
 * which may be the forged one, published before the real one: so the project is noted among the generation's
 * rejected records, and its verification is never complete while the topic holds both.
 *
 * <p>Costs nothing for an event read once: only a repeated copy is compared, with the batch's other copies in
 * memory, else with the stored one, read by id with the batch's others at once.
 */
final class RepeatedCopies {

    private final ProjectHistory history;
    private final HeldEvents held;
    private final RejectedRecords rejected;
    private final ProjectionMetrics metrics;

    RepeatedCopies(ReadModelStores stores, ProjectionMetrics metrics) {
        this.metrics = metrics;
        this.history = stores.history();
        this.held = stores.held();
        this.rejected = new RejectedRecords(stores.generations().database()).in(stores.generation());
    }

    /**
     * Before the batch is written: held again, a copy would replace the one held.
     *
     * @param batch    each project's events of the batch, in the order read
     * @param repeated those of them whose sequence their project had applied or held already when they came
     */
    void compare(Collection<List<ReceivedEvent>> batch, Collection<ReceivedEvent> repeated) {
        if (repeated.isEmpty()) {
            return;
        }
        Set<ReceivedEvent> copies = Collections.newSetFromMap(new IdentityHashMap<>());
        copies.addAll(repeated);
        Map<String, ReceivedEvent> first = new HashMap<>();
        List<String> stored = new ArrayList<>();
        for (List<ReceivedEvent> events : batch) {
            for (ReceivedEvent event : events) {
                String id = Keys.numbered(event.projectId(), event.sequence());
                ReceivedEvent before = first.putIfAbsent(id, event);
                if (before != null) {
                    compare(before, event);
                } else if (copies.contains(event)) {
                    // The first copy came in an earlier batch: it is in the history, or held.
                    stored.add(id);
                }
            }
        }
        if (stored.isEmpty()) {
            return;
        }
        Map<String, ReceivedEvent> found = new HashMap<>();
        history.entries(stored).forEach((id, entry) -> found.put(id, entry.received()));
        found.putAll(held.find(stored.stream().filter(id -> !found.containsKey(id)).toList()));
        found.forEach((id, before) -> compare(before, first.get(id)));
    }

    private void compare(ReceivedEvent before, ReceivedEvent copy) {
        if (Copy.of(before).equals(Copy.of(copy))) {
            return;
        }
        ReceivedEvent.Position at = copy.placed();
        String reason = "two different records claim event " + copy.sequence() + ": this one"
                + " (ce_id " + copy.eventId() + ", ce_hash " + copy.hash() + ") and one read before it (ce_id "
                + before.eventId() + ", ce_hash " + before.hash() + "), which the read side applied or held in its "
                + "place; they differ in " + differences(before, copy) + "; one of them was forged or altered";
        // An operator learns of it as of any record set aside: listed, counted (the alert on rejected records); then
        // its project's verification, which is what one waiting for it watches.
        if (rejected.setAside(copy, reason)) {
            metrics.conflicting();
        }
        rejected.note(copy.projectId(), new RejectedRecords.Rejection(at.partition(), at.offset(),
                Long.toString(copy.sequence()), reason));
    }

    /**
     * What differs between two records of one event. A forger who keeps the original's ce_id and ce_hash leaves two
     * records the reason would otherwise name alike: it says where they part.
     */
    private static String differences(ReceivedEvent before, ReceivedEvent copy) {
        List<String> differ = Copy.of(before).differencesFrom(Copy.of(copy));
        // Equal in each member and yet not one delivery: what remains is how the data is written (its bytes).
        return differ.isEmpty() ? "how their data is written" : String.join(", ", differ);
    }

    /**
     * What two deliveries of one record share: all that the read models keep of it (what the verifier compares,
     * every header, includes this), its data compared in its canonical form, as the chain hashes it.
     */
    private record Copy(String eventId, String type, String time, ReceivedEvent.Actor actor, String hash,
                        String prevHash, Object data) {

        static Copy of(ReceivedEvent event) {
            Object data;
            try {
                data = CanonicalJson.write(event.data());
            } catch (IllegalArgumentException noCanonicalForm) {
                data = event.data();
            }
            return new Copy(event.eventId(), event.type(), event.time(),
                    event.actor() == null ? ReceivedEvent.Actor.UNKNOWN : event.actor(), event.hash(), event.prevHash(),
                    data);
        }

        /** The members in which the other copy differs from this one, by the names a reader knows them by. */
        List<String> differencesFrom(Copy other) {
            List<String> differ = new ArrayList<>();
            Map<String, java.util.function.Function<Copy, Object>> members = new java.util.LinkedHashMap<>();
            members.put("ce_id", Copy::eventId);
            members.put("ce_type", Copy::type);
            members.put("ce_time", Copy::time);
            members.put("the actor", Copy::actor);
            members.put("ce_prevhash", Copy::prevHash);
            members.put("ce_hash", Copy::hash);
            members.put("their data", Copy::data);
            members.forEach((name, member) -> {
                if (!java.util.Objects.equals(member.apply(this), member.apply(other))) {
                    differ.add(name);
                }
            });
            return differ;
        }
    }
}
