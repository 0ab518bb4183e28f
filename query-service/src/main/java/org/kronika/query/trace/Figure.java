package org.kronika.query.trace;

import java.util.List;

/**
 * Which figure of a project to trace: a cell of its totals or of one indicator's progress, narrowed by any of
 * reporting period, municipality and participant category.
 *
 * @param indicatorId  the indicator whose progress it is, or {@code null} for the project's activity totals
 * @param period       a reporting period or an {@code outside:} month, or {@code null} for every period
 * @param municipality a municipality of the programme, {@code (none)} for national level, or {@code null} for all
 * @param category     {@code sex:female}, {@code ageBand:18-24}, {@code community:serb} (participants in that
 *                     category; {@code unspecified} for those a breakdown leaves out) or {@code type:media-produced}
 *                     (activities of that type), or {@code null}
 */
public record Figure(String indicatorId, String period, String municipality, String category) {

    /** The breakdowns a category may name, as the read models name them. */
    public static final List<String> DIMENSIONS = List.of("sex", "ageBand", "community", "type");
    public static final String UNSPECIFIED = "unspecified";
    /**
     * What a category looks like, a breakdown of {@link #DIMENSIONS} and a value, as the constructor holds it to;
     * {@code age-band}, as commands, indicators' dimensions and measurements' breakdowns spell it, is {@code ageBand}.
     */
    public static final String CATEGORY = "^(sex|ageBand|age-band|community|type):.+$";
    private static final String AGE_BAND_AS_COMMANDS_SPELL_IT = "age-band:";

    public Figure {
        if (category != null) {
            if (!category.matches(CATEGORY)) {
                throw new IllegalArgumentException("must be one of " + DIMENSIONS + " and a value, e.g. sex:female");
            }
            if (category.startsWith(AGE_BAND_AS_COMMANDS_SPELL_IT)) {
                category = "ageBand:" + category.substring(AGE_BAND_AS_COMMANDS_SPELL_IT.length());
            }
        }
    }

    public static Figure whole() {
        return new Figure(null, null, null, null);
    }

    public Figure withPeriod(String bucket) {
        return new Figure(indicatorId, bucket, municipality, category);
    }

    public Figure withMunicipality(String place) {
        return new Figure(indicatorId, period, place, category);
    }

    /** @param dimension one of {@link #DIMENSIONS} */
    public Figure withCategory(String dimension, String value) {
        return new Figure(indicatorId, period, municipality, dimension + ":" + value);
    }

    public String dimension() {
        return category == null ? null : category.substring(0, category.indexOf(':'));
    }

    public String categoryValue() {
        return category == null ? null : category.substring(category.indexOf(':') + 1);
    }
}
