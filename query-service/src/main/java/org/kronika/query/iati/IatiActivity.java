package org.kronika.query.iati;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One project as an IATI 2.03 {@code iati-activity}: every value already mapped to IATI's codes and words, in the
 * order the schema wants them, so writing it is only syntax. See docs/iati.md for where each value comes from.
 *
 * @param lastUpdated when the last event it reflects was recorded, or the start of the last day that changed what the
 *                    file judges by its day, if later
 */
public record IatiActivity(String identifier, Instant lastUpdated, String language, Organisation reportingOrg,
                           String title, List<Description> descriptions, List<Participant> participants,
                           String status, List<ActivityDate> dates, List<Country> countries,
                           List<Location> locations, Sector sector, List<DocumentLink> documents,
                           List<Result> results) {

    /** @param ref null where the organisation has no IATI identifier */
    public record Organisation(String ref, String type, String name) {
    }

    public record Participant(Organisation organisation, String role) {
    }

    public record Description(String type, String text) {
    }

    public record ActivityDate(String type, LocalDate date) {
    }

    public record Country(String code, String name, BigDecimal percentage) {
    }

    /**
     * A municipality: named, placed in its country by the administrative vocabulary, classed as an
     * administrative region of the given feature designation.
     */
    public record Location(String ref, String name, String description, String administrativeVocabulary,
                           String country, String locationClass, String featureDesignation) {
    }

    public record Sector(String vocabulary, String code, String name) {
    }

    /** @param sha256 the document's content hash, so a reader holding a copy can check it is the same one */
    public record DocumentLink(String url, String format, String title, String description, String category,
                               LocalDate date, String sha256) {
    }

    public record Result(String type, String title, List<Indicator> indicators) {
    }

    /**
     * @param id           the indicator's id in the logframe
     * @param aggregatable IATI's aggregation-status: whether values may be added up across activities
     */
    public record Indicator(String id, String measure, boolean ascending, boolean aggregatable, String title,
                            String description, Baseline baseline, List<Period> periods) {
    }

    public record Baseline(int year, LocalDate date, BigDecimal value) {
    }

    /**
     * @param periodId the programme's reporting period, or the month ({@code outside:2021-11}) of figures dated
     *                 outside every reporting period
     * @param target   null where the logframe sets none for the period
     * @param actual   null where nothing can be said yet: a period not started, or one without any value of an
     *               indicator that is not added up
     */
    public record Period(String periodId, LocalDate start, LocalDate end, BigDecimal target, Actual actual) {
    }

    /**
     * @param value      achieved within the period
     * @param cumulative achieved by the period's end, the figure the logframe's period targets are set against
     * @param sources    documents the period's direct measurements come from
     * @param breakdown  the value per category of each dimension the indicator reports
     * @param ended      whether the period had ended by the file's day: while it runs, the figure by its end is the
     *                   figure so far
     */
    public record Actual(BigDecimal value, BigDecimal cumulative, List<DocumentLink> sources,
                         List<DimensionValue> breakdown, boolean ended) {
    }

    /** @param locationRef the activity's location the value is at, for a municipality; null otherwise */
    public record DimensionValue(String dimension, String category, String locationRef, BigDecimal value) {
    }
}
