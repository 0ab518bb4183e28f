package org.kronika.command.project;

/**
 * The most a command may list, and the most a project may accumulate of anything one read-model document holds.
 * The read side keeps one document per fact and per-project summaries of aggregates only: these bounds are what
 * keeps every one of those documents small, whatever a client sends. The same numbers are documented in
 * docs/vocabulary.md, "Limits" (its table names each, and {@code LimitsTest} holds it to these numbers); the request
 * records use them too, so the HTTP API and the aggregate agree, and both refuse too many entries in the words of
 * {@link #AT_MOST_ENTRIES}, as {@link TextLimits#AT_MOST} words a too-long text.
 */
public final class Limits {

    /** Entries of {@code specificObjectives} and of {@code targetGroups}. */
    public static final int TEXTS_PER_LIST = 20;
    /** Municipalities a project works in. */
    public static final int MUNICIPALITIES_PER_PROJECT = 50;
    /** Indicators of one project. */
    public static final int INDICATORS_PER_PROJECT = 100;
    /** Redefinitions of one indicator. */
    public static final int REDEFINITIONS_PER_INDICATOR = 100;
    /** Period targets of one indicator (at definition or redefinition). */
    public static final int PERIOD_TARGETS_PER_INDICATOR = 40;
    /** Breakdowns an indicator reports: each of the four dimensions at most once. */
    public static final int DIMENSIONS_PER_INDICATOR = 4;
    /** Entries of a direct measurement's {@code breakdown}. */
    public static final int MEASUREMENT_BREAKDOWN_ENTRIES = 50;
    /** Planned activities of one project. */
    public static final int PLANNED_ACTIVITIES_PER_PROJECT = 200;
    /** {@code indicatorIds} of an activity, of a correction's corrected facts and of a planned activity. */
    public static final int INDICATORS_PER_ACTIVITY = 20;
    /** Corrections of one activity. */
    public static final int CORRECTIONS_PER_ACTIVITY = 100;
    /** Corrections of one direct measurement. */
    public static final int CORRECTIONS_PER_MEASUREMENT = 100;
    /** Amendments of one project's registration details. */
    public static final int AMENDMENTS_PER_PROJECT = 100;
    /**
     * Closures of one project: each is kept, its comment and final reports with it. The last is final: a reopening
     * after it is refused, which leaves the project closed, never open without a closure left to it.
     */
    public static final int CLOSURES_PER_PROJECT = 100;
    /** Forty years of months, quarters and years together, in several calendars. */
    public static final int REPORTING_PERIODS_PER_PROGRAMME = 1000;

    /**
     * Too many entries in a list or map, the one wording of every such bound: each list or map {@code @Size} of the
     * request records gives it as its {@code message} (Bean Validation's own, "size must be between 0 and N", would
     * answer the same mistake in other words than the aggregate's {@code 422}). {@code {max}} is the annotation's own
     * bound, so the message cannot name another number than the one checked.
     */
    public static final String AT_MOST_ENTRIES = "must have at most {max} entries";
    /**
     * {@link #AT_MOST_ENTRIES} for a list that must not be empty either (a project's {@code municipalities}): one
     * wording for too few and too many, since either way the client needs both bounds.
     */
    public static final String FROM_TO_ENTRIES = "must have {min} to {max} entries";

    /** {@link #AT_MOST_ENTRIES} for a bound checked in code rather than by an annotation. */
    public static String atMostEntries(int max) {
        return AT_MOST_ENTRIES.replace("{max}", Integer.toString(max));
    }

    /** {@link #FROM_TO_ENTRIES} for bounds checked in code rather than by an annotation. */
    public static String fromToEntries(int min, int max) {
        return FROM_TO_ENTRIES.replace("{min}", Integer.toString(min)).replace("{max}", Integer.toString(max));
    }

    private Limits() {
    }
}
