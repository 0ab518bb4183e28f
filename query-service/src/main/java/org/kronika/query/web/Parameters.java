package org.kronika.query.web;

import org.kronika.query.programme.Programme;
import org.kronika.query.readmodel.Page;
import org.kronika.security.QueryValues;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reads query parameters, naming the one that is wrong. */
public final class Parameters {

    private Parameters() {
    }

    public static LocalDate date(String name, String value) {
        try {
            return value == null ? null : LocalDate.parse(fourDigitYear(value));
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name, "must be a date such as 2024-06-30");
        }
    }

    public static Instant instant(String name, String value) {
        try {
            return value == null ? null : Instant.parse(fourDigitYear(value));
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(name, "must be an instant such as 2026-11-27T10:00:00Z");
        }
    }

    /**
     * How far ahead of this service's clock a {@code knownAt} may be: an event's recording time never goes before the
     * one before it, so it runs ahead of real time by as much as one command instance's clock is ahead of another's,
     * and a time Kronika hands out (an event's, a file's) is asked of at once.
     */
    public static final java.time.Duration KNOWN_AT_AHEAD = java.time.Duration.ofMinutes(1);

    /**
     * What was known at an instant, which must have come: asked of one to come, the answer was today's, labelled as
     * known then, and the same address answered other figures later, so that a figure cited "as known at" it could
     * not be found again. Clocks apart, a minute ahead is taken ({@link #KNOWN_AT_AHEAD}).
     */
    public static Instant knownAt(String value, java.time.Clock clock) {
        Instant knownAt = instant("knownAt", value);
        Instant now = clock.instant();
        if (knownAt != null && knownAt.isAfter(now.plus(KNOWN_AT_AHEAD))) {
            throw new InvalidParameter("knownAt", "must not be after now (" + now.truncatedTo(
                    java.time.temporal.ChronoUnit.SECONDS) + ", a minute allowed for clocks apart): what will be "
                    + "known then is not known yet");
        }
        return knownAt;
    }

    /**
     * The end of a range, refused when it is before the range's start: such a range holds nothing, and the empty page
     * it gave read as nothing having happened then.
     */
    public static <T extends Comparable<? super T>> T notBefore(String name, T end, String startName, T start) {
        if (end != null && start != null && end.compareTo(start) < 0) {
            throw new InvalidParameter(name, "must not be before " + startName + " (" + start + ")");
        }
        return end;
    }

    private static String fourDigitYear(String value) {
        if (!QueryValues.fourDigitYear(value)) {
            throw new DateTimeParseException("a year of four digits", value, 0);
        }
        return value;
    }

    /**
     * A whole number between {@code min} and {@code max}, in the one form {@link QueryValues#wholeNumber} takes: a
     * sequence or an offset, never one that arithmetic wraps.
     */
    public static long number(String name, String value, long min, long max) {
        long number = QueryValues.wholeNumber(value).orElseThrow(() ->
                new InvalidParameter(name, "must be a whole number"));
        if (number < min || number > max) {
            throw new InvalidParameter(name, "must be between " + min + " and " + max);
        }
        return number;
    }

    /** A whole number between {@code min} and {@code max}, or {@code fallback} when absent. */
    public static int bounded(String name, String value, int fallback, int min, int max) {
        return value == null ? fallback : (int) number(name, value, min, max);
    }

    /** A zero-based page number, 0 when absent: {@link ApiParameters.PageNumber} documents it. */
    public static int page(String value) {
        return bounded("page", value, 0, 0, Page.MAX_PAGE);
    }

    /** Entries per page, {@link Page#DEFAULT_SIZE} when absent: {@link ApiParameters.PageSize} documents it. */
    public static int pageSize(String value) {
        return bounded("size", value, Page.DEFAULT_SIZE, 1, Page.MAX_SIZE);
    }

    public static String oneOf(String name, String value, java.util.List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw new InvalidParameter(name, "must be one of " + allowed);
        }
        return value;
    }

    /**
     * A municipality by any name the programme knows it by, canonical, or {@code null} when absent.
     *
     * @param unknown what a name the programme does not know must be; followed by the municipalities it is near
     */
    public static String municipality(String name, String value, Programme programme, String unknown) {
        String given = text(name, value, CommandTextLimits.MUNICIPALITY_NAME);
        if (given == null) {
            return null;
        }
        programme.ambiguity(given).ifPresent(ambiguity -> {
            throw new AmbiguousMunicipality(name, ambiguity);
        });
        return programme.municipality(given).map(Programme.Municipality::name).orElseThrow(() ->
                new InvalidParameter(name, unknown + programme.didYouMean(given)));
    }

    /** Free text: bounded, printable; too long, in the words of every text bound of both services. */
    public static String text(String name, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new InvalidParameter(name, CommandTextLimits.atMost(maxLength));
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameter(name, "must not hold control characters");
        }
        return value.strip();
    }
}
