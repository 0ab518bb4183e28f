package org.kronika.query.portfolio;

import org.kronika.query.project.ProjectSummary;
import org.kronika.query.readmodel.Lru;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.Tally;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the programme's aggregates equal to the sum of their members' shares. Each project's share is added as
 * the difference from the share last added, and every aggregate records which version of each member it holds, so
 * rolling up the same summaries again (after a restart) changes nothing. What it reads and writes are the
 * aggregates' and cells' {@link Slices}, by slice id: a project's share changes only the slices of its own.
 *
 * <p>Writes go aggregates first, then shares: a crash in between leaves aggregates that already hold the new
 * version, which the next rollup recognises and skips. A project coming into a scope has its share written before
 * the aggregates too ({@link #comingIntoScopes}). Caches assume this instance is the only writer of its
 * generation.
 */
public final class ProgrammeAggregateProjection {

    /**
     * Each cache's bound in bytes, weighed as {@link org.kronika.query.project.ProjectSummary#weight} weighs a
     * summary (about {@value #BYTES_PER_FIGURE} bytes a figure): a share holds a project's tallies per month and
     * place, an aggregate and a cell a line per member project, so counts would let them grow with the programme.
     */
    private static final long CACHE_BYTES = 16L << 20;
    private static final long BYTES_PER_FIGURE = ProgrammeAggregate.BYTES_PER_FIGURE;
    private static final long BYTES_PER_MEMBER = ProgrammeAggregate.BYTES_PER_MEMBER;

    private final ProgrammeAggregates store;
    private final Map<String, ProgrammeShare> shares = Lru.weighed(CACHE_BYTES, ProgrammeAggregateProjection::weight);
    private final Map<String, ProgrammeAggregate> aggregates = Lru.weighed(CACHE_BYTES, ProgrammeAggregate::weight);
    private final Map<String, ProgrammeCell> cells = Lru.weighed(CACHE_BYTES, ProgrammeAggregateProjection::weight);

    public ProgrammeAggregateProjection(ProgrammeAggregates store) {
        this.store = store;
    }

    /** Brings the aggregates up to date with these summaries, as flushed. */
    public void rollUp(Collection<ProjectSummary> summaries) {
        List<ProjectSummary> registered = summaries.stream().filter(ProjectSummary::isRegistered).toList();
        // What this rollup works on is taken out of the caches first: putting into them may evict.
        Map<String, ProgrammeShare> before = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (ProjectSummary summary : registered) {
            if (shares.containsKey(summary.projectId())) {
                before.put(summary.projectId(), shares.get(summary.projectId()));
            } else {
                unknown.add(summary.projectId());
            }
        }
        Map<String, ProgrammeShare> loaded = store.shares(unknown);
        unknown.forEach(id -> before.put(id, loaded.get(id)));
        unknown.forEach(id -> shares.put(id, loaded.get(id)));
        // A share this instance did not write itself may have been written by a writer that stopped before its
        // cells: those are written again whole (see ProgrammeShare#cellsToClear).
        Set<String> uncertain = new HashSet<>(loaded.keySet());

        List<ProgrammeShare[]> changes = new ArrayList<>();
        Set<String> touched = new HashSet<>();
        for (ProjectSummary summary : registered) {
            ProgrammeShare was = before.get(summary.projectId());
            if (was != null && was.version() == summary.version() && !uncertain.contains(summary.projectId())) {
                continue;
            }
            ProgrammeShare after = ProgrammeShare.of(summary);
            changes.add(new ProgrammeShare[]{was, after});
            touched.addAll(parts(after).keySet());
            touched.addAll(parts(was).keySet());
            if (was != null) {
                touched.addAll(was.scopesToClear());
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        // The shares as this rollup makes them: a recount takes these, never the stored ones they replace.
        Map<String, ProgrammeShare> batch = new HashMap<>();
        changes.forEach(change -> batch.put(change[1].projectId(), change[1]));
        store.saveSharesAhead(comingIntoScopes(changes, uncertain));
        Map<String, ProgrammeAggregate> written = new LinkedHashMap<>();
        Set<String> scopes = touched;
        Set<String> stale = new HashSet<>();
        Map<String, ProgrammeAggregate> current = new HashMap<>();
        for (int attempt = 0; attempt < 10 && !scopes.isEmpty(); attempt++) {
            List<String> missing = new ArrayList<>();
            for (String id : scopes) {
                if (!stale.contains(id) && aggregates.containsKey(id)) {
                    current.put(id, aggregates.get(id));
                } else {
                    missing.add(id);
                }
            }
            Map<String, ProgrammeAggregate> found = store.load(missing);
            missing.forEach(id -> current.put(id, found.getOrDefault(id, ProgrammeAggregate.empty(id))));
            missing.forEach(id -> aggregates.put(id, current.get(id)));
            Map<String, ProgrammeAggregate.Changes> changing = new LinkedHashMap<>();
            for (ProgrammeShare[] change : changes) {
                apply(change[0], change[1], changing, scopes, current, batch);
            }
            Map<String, ProgrammeAggregate> changed = new LinkedHashMap<>();
            changing.forEach((scope, replaced) -> changed.put(scope, replaced.aggregate()));
            Set<String> conflicts = store.save(changed.values());
            changed.forEach((scope, aggregate) -> {
                if (!conflicts.contains(scope)) {
                    ProgrammeAggregate next = aggregate.revised();
                    aggregates.put(scope, next);
                    current.put(scope, next);
                    written.put(scope, next);
                }
            });
            // Another instance wrote these meanwhile: read them again; member versions make re-applying safe.
            scopes = conflicts;
            stale.clear();
            stale.addAll(conflicts);
        }
        if (!scopes.isEmpty()) {
            throw new IllegalStateException("Programme aggregates " + scopes + " kept changing under this writer");
        }
        // A project the programme counts at a later version than this rollup's was written by an instance that read
        // further (this one lost the project's partition while writing): its share and lines stay as they are.
        changes.removeIf(change -> {
            ProgrammeAggregate everything = current.get(Slices.of(Scope.programme(null).id(),
                    change[1].projectId()));
            ProgrammeShare.Member member = everything == null ? null
                    : everything.members().get(change[1].projectId());
            boolean overtaken = member != null && member.version() > change[1].version();
            if (overtaken) {
                this.shares.remove(change[1].projectId());
            }
            return overtaken;
        });
        // Shares before cells: a crash in between leaves shares that name the cells to clear.
        Map<String, Map<String, Tally>> lines = new LinkedHashMap<>();
        List<ProgrammeShare> shares = new ArrayList<>();
        for (ProgrammeShare[] change : changes) {
            shares.add(cellLines(change[0], change[1], uncertain.contains(change[1].projectId()), lines));
        }
        store.saveShares(shares);
        writeCells(lines);
        shares.forEach(share -> this.shares.put(share.projectId(), share));
    }

    /**
     * The shares, as they will be stored, of the projects coming into scopes their last share does not name (a new
     * project; a municipality added): written before the aggregates. A writer stopped after the aggregates would
     * otherwise leave the project counted in a scope its stored share does not name, which the next rollup, reading
     * only the scopes of that share and of the new one, never looks at again: left before then (amended away), the
     * project stayed counted there for good. Other shares are written after the aggregates, as the scopes they name
     * cover every one the aggregates count them in.
     */
    private static List<ProgrammeShare> comingIntoScopes(List<ProgrammeShare[]> changes, Set<String> uncertain) {
        List<ProgrammeShare> ahead = new ArrayList<>();
        for (ProgrammeShare[] change : changes) {
            Set<String> before = parts(change[0]).keySet();
            Set<String> after = parts(change[1]).keySet();
            if (!before.containsAll(after)) {
                // The scopes it leaves at the same time (a municipality replaced by another) are named too: the
                // share replaced, which named them, is gone.
                Set<String> leaving = new HashSet<>(before);
                if (change[0] != null) {
                    leaving.addAll(change[0].scopesToClear());
                }
                leaving.removeAll(after);
                ahead.add(cellLines(change[0], change[1], uncertain.contains(change[1].projectId()),
                        new HashMap<>()).leaving(leaving));
            }
        }
        return ahead;
    }

    /**
     * Adds the project's changed lines, by cell (a {@code null} tally: none), and answers its share naming the
     * cells it leaves. Lines are whole tallies, not differences, so writing one again changes nothing.
     */
    private static ProgrammeShare cellLines(ProgrammeShare before, ProgrammeShare after, boolean uncertain,
                                            Map<String, Map<String, Tally>> lines) {
        Map<String, Tally> old = before == null ? Map.of() : before.cells();
        Map<String, Tally> now = after.cells();
        Set<String> left = new HashSet<>(old.keySet());
        if (uncertain) {
            left.addAll(before.cellsToClear());
        }
        left.removeAll(now.keySet());
        left.forEach(cell -> lines.computeIfAbsent(cell, k -> new LinkedHashMap<>()).put(after.projectId(), null));
        now.forEach((cell, tally) -> {
            if (uncertain || !tally.equals(old.get(cell))) {
                lines.computeIfAbsent(cell, k -> new LinkedHashMap<>()).put(after.projectId(), tally);
            }
        });
        return after.clearing(left);
    }

    /**
     * Sets the lines in their cells, each written over the revision it was read at, as the aggregates are;
     * {@value #CELLS_PER_ROUND} cells at a time. A cell holds a line per project active in its month and place, and
     * a rebuild's rollup touches nearly every cell: in a 1,000,000-event rebuild, hundreds of cells of about 300 KB,
     * read and mapped at once, ran the service out of its 768 MB heap.
     */
    private void writeCells(Map<String, Map<String, Tally>> lines) {
        List<String> ids = List.copyOf(lines.keySet());
        for (int from = 0; from < ids.size(); from += CELLS_PER_ROUND) {
            writeCells(lines, Set.copyOf(ids.subList(from, Math.min(ids.size(), from + CELLS_PER_ROUND))));
        }
    }

    private static final int CELLS_PER_ROUND = 16;

    private void writeCells(Map<String, Map<String, Tally>> lines, Set<String> cellIds) {
        Set<String> pending = cellIds;
        Set<String> stale = Set.of();
        for (int attempt = 0; attempt < 10 && !pending.isEmpty(); attempt++) {
            Set<String> reread = stale;
            Set<String> missing = pending.stream().filter(id -> reread.contains(id) || !cells.containsKey(id))
                    .collect(java.util.stream.Collectors.toSet());
            Map<String, ProgrammeCell> found = store.cells(missing);
            Map<String, ProgrammeCell> read = new HashMap<>();
            pending.forEach(id -> read.put(id, missing.contains(id)
                    ? found.getOrDefault(id, ProgrammeCell.empty(id)) : cells.get(id)));
            List<ProgrammeCell> changed = new ArrayList<>();
            for (String id : pending) {
                ProgrammeCell cell = read.get(id).with(lines.get(id));
                if (cell.projects().equals(read.get(id).projects())) {
                    cells.put(id, cell);
                } else {
                    changed.add(cell);
                }
            }
            Map<String, ProgrammeCell> written = store.saveCells(changed);
            cells.putAll(written);
            // Another instance wrote these meanwhile: read them again; whole lines make setting them again safe.
            stale = changed.stream().map(ProgrammeCell::id).filter(id -> !written.containsKey(id))
                    .collect(java.util.stream.Collectors.toSet());
            pending = stale;
        }
        if (!pending.isEmpty()) {
            throw new IllegalStateException("Programme cells " + pending + " kept changing under this writer");
        }
    }

    private void apply(ProgrammeShare before, ProgrammeShare after, Map<String, ProgrammeAggregate.Changes> changed,
                       Set<String> only, Map<String, ProgrammeAggregate> current, Map<String, ProgrammeShare> batch) {
        Map<String, ProgrammeShare.Part> oldParts = parts(before);
        Map<String, ProgrammeShare.Part> newParts = parts(after);
        Set<String> touched = new HashSet<>(oldParts.keySet());
        touched.addAll(newParts.keySet());
        if (before != null) {
            touched.addAll(before.scopesToClear());
        }
        touched.retainAll(only);
        for (String scope : touched) {
            // A scope is copied into changes, and so saved, only once one of its members really changes.
            ProgrammeAggregate.Changes pending = changed.get(scope);
            ProgrammeShare.Member member = pending != null ? pending.member(after.projectId())
                    : current.get(scope).members().get(after.projectId());
            // A member counted at a later version was written by an instance that read further (this one lost the
            // project's partition while writing): an older share never replaces it.
            if (member != null && member.version() >= after.version()) {
                continue;
            }
            ProgrammeShare.Part included;
            if (member == null) {
                included = null;
            } else if (before != null && member.version() == before.version()) {
                included = oldParts.get(scope);
            } else {
                changed.put(scope, new ProgrammeAggregate.Changes(recount(scope,
                        pending != null ? pending.aggregate() : current.get(scope), batch)));
                continue;
            }
            changed.computeIfAbsent(scope, id -> new ProgrammeAggregate.Changes(current.get(id)))
                    .replace(after.projectId(), included, newParts.get(scope));
        }
    }

    /**
     * The aggregate added up again from its members' shares: for a member whose recorded version matches no share
     * at hand, which a writer stopped between the aggregates and the shares, or a lost or edited read store, causes.
     * The batch's projects count with the shares this rollup made (a stored one may be the stopped writer's, older
     * than the aggregate); every other member with its stored share. A batch project that is not yet a member joins.
     * One the aggregate counts at a later version than this rollup's counts with its stored share: an instance that
     * read further wrote it (this one lost the project's partition while rolling up), as {@link #apply} leaves it.
     */
    private ProgrammeAggregate recount(String scope, ProgrammeAggregate aggregate, Map<String, ProgrammeShare> batch) {
        Map<String, ProgrammeShare> own = new HashMap<>();
        batch.forEach((projectId, share) -> {
            ProgrammeShare.Member member = aggregate.members().get(projectId);
            if (member == null || member.version() <= share.version()) {
                own.put(projectId, share);
            }
        });
        List<String> others = new ArrayList<>(aggregate.members().keySet());
        others.removeAll(own.keySet());
        ProgrammeAggregate fresh = new ProgrammeAggregate(scope, aggregate.revision(),
                java.util.Collections.emptySortedMap(), org.kronika.query.tally.PeriodTallies.EMPTY,
                java.util.Collections.emptySortedMap(), java.util.Collections.emptySortedMap());
        ProgrammeAggregate.Changes recounted = new ProgrammeAggregate.Changes(fresh);
        List<ProgrammeShare> counted = new ArrayList<>(store.shares(others).values());
        counted.addAll(own.values());
        for (ProgrammeShare share : counted) {
            ProgrammeShare.Part part = parts(share).get(scope);
            if (part != null) {
                recounted.replace(share.projectId(), null, part);
            }
        }
        return recounted.aggregate();
    }

    /** The share's part of each aggregate it belongs to, by the id of the aggregate's slice that holds it. */
    private static Map<String, ProgrammeShare.Part> parts(ProgrammeShare share) {
        Map<String, ProgrammeShare.Part> byId = new LinkedHashMap<>();
        if (share != null) {
            share.parts().forEach((scope, part) -> byId.put(Slices.of(scope.id(), share.projectId()), part));
        }
        return byId;
    }

    private static long weight(ProgrammeShare share) {
        long figures = share.totals().figures();
        for (PeriodTallies place : share.byMunicipality().values()) {
            figures += place.figures();
        }
        return BYTES_PER_MEMBER + figures * BYTES_PER_FIGURE;
    }

    private static long weight(ProgrammeCell cell) {
        long figures = 0;
        for (Tally tally : cell.projects().values()) {
            figures += tally.figures();
        }
        return BYTES_PER_MEMBER + figures * BYTES_PER_FIGURE;
    }
}
