package org.kronika.query.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The generations of read models and which one is live, kept in the {@code read_models} collection beside them.
 * Moving the live pointer is one single-document write, so every reader sees either the old generation or the new
 * one, never a mix.
 */
public class Generations {

    public static final String COLLECTION = "read_models";

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;
    private final int schemaVersion;
    private volatile Generation live;

    public Generations(MongoDatabase database, int schemaVersion) {
        this.database = database;
        this.collection = database.getCollection(COLLECTION);
        this.schemaVersion = schemaVersion;
    }

    public int schemaVersion() {
        return schemaVersion;
    }

    private String pointer() {
        return "live-v" + schemaVersion;
    }

    /** The generation queries read from; cached, refreshed by {@link #refresh()}. */
    public Optional<Generation> live() {
        Generation current = live;
        if (current == null) {
            current = refresh().orElse(null);
        }
        return Optional.ofNullable(current);
    }

    /** Whether queries read {@code generation}, as last known here (every few seconds; at once after a switch). */
    public boolean isLive(Generation generation) {
        Generation current = live;
        return current != null && current.number() == generation.number();
    }

    public Optional<Generation> refresh() {
        Document doc = collection.find(Filters.eq("_id", pointer())).first();
        live = doc == null ? null : new Generation(doc.getInteger("generation"), schemaVersion);
        return Optional.ofNullable(live);
    }

    /**
     * The generation to build from the topic: a new one, or the one another instance is building from it already.
     * Two instances deciding at once (two replicas started together on an empty read store, a rebuild asked of both,
     * both finding the read store emptied) each built the whole topic, and the second to go live dropped the
     * generation before the first while instances could still be reading it. The one that claims the topic's build
     * first builds; a claim naming a generation no longer being built (gone live, retired, dropped, or a candidate
     * left by an instance that stopped before it claimed) is taken over. Until its claim is won a generation is a
     * candidate, which no instance follows or names as the rebuild under way: one that loses is dropped unseen.
     */
    public Generation startBuilding(TopicIdentity topic, String reason) {
        Generation mine = create(topic, reason, GenerationState.CANDIDATE);
        String claim = "building-v" + schemaVersion + "-" + topic.topicId();
        while (true) {
            try {
                collection.insertOne(new Document("_id", claim).append("generation", mine.number()));
                return building(mine);
            } catch (com.mongodb.MongoWriteException e) {
                if (e.getError().getCode() != 11000) {
                    drop(mine);
                    throw e;
                }
            }
            Document held = collection.find(Filters.eq("_id", claim)).first();
            if (held == null) {
                continue;
            }
            Generation theirs = new Generation(held.getInteger("generation"), schemaVersion);
            if (state(theirs).filter(this::underWay).isPresent()) {
                drop(mine);
                return theirs;
            }
            if (collection.updateOne(Filters.and(Filters.eq("_id", claim), Filters.eq("generation", theirs.number())),
                    Updates.set("generation", mine.number())).getModifiedCount() == 1) {
                return building(mine);
            }
        }
    }

    /** How long a candidate may take from its creation to its claim before another instance takes the claim over. */
    private static final java.time.Duration CLAIMING_AT_MOST = java.time.Duration.ofMinutes(1);

    /** Being built, or a candidate that won its claim a moment ago and is about to be. */
    private boolean underWay(GenerationState state) {
        return GenerationState.BUILDING.equals(state.status()) || GenerationState.CANDIDATE.equals(state.status())
                && state.createdAt().plus(CLAIMING_AT_MOST).isAfter(Instant.now());
    }

    private Generation building(Generation candidate) {
        collection.updateOne(Filters.and(Filters.eq("_id", candidate.id()),
                Filters.eq("status", GenerationState.CANDIDATE)), Updates.set("status", GenerationState.BUILDING));
        return candidate;
    }

    /** A new generation to build from the topic, whatever else is being built ({@link #startBuilding} decides). */
    public Generation create(TopicIdentity topic, String reason) {
        return create(topic, reason, GenerationState.BUILDING);
    }

    private Generation create(TopicIdentity topic, String reason, String status) {
        while (true) {
            Document counter = collection.findOneAndUpdate(Filters.eq("_id", "next-generation"),
                    Updates.inc("value", 1),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
            Generation generation = new Generation(counter.getInteger("value"), schemaVersion);
            try {
                collection.insertOne(new Document("_id", generation.id())
                        .append("schemaVersion", schemaVersion)
                        .append("status", status)
                        .append("topic", topic.name())
                        .append("topicId", topic.topicId())
                        .append("partitions", topic.partitions())
                        .append("offsets", new Document())
                        .append("applied", 0L)
                        .append("createdAt", Instant.now().toString())
                        // Writers' tokens start from the time, not from 0: a generation made anew under the same
                        // number (the read store emptied) must give its writers tokens above those of its
                        // predecessor's still running.
                        .append("writers", System.currentTimeMillis())
                        .append("reason", reason)
                        .append("consumerGroup", legacyGroup(generation) + "-" + java.util.UUID.randomUUID()
                                .toString().replace("-", "").substring(0, 12)));
            } catch (com.mongodb.MongoWriteException e) {
                if (e.getError().getCode() != 11000) {
                    throw e;
                }
                // Another instance was given the same number at the same moment (the stand-in's counter is not
                // atomic across connections): take the next.
                continue;
            }
            // Only once the number is its own: dropped before, it could be another instance's new generation's.
            dropCollections(generation);
            return generation;
        }
    }

    /**
     * A token for a writer of the generation's read models, higher than every one given before: an instance takes one
     * each time it is given partitions, so whoever is given a partition later writes its projects' facts with a
     * higher token than whoever had it before, and a writer that lost its partitions unawares cannot write over its
     * successor's ({@link Writes#replaceUnlessFenced}).
     */
    public long nextWriter(Generation generation) {
        Document doc = collection.findOneAndUpdate(Filters.eq("_id", generation.id()), Updates.inc("writers", 1L),
                new FindOneAndUpdateOptions().projection(new Document("writers", 1))
                        .returnDocument(ReturnDocument.AFTER));
        if (doc == null) {
            throw new IllegalStateException("Read models " + generation.id() + " are gone: no writer for them");
        }
        return ((Number) doc.get("writers")).longValue();
    }

    /**
     * The held ranges the generation's checkpoints counted without reading them ({@link #saveOffsets}): one per
     * release a stop interrupted or held events applied from the store, which happen only after a fault.
     */
    public List<HeldRange> countedHeld(Generation generation) {
        Document doc = collection.find(Filters.eq("_id", generation.id()))
                .projection(com.mongodb.client.model.Projections.include(COUNTED_HELD)).first();
        List<HeldRange> ranges = new ArrayList<>();
        if (doc != null && doc.get(COUNTED_HELD) != null) {
            for (Document range : doc.getList(COUNTED_HELD, Document.class)) {
                ranges.add(new HeldRange(range.getString("projectId"), ((Number) range.get("from")).longValue(),
                        ((Number) range.get("to")).longValue()));
            }
        }
        return ranges;
    }

    private static final String COUNTED_HELD = "countedHeld";
    /** A generation's state without its counted ranges, which only a projector's start reads. */
    private static final org.bson.conversions.Bson WITHOUT_RANGES =
            com.mongodb.client.model.Projections.exclude(COUNTED_HELD);

    /**
     * The generation's state, if it is one of this schema's: generations of every schema share one counter, so the
     * number of another schema's (an older version's, still live for its instances during an upgrade) names no
     * generation here, and must never be dropped or compared as if it were one.
     */
    public Optional<GenerationState> state(Generation generation) {
        return Optional.ofNullable(collection.find(Filters.and(Filters.eq("_id", generation.id()),
                Filters.eq("schemaVersion", schemaVersion))).projection(WITHOUT_RANGES).first())
                .map(this::state);
    }

    public List<GenerationState> all() {
        List<GenerationState> states = new ArrayList<>();
        for (Document doc : collection.find(Filters.eq("schemaVersion", schemaVersion)).projection(WITHOUT_RANGES)) {
            states.add(state(doc));
        }
        states.sort(java.util.Comparator.comparingInt(s -> s.generation().number()));
        return states;
    }

    private GenerationState state(Document doc) {
        TreeMap<Integer, Long> offsets = new TreeMap<>();
        doc.get("offsets", Document.class).forEach((partition, next) ->
                offsets.put(Integer.parseInt(partition), ((Number) next).longValue()));
        Generation generation = new Generation(Integer.parseInt(doc.getString("_id").substring(1)), schemaVersion);
        return new GenerationState(generation,
                doc.getString("status"), doc.getString("topic"), doc.getString("topicId"), doc.getInteger("partitions"),
                offsets, ((Number) doc.get("applied")).longValue(), Instant.parse(doc.getString("createdAt")),
                doc.getString("liveSince") == null ? null : Instant.parse(doc.getString("liveSince")),
                doc.getString("reason"), Optional.ofNullable(doc.getString("consumerGroup"))
                        .orElseGet(() -> legacyGroup(generation)));
    }

    /**
     * The group of a generation created before each had its own: shared by every read store's generation of that
     * number, which split a topic's partitions between two read stores. Kept for those, so instances of one read
     * store, upgraded one at a time, stay in one group.
     */
    private static String legacyGroup(Generation generation) {
        return "kronika-query-" + generation.schemaVersion() + "-" + generation.id();
    }

    /**
     * The checkpoint of the partitions one instance reads, written after everything before it is written; other
     * partitions' positions are other instances' to write.
     *
     * @param createdAt when the generation this checkpoint belongs to was created: a projection that started before
     *                  its generation was dropped, or made anew under the same number (the read store emptied),
     *                  must not put its positions on the new one, whose collections lack what they stand for
     * @param applied   events applied since the last checkpoint
     * @param counted   the held ranges among them that were counted without being read ({@link HeldRange})
     * @throws IllegalStateException that generation is gone: the projection starts again from what is stored now
     */
    public void saveOffsets(Generation generation, Instant createdAt, Map<Integer, Long> offsets, long applied,
                            List<HeldRange> counted) {
        List<org.bson.conversions.Bson> updates = new ArrayList<>();
        // Never back: a writer that lost its partitions while writing must not take a position its successor passed.
        new TreeMap<>(offsets).forEach((partition, next) -> updates.add(Updates.max("offsets." + partition, next)));
        updates.add(Updates.inc("applied", applied));
        if (!counted.isEmpty()) {
            // In the same update as the count: counted, and said so, or neither.
            updates.add(Updates.pushEach(COUNTED_HELD, counted.stream().map(range -> new Document("projectId",
                    range.projectId()).append("from", range.from()).append("to", range.to())).toList()));
        }
        var result = collection.updateOne(Filters.and(Filters.eq("_id", generation.id()),
                Filters.eq("createdAt", String.valueOf(createdAt))), Updates.combine(updates));
        if (result.getMatchedCount() == 0) {
            throw new IllegalStateException("Read models " + generation.id() + " created at " + createdAt
                    + " are gone (dropped, or the read store was emptied); their checkpoint is not written");
        }
    }

    /**
     * Makes {@code generation} the one queries read, unless the pointer moved away from {@code from} meanwhile (another
     * instance switched first): then nothing changes and the answer is false. Moving the pointer is the switch; the
     * statuses follow it, and a switch cut short between them is finished by {@link #settle}.
     */
    public boolean switchTo(Generation generation, Optional<Generation> from) {
        try {
            var moved = collection.updateOne(Filters.and(Filters.eq("_id", pointer()),
                            Filters.eq("generation", from.map(Generation::number).orElse(null))),
                    Updates.combine(Updates.set("generation", generation.number()),
                            Updates.set("previous", from.map(Generation::number).orElse(null))),
                    new com.mongodb.client.model.UpdateOptions().upsert(from.isEmpty()));
            if (moved.getMatchedCount() == 0 && moved.getUpsertedId() == null) {
                return false;
            }
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCode() == 11000) {
                return false; // another instance's first generation went live first
            }
            throw e;
        }
        live = generation;
        settle(generation.number(), from.map(Generation::number).orElse(null));
        return true;
    }

    /**
     * Brings the statuses in line with the last switch, as the pointer records it: the generation it names is live,
     * the one it replaced retired (a switch cut short after the pointer moved, by a crash or a failed write, is
     * finished so). A status only ever moves forward (building, live, retired), so an instance acting on a switch
     * that another has since followed with a newer one changes nothing.
     */
    public void settle() {
        Document pointer = collection.find(Filters.eq("_id", pointer())).first();
        if (pointer != null) {
            settle(pointer.getInteger("generation"), pointer.getInteger("previous"));
        }
    }

    private void settle(int pointedNumber, Integer previous) {
        Generation pointed = new Generation(pointedNumber, schemaVersion);
        collection.updateOne(Filters.and(Filters.eq("_id", pointed.id()), Filters.eq("status", GenerationState.BUILDING)),
                Updates.combine(Updates.set("status", GenerationState.LIVE),
                        Updates.set("liveSince", Instant.now().toString())));
        if (previous != null && previous != pointed.number()) {
            collection.updateOne(Filters.eq("_id", new Generation(previous, schemaVersion).id()),
                    Updates.set("status", GenerationState.RETIRED));
        }
    }

    /** Gives up a generation being built (from a topic that is gone): it is dropped at the next switch. */
    public void retire(Generation generation) {
        collection.updateOne(Filters.eq("_id", generation.id()), Updates.set("status", GenerationState.RETIRED));
    }

    /**
     * Drops a generation's collections; never the live one, as the store says now. A switch to it under way as it is
     * dropped leaves the pointer on a generation that is gone, which the projecting service lets go of
     * ({@link #letGoOfLive}).
     */
    public void drop(Generation generation) {
        if (refresh().filter(l -> l.number() == generation.number()).isPresent()) {
            throw new IllegalArgumentException("Generation " + generation.number() + " is live");
        }
        dropCollections(generation);
        collection.deleteOne(Filters.eq("_id", generation.id()));
    }

    /**
     * Empties the live pointer if it still names {@code gone}, a generation that no longer exists: the read models are
     * then built again, as after a read store emptied.
     */
    public void letGoOfLive(Generation gone) {
        collection.deleteOne(Filters.and(Filters.eq("_id", pointer()), Filters.eq("generation", gone.number())));
        refresh();
    }

    /** Whatever a lost or interrupted earlier life of this number left behind. */
    private void dropCollections(Generation generation) {
        String prefix = generation.collection("");
        for (String name : database.listCollectionNames()) {
            if (name.startsWith(prefix)) {
                database.getCollection(name).drop();
            }
        }
    }

    /** Asks the projecting service to rebuild; it picks the request up within a few seconds. */
    public void requestRebuild(String reason) {
        collection.updateOne(Filters.eq("_id", "rebuild-request-v" + schemaVersion),
                Updates.combine(Updates.set("reason", reason), Updates.set("requestedAt", Instant.now().toString())),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
    }

    /** The pending rebuild request's reason, removing it; empty if there is none. */
    public Optional<String> takeRebuildRequest() {
        Document request = collection.findOneAndDelete(Filters.eq("_id", "rebuild-request-v" + schemaVersion));
        return Optional.ofNullable(request).map(r -> r.getString("reason"));
    }

    public MongoDatabase database() {
        return database;
    }
}
