package org.kronika.query.project;

/**
 * @param recorded     activities ever recorded, retracted ones included; the next activity's ordinal
 * @param active       recorded and not retracted
 * @param corrected    corrected at least once
 * @param retracted    withdrawn
 * @param measurements direct measurements recorded; the next measurement's ordinal
 */
public record ActivityCounts(long recorded, long active, long corrected, long retracted, long measurements) {

    public static final ActivityCounts NONE = new ActivityCounts(0, 0, 0, 0, 0);
}
