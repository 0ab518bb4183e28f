package org.kronika.query.i18n;

import org.springframework.context.MessageSource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.FormatStyle;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Numbers, dates and labels in one language, for one request: what the dashboards and the audit report write. A count never shows
 * a decimal, a decimal shows what it has (up to three places, a percentage one), rounded half up as the API rounds
 * {@code percentOfTarget}, and a value too small for those places shows its first significant digits rather than
 * 0. Labels of the programme's categories, activity
 * types and statuses come from the same messages as every other word on the page. An instant reads as its readers'
 * clocks show it, 24-hour, in the time zone they live in and naming it ("2 dhj 2026, 20:28:09 CET", in English
 * "2 Dec 2026, 20:28:09 CET", the day first as both countries write it): Kosovo and
 * Albania write the time so, and UTC is nobody's clock there.
 */
public final class Formats {

    /**
     * What every reader's formats share, whatever their language.
     *
     * @param zone      the time zone instants are shown in
     * @param countries each municipality's country (ISO 3166 code) where the programme spans more than one country,
     *                  so a place is named with it ("Tiranë (Albania)"); empty for a programme of one country
     * @param periodNames the names the programme's calendar gave its periods, by id ("Fiscal year 2024/25"), asked
     *                  once per reader's formats, and only for a period that is no quarter
     */
    public record Shared(MessageSource messages, ZoneId zone, Map<String, String> countries,
                         Supplier<Map<String, String>> periodNames) {

        public Shared {
            countries = Map.copyOf(countries);
        }

        public Shared(MessageSource messages, ZoneId zone, Map<String, String> countries) {
            this(messages, zone, countries, Map::of);
        }

        public Formats in(Locale locale) {
            return new Formats(locale, this);
        }
    }

    private static final String OUTSIDE = "outside:";
    private static final String PERCENT = "percent";
    private static final String YES_NO = "yes-no";
    /** The decimal places a number shows; a percentage, one. */
    private static final int DECIMALS = 3;
    /**
     * How many significant digits a value too small for its places shows: 1e-6 is a value a logframe may hold
     * (docs/vocabulary.md), and written "0" it read as nothing at all.
     */
    private static final MathContext SMALL = new MathContext(3, RoundingMode.HALF_UP);
    /** National level, online or abroad: no one municipality, as the read models name the place of what was done nowhere in particular. */
    private static final String NATIONAL = "(none)";

    private final Locale locale;
    private final MessageSource messages;
    private final Map<String, String> countries;
    private final Supplier<Map<String, String>> periodNames;
    private Map<String, String> namedPeriods;
    private final DateTimeFormatter dates;
    private final DateTimeFormatter instants;
    private final DateTimeFormatter months;
    /**
     * One request's formats: never shared between threads, so the formats may be kept. Each is given a value already
     * rounded ({@link #shown}), so it only groups and writes the digits in the language's way.
     */
    private final NumberFormat numbers;
    private final NumberFormat percents;

    private Formats(Locale locale, Shared shared) {
        this.locale = locale;
        this.messages = shared.messages();
        this.countries = shared.countries();
        this.periodNames = shared.periodNames();
        this.dates = date(locale);
        // The language's own date, then the time as both languages write it; the zone's abbreviation (CET, CEST)
        // says which of the year's two clocks it is.
        this.instants = new DateTimeFormatterBuilder().append(date(locale)).appendLiteral(", ")
                .appendPattern("HH:mm:ss").appendLiteral(' ').appendZoneText(TextStyle.SHORT).toFormatter(locale)
                .withZone(shared.zone());
        this.months = DateTimeFormatter.ofPattern("LLLL yyyy", locale);
        this.numbers = NumberFormat.getNumberInstance(locale);
        this.percents = NumberFormat.getPercentInstance(locale);
        for (NumberFormat format : new NumberFormat[]{numbers, percents}) {
            // Enough for a value rounded by shown(): a percentage of the smallest value allowed has 8 places.
            format.setMaximumFractionDigits(20);
            format.setRoundingMode(RoundingMode.HALF_UP);
        }
    }

    /**
     * A day as the language writes it: Albanian as its own medium date ("12 mar 2024"); English day first, as
     * Britain writes it and as readers in Kosovo and Albania read dates ("12 Mar 2024"), never the United States'
     * month first ("Mar 12, 2024"), whose "3/12" a reader here takes for the 3rd of December.
     */
    private static DateTimeFormatter date(Locale locale) {
        return locale.getLanguage().equals("en") ? DateTimeFormatter.ofPattern("d MMM uuuu", locale)
                : DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
    }

    public Locale locale() {
        return locale;
    }

    public String language() {
        return locale.getLanguage();
    }

    /** The language's separator of thousands, as {@link #number} writes it, for the charts' script. */
    public String groupingSeparator() {
        return String.valueOf(((java.text.DecimalFormat) numbers).getDecimalFormatSymbols().getGroupingSeparator());
    }

    /** The language's decimal separator, as {@link #number} writes it, for the charts' script. */
    public String decimalSeparator() {
        return String.valueOf(((java.text.DecimalFormat) numbers).getDecimalFormatSymbols().getDecimalSeparator());
    }

    public String number(Number value) {
        if (value == null) {
            return "";
        }
        return numbers.format(shown(exact(value), DECIMALS));
    }

    /**
     * A value rounded half up to {@code decimals} places, as the API rounds (DecimalFormat's own rounding is half
     * even: 12.25 % read 12.2 % beside the API's 12.3); a value those places would show as 0 keeps its first
     * significant digits instead, so something measured never reads as nothing.
     */
    private static BigDecimal shown(BigDecimal value, int decimals) {
        BigDecimal rounded = value.setScale(decimals, RoundingMode.HALF_UP);
        return rounded.signum() == 0 && value.signum() != 0 ? value.round(SMALL) : rounded;
    }

    /** A number as it was given, not as a double rounds it. */
    private static BigDecimal exact(Number value) {
        return value instanceof BigDecimal exact ? exact : new BigDecimal(value.toString());
    }

    /** A share of 0 to 100 (or more), as the read models give it. */
    public String percent(Number value) {
        if (value == null) {
            return "";
        }
        // In decimals: 12.25 / 100 as a double is 0.12249999..., which rounds down whatever the rounding mode.
        return percents.format(exact(value).setScale(1, RoundingMode.HALF_UP).movePointLeft(2));
    }

    public String date(LocalDate value) {
        return value == null ? "" : dates.format(value);
    }

    public String date(String isoDate) {
        return isoDate == null || isoDate.isBlank() ? "" : date(LocalDate.parse(isoDate.substring(0, 10)));
    }

    public String instant(Instant value) {
        return value == null ? "" : instants.format(value);
    }

    public String instant(String isoInstant) {
        return isoInstant == null || isoInstant.isBlank() ? "" : instant(Instant.parse(isoInstant));
    }

    /**
     * Where something was done, as this language names it: a municipality with its country where the programme spans
     * more than one ("Tiranë (Albania)", "Ferizaj (Kosovo)"), national level and online for {@code (none)} or none.
     */
    public String place(String municipality) {
        if (municipality == null || NATIONAL.equals(municipality)) {
            return label("place", NATIONAL);
        }
        String country = countries.get(municipality);
        return country == null ? municipality : message("place.inCountry", municipality, label("country", country));
    }

    /** A reporting period ({@code 2024-Q3}) as it reads in this language, or the month of an outside bucket. */
    public String period(String bucket) {
        if (bucket == null) {
            return "";
        }
        if (bucket.startsWith(OUTSIDE)) {
            return message("period.outside", months.format(YearMonth.parse(bucket.substring(OUTSIDE.length()))));
        }
        if (bucket.matches("\\d{4}-Q[1-4]")) {
            return message("period.quarter", bucket.substring(6), bucket.substring(0, 4));
        }
        // Another calendar's period (a donor's fiscal year) by the name the programme gave it, not by its id.
        if (namedPeriods == null) {
            namedPeriods = periodNames.get();
        }
        return namedPeriods.getOrDefault(bucket, bucket);
    }

    /**
     * A value of the programme's vocabulary in this language: {@code label("sex", "female")}. A value without a
     * translation shows as it is recorded, never as a missing key.
     */
    public String label(String kind, String value) {
        if (value == null) {
            return "";
        }
        return messages.getMessage(kind + "." + value, null, value, locale);
    }

    /** An event type as published ({@code org.kronika.activity-corrected.v1}) as the reader reads it. */
    public String event(String type) {
        return type == null ? "" : label("event", type.replaceFirst("^org\\.kronika\\.", "")
                .replaceFirst("\\.v\\d+$", ""));
    }

    /**
     * A recorded field's name as this language says it ({@code participants.bySex.female}: "participants: female";
     * a measurement's {@code breakdown.sex:female}: "sex: female", {@code breakdown.municipality:Gjilan}: "municipality:
     * Gjilan (Kosovo)"); a field without a translation shows as its path.
     */
    public String field(String path) {
        if (path == null) {
            return "";
        }
        String named = messages.getMessage("field." + path, null, null, locale);
        if (named != null) {
            return named;
        }
        java.util.regex.Matcher part = PARTICIPANTS_PART.matcher(path);
        if (part.matches()) {
            return message("field.participants.part", label(part.group(1).substring(2, 3).toLowerCase(Locale.ROOT)
                    + part.group(1).substring(3), part.group(2)));
        }
        java.util.regex.Matcher key = BREAKDOWN_KEY.matcher(path);
        if (key.matches()) {
            // The contract's dimension is hyphenated (age-band), its labels are named as the read models name it.
            String dimension = java.util.regex.Pattern.compile("-(.)").matcher(key.group(1))
                    .replaceAll(letter -> letter.group(1).toUpperCase(Locale.ROOT));
            String dimensionName = messages.getMessage("dimension." + dimension, null, null, locale);
            if (dimensionName != null) {
                return message("field.breakdown.part", dimensionName, dimension.equals("municipality")
                        ? place(key.group(2)) : label(dimension, key.group(2)));
            }
        }
        return path;
    }

    /** A recorded value as this language writes it: numbers and dates formatted, lists joined, text as recorded. */
    public String fact(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number number) {
            return number(number);
        }
        if (value instanceof java.util.Collection<?> values) {
            // An empty list is none: "indicators: kits → —", not an arrow to nothing.
            return values.isEmpty() ? "\u2014"
                    : values.stream().map(this::fact).collect(java.util.stream.Collectors.joining(", "));
        }
        if (value instanceof String text && ISO_DATE.matcher(text).matches()) {
            try {
                return date(text);
            } catch (java.time.format.DateTimeParseException notADay) {
                return text;
            }
        }
        return String.valueOf(value);
    }

    /**
     * A recorded field's value as this language writes it: a word of a closed list of the contract (a meeting's
     * {@code kind}, a regulation's {@code stage}, a training's {@code deliveryMode}) in this language, anything
     * else as {@link #fact(Object)} writes it.
     */
    public String fact(String field, Object value) {
        if (value instanceof String place && "municipality".equals(field)) {
            return place(place);
        }
        return value instanceof String word && CLOSED_WORDS.contains(field) ? label(field, word) : fact(value);
    }

    /**
     * A registration detail of a project, before or after an amendment, as the audit report's head and the project's
     * page write it: places with their country, the end date as a date, objectives and target groups (sentences that
     * may hold commas of their own) joined by semicolons; none is empty.
     */
    public String detail(String field, Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof java.util.Collection<?> values) {
            boolean places = field.equals("municipalities");
            return String.join(places ? ", " : "; ", values.stream()
                    .map(v -> places ? place(String.valueOf(v)) : String.valueOf(v)).toList());
        }
        return field.equals("endDate") ? date(String.valueOf(value)) : String.valueOf(value);
    }

    /**
     * A value that may have changed: "—" for none, the value, or "before → after" where they differ (a target
     * redefined since an approval).
     */
    public String changed(Number before, Number after, String unit) {
        if (before == null && after == null) {
            return "\u2014";
        }
        if (before == null || after == null || exact(before).compareTo(exact(after)) != 0) {
            return (before == null ? "\u2014" : measure(before, unit)) + " \u2192 "
                    + (after == null ? "\u2014" : measure(after, unit));
        }
        return measure(before, unit);
    }

    /**
     * An indicator's value with its unit ({@code count}, {@code percent}, {@code yes-no}, {@code score}) as this
     * language writes it, wherever a page shows it: a count as the number alone, "45%" (a percentage with one
     * decimal at most, "54.7%", never "54.667"), a yes/no answer as the word ("yes", "po"; a sum of answers, "2
     * (yes/no)"). A unit without a translation follows the number as it is recorded.
     */
    public String measure(Number value, String unit) {
        if (value == null || unit == null || unit.isBlank()) {
            return number(value);
        }
        if (YES_NO.equals(unit) && (exact(value).signum() == 0 || exact(value).compareTo(BigDecimal.ONE) == 0)) {
            return message(exact(value).signum() == 0 ? "answer.no" : "answer.yes");
        }
        String number = PERCENT.equals(unit) ? numbers.format(shown(exact(value), 1)) : number(value);
        String measured = messages.getMessage("measure." + unit, new Object[]{number}, null, locale);
        return measured != null ? measured : number + " " + unit;
    }

    /**
     * A recorded text (a reason, a comment) closing a sentence: with a full stop, unless the recorder already ended it
     * with one, a "!", a "?" or an ellipsis, which a second stop would follow ("A late sign-in..").
     */
    public String sentence(String text) {
        if (text == null) {
            return "";
        }
        String trimmed = text.strip();
        return trimmed.isEmpty() || ".!?\u2026".indexOf(trimmed.charAt(trimmed.length() - 1)) >= 0 ? trimmed
                : trimmed + ".";
    }

    /**
     * A change flagged in an approved period, as a sentence names it: "Activity t-1 corrected", not the event's
     * label "of" its item. An activity recorded late is named with its type.
     *
     * @param kind the changing event's type, e.g. {@code activity-corrected} or {@code training-delivered}
     */
    /**
     * An indicator's figure, or one part of its breakdown of a period: "Kits · municipality: Gjilan (Kosovo)"; a part
     * by sex, age band or community counts people, whatever the indicator's own unit or mean, and says so
     * ("Average attendance · participants, sex: female"), lest it be read as the women's average.
     *
     * @param dimension null for the indicator's own figure
     */
    public String figure(String indicator, String dimension, String category) {
        if (dimension == null) {
            return indicator;
        }
        return dimension.equals("municipality")
                ? message("reports.part", indicator, message("dimension.municipality"), place(category))
                : message("reports.peoplePart", indicator, message("dimension." + dimension), label(dimension, category));
    }

    /**
     * A flagged change, naming its item as a reviewer knows it where known, as the timeline names an activity:
     * Activity t-1 (Case management) corrected.
     */
    public String change(String kind, String itemId, String item) {
        return change(kind, item == null ? itemId : itemId + " (" + item + ")");
    }

    public String change(String kind, String itemId) {
        String named = messages.getMessage("change." + kind, new Object[]{itemId}, null, locale);
        return named != null ? named : message("change.activity", itemId, event(kind));
    }

    /** The fields whose values come from the contract's closed lists, each list's words under the field's name. */
    private static final java.util.Set<String> CLOSED_WORDS = java.util.Set.of("kind", "stage", "deliveryMode");
    private static final java.util.regex.Pattern PARTICIPANTS_PART =
            java.util.regex.Pattern.compile("participants\\.(bySex|byAgeBand|byCommunity)\\.(.+)");
    /** A key of a measurement's breakdown, {@code dimension:category}, under the field it is in. */
    private static final java.util.regex.Pattern BREAKDOWN_KEY =
            java.util.regex.Pattern.compile("breakdown\\.([a-z-]+):(.+)");
    private static final java.util.regex.Pattern ISO_DATE = java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    public String message(String key, Object... arguments) {
        return messages.getMessage(key, arguments, key, locale);
    }
}
