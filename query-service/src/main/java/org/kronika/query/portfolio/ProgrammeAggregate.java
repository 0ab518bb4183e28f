package org.kronika.query.portfolio;

import org.kronika.query.tally.Counts;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.Tally;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The programme's figures in one scope (see {@link Scope}): the sum of its member projects' shares, and each
 * member's line. Its size grows with the number of projects in the scope, never with their history; it is stored in
 * {@link Slices}, each the aggregate of the scope's projects in one slice, and read as their sum.
 *
 * @param scope          the scope's id, or a slice's ({@link Slices#of}) as stored
 * @param revision       how many times it was written: every write names the one it read, so two instances
 *                       adding shares at once cannot lose either; of a scope read whole, the sum of its slices'
 *                       revisions, which moves whenever one of them is written
 * @param members        every project in the scope (of a slice, in the slice) with the version whose share the
 *                       figures include
 * @param totals         activities and participants, overall and per reporting period
 * @param byMunicipality per municipality, for programme scopes (empty for a municipality's own scope)
 * @param reports        how many of its members' reports are in each status the reporting workflow gives
 *                       ({@link ProgrammeShare#REPORT_STATUSES}), for programme scopes (empty for a municipality's):
 *                       the count beside each list of reports by status, read alone, whatever the programme holds
 */
public record ProgrammeAggregate(String scope, long revision, SortedMap<String, ProgrammeShare.Member> members,
                                 PeriodTallies totals, SortedMap<String, Tally> byMunicipality,
                                 SortedMap<String, Long> reports) {

    public ProgrammeAggregate {
        members = Collections.unmodifiableSortedMap(new TreeMap<>(members));
        byMunicipality = Collections.unmodifiableSortedMap(new TreeMap<>(byMunicipality));
        reports = Counts.of(reports);
    }

    static ProgrammeAggregate empty(String scope) {
        return new ProgrammeAggregate(scope, 0, Collections.emptySortedMap(), PeriodTallies.EMPTY,
                Collections.emptySortedMap(), Collections.emptySortedMap());
    }

    /** The scope's aggregate as the sum of its slices (none: empty). */
    static ProgrammeAggregate sum(String scope, Iterable<ProgrammeAggregate> slices) {
        Changes sum = new Changes(empty(scope));
        long revision = 0;
        for (ProgrammeAggregate slice : slices) {
            revision += slice.revision();
            sum.members.putAll(slice.members());
            sum.add(new ProgrammeShare.Part(null, slice.totals(), slice.byMunicipality(), slice.reports()), 1);
        }
        ProgrammeAggregate whole = sum.aggregate();
        return new ProgrammeAggregate(scope, revision, whole.members(), whole.totals(), whole.byMunicipality(),
                whole.reports());
    }

    /**
     * About how many bytes it takes in memory, as {@code ProjectSummary#weight} weighs a summary: what caches of
     * aggregates are bounded by, since an aggregate holds a line per member project.
     */
    public long weight() {
        return members.size() * BYTES_PER_MEMBER + (totals.figures() + byMunicipality.size() * 8L) * BYTES_PER_FIGURE;
    }

    /** A member's line: its title, organisation and municipalities, and its figures. */
    static final long BYTES_PER_MEMBER = 400;
    static final long BYTES_PER_FIGURE = 100;

    /** The same figures written as the next revision. */
    ProgrammeAggregate revised() {
        return new ProgrammeAggregate(scope, revision + 1, members, totals, byMunicipality, reports);
    }

    /**
     * Members' parts replaced one after another, made into one aggregate at the end: a rollup changes many members
     * of one scope, and copying the members for each of them would cost the scope's size times the changes.
     */
    static final class Changes {

        private final ProgrammeAggregate base;
        private final TreeMap<String, ProgrammeShare.Member> members;
        private PeriodTallies totals;
        private SortedMap<String, Tally> places;
        private SortedMap<String, Long> reports;

        Changes(ProgrammeAggregate base) {
            this.base = base;
            this.members = new TreeMap<>(base.members());
            this.totals = base.totals();
            this.places = base.byMunicipality();
            this.reports = base.reports();
        }

        ProgrammeShare.Member member(String projectId) {
            return members.get(projectId);
        }

        /** A member's part replaced: {@code before} taken away (if any), {@code after} added (if any). */
        Changes replace(String projectId, ProgrammeShare.Part before, ProgrammeShare.Part after) {
            if (before != null) {
                add(before, -1);
                members.remove(projectId);
            }
            if (after != null) {
                add(after, 1);
                members.put(projectId, after.member());
            }
            return this;
        }

        private void add(ProgrammeShare.Part part, int sign) {
            totals = totals.plus(part.totals(), sign);
            places = Counts.combine(places, part.byMunicipality(), Tally.EMPTY, (a, b) -> a.plus(b, sign),
                    Tally::isEmpty);
            reports = Counts.addAll(reports, part.reports(), sign);
        }

        ProgrammeAggregate aggregate() {
            return new ProgrammeAggregate(base.scope(), base.revision(), members, totals, places, reports);
        }
    }
}
