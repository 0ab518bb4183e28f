package org.kronika.query.i18n;

import org.junit.jupiter.api.Test;
import org.kronika.events.Vocabulary;
import org.kronika.query.programme.Programme;
import org.springframework.context.support.ResourceBundleMessageSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTest {

    private static final ResourceBundleMessageSource MESSAGES = new ResourceBundleMessageSource();

    static {
        MESSAGES.setBasename("messages");
        MESSAGES.setDefaultEncoding("UTF-8");
        MESSAGES.setFallbackToSystemLocale(false);
    }

    /** As a programme of one country writes it. */
    private static Formats in(String language) {
        return new Formats.Shared(MESSAGES, ZoneId.of("Europe/Tirane"), Map.of()).in(Languages.supported(language));
    }

    @Test
    void anEmptyListReadsAsNoneNotAsNothing() {
        assertThat(in("en").fact("indicatorIds", java.util.List.of())).isEqualTo("\u2014");
        assertThat(in("en").fact("indicatorIds", java.util.List.of("kits", "people"))).isEqualTo("kits, people");
    }

    /** A quarter reads in the reader's language; another calendar's period by the name the programme gave it. */
    @Test
    void aPeriodOfAnotherCalendarReadsByItsNameNotItsId() {
        var named = new Formats.Shared(MESSAGES, ZoneId.of("Europe/Tirane"), Map.of(),
                () -> Map.of("FY2025-tb", "Fiscal year 2024/25", "2024-Q3", "Q3 of the donor"));
        assertThat(named.in(Languages.supported("en")).period("FY2025-tb")).isEqualTo("Fiscal year 2024/25");
        assertThat(named.in(Languages.supported("sq")).period("2024-Q3")).isEqualTo(in("sq").period("2024-Q3"));
        assertThat(named.in(Languages.supported("en")).period("FY2099")).as("unnamed").isEqualTo("FY2099");
    }

    @Test
    void countsNeverShowADecimalAndNumbersFollowTheLanguage() {
        assertThat(in("en").number(1234.0)).isEqualTo("1,234");
        assertThat(in("sq").number(1234.0)).isEqualTo("1\u00a0234");
        assertThat(in("en").number(new BigDecimal("2.50"))).isEqualTo("2.5");
        assertThat(in("sq").number(2.5)).isEqualTo("2,5");
        assertThat(in("en").percent(92.5)).isEqualTo("92.5%");
    }

    /**
     * Every figure shown rounds half up, as the API's {@code percentOfTarget} does (docs/vocabulary.md): 12.25 % is
     * 12.3 % on the pages, never 12.2 % beside the API's 12.3, whether a measurement's value or a share of a target.
     */
    @Test
    void displayedFiguresRoundHalfUpAsTheApiRounds() {
        assertThat(in("en").measure(12.25, "percent")).isEqualTo("12.3%");
        assertThat(in("sq").measure(new BigDecimal("12.25"), "percent")).isEqualTo("12,3%");
        assertThat(in("en").percent(12.25)).isEqualTo("12.3%");
        assertThat(in("sq").percent(0.05)).isEqualTo("0,1%");
        assertThat(in("en").number(2.0625)).isEqualTo("2.063");
        assertThat(in("en").measure(0.0125, "score")).isEqualTo("0.013 (score)");
        assertThat(in("en").percent(0.04)).as("a share as the API rounds it").isEqualTo("0%");
    }

    /** A logframe's numbers may be as small as 1e-6: one too small for its decimal places never reads as 0. */
    /** A target redefined since an approval reads as approved → today; one unchanged, once; none, a dash. */
    @Test
    void aValueThatChangedReadsBeforeAndAfterAndOneThatDidNotOnce() {
        Formats en = in("en");
        assertThat(en.changed(40.0, 50.0, "percent")).isEqualTo("40% \u2192 50%");
        assertThat(en.changed(40.0, 40, "percent")).isEqualTo("40%");
        assertThat(en.changed(null, 12, null)).isEqualTo("\u2014 \u2192 12");
        assertThat(en.changed(null, null, null)).isEqualTo("\u2014");
        assertThat(in("sq").changed(1200, 1500.5, null)).isEqualTo("1\u00a0200 \u2192 1\u00a0500,5");
    }

    @Test
    void aNonzeroValueTooSmallForItsPlacesShowsItsSignificantDigitsNotZero() {
        assertThat(in("en").number(0.000001)).isEqualTo("0.000001");
        assertThat(in("sq").measure(0.000001, "score")).isEqualTo("0,000001 (pikë)");
        assertThat(in("en").number(new BigDecimal("0.00012345"))).isEqualTo("0.000123");
        assertThat(in("en").number(0.0004)).isEqualTo("0.0004");
        assertThat(in("en").measure(0.04, "percent")).isEqualTo("0.04%");
        assertThat(in("en").number(0)).isEqualTo("0");
        assertThat(in("en").number(1e15)).as("the largest").isEqualTo("1,000,000,000,000,000");
    }

    @Test
    void datesPeriodsAndLabelsReadInTheLanguage() {
        assertThat(in("en").date(LocalDate.of(2024, 3, 12))).isEqualTo("12 Mar 2024");
        assertThat(in("en").date(LocalDate.of(2023, 9, 1))).as("day first, not the US month first")
                .isEqualTo("1 Sep 2023");
        assertThat(in("sq").date(LocalDate.of(2024, 3, 12))).isEqualTo("12 mar 2024");
        assertThat(in("en").period("2024-Q3")).isEqualTo("Q3 2024");
        assertThat(in("sq").period("2024-Q3")).isEqualTo("T3 2024");
        assertThat(in("en").period("outside:2021-11")).isEqualTo("November 2021 (outside the reporting periods)");
        assertThat(in("sq").label("sex", "female")).isEqualTo("femra");
        assertThat(in("sq").event("org.kronika.activity-corrected.v1")).isEqualTo("Aktiviteti u korrigjua");
        assertThat(in("en").label("community", "not-in-the-programme")).as("recorded as it is")
                .isEqualTo("not-in-the-programme");
    }

    /** An instant as a clock in Kosovo or Albania shows it: 24-hour, in winter's time or summer's, saying which. */
    @Test
    void instantsReadInTheReadersTimeZoneOn24HourClocksNamingTheZone() {
        Instant winter = Instant.parse("2026-12-02T19:28:09Z");
        assertThat(in("sq").instant(winter)).isEqualTo("2 dhj 2026, 20:28:09 CET");
        assertThat(in("en").instant(winter)).isEqualTo("2 Dec 2026, 20:28:09 CET");
        assertThat(in("sq").instant("2026-07-02T19:28:09Z")).isEqualTo("2 korr 2026, 21:28:09 CEST");
        assertThat(in("en").instant("2026-07-02T23:30:00Z")).as("the day as it is there")
                .isEqualTo("3 Jul 2026, 01:30:00 CEST");
    }

    /** A programme of two countries names each place with its country; a programme of one, with its name alone. */
    @Test
    void aPlaceIsNamedWithItsCountryWhereTheProgrammeSpansTwo() {
        Formats albanian = new Formats.Shared(MESSAGES, ZoneId.of("Europe/Tirane"),
                Map.of("Tiranë", "AL", "Gjilan", "XK")).in(Languages.ALBANIAN);
        assertThat(albanian.place("Tiranë")).isEqualTo("Tiranë (Shqipëri)");
        assertThat(albanian.place("Gjilan")).isEqualTo("Gjilan (Kosovë)");
        assertThat(albanian.fact("municipality", "Gjilan")).as("a correction's place").isEqualTo("Gjilan (Kosovë)");
        assertThat(albanian.place("(none)")).isEqualTo(albanian.place(null)).isEqualTo("Kombëtar, online ose jashtë vendit");
        assertThat(in("en").place("Gjilan")).as("one country").isEqualTo("Gjilan");
    }

    /** A correction's changed fields and values, as the timeline shows them beside each other. */
    @Test
    void correctedFieldsAndTheirValuesReadInTheLanguage() {
        assertThat(in("sq").field("participants.bySex.female")).isEqualTo("pjesëmarrës: femra");
        assertThat(in("en").field("participants.total")).isEqualTo("participants");
        assertThat(in("sq").field("occurredOn")).isEqualTo("data");
        assertThat(in("en").field("document.url")).as("a field without a name shows its path").isEqualTo("document.url");
        assertThat(in("sq").fact("2024-03-12")).isEqualTo("12 mar 2024");
        assertThat(in("sq").fact(2.5)).isEqualTo("2,5");
        assertThat(in("en").fact(java.util.List.of("Ferizaj", "Gjilan"))).isEqualTo("Ferizaj, Gjilan");
        assertThat(in("en").fact("Case management")).isEqualTo("Case management");
        assertThat(in("en").fact("2024-02-30")).as("text shaped like a date is text").isEqualTo("2024-02-30");
    }

    /**
     * A measurement correction's breakdown, keyed by the contract's dimension and category, reads as an activity
     * correction's participants do: both words in the reader's language, a municipality as a place.
     */
    @Test
    void aMeasurementsBreakdownKeyReadsAsItsDimensionAndCategoryInTheLanguage() {
        Formats albanian = new Formats.Shared(MESSAGES, ZoneId.of("Europe/Tirane"), Map.of("Gjilan", "XK"))
                .in(Languages.ALBANIAN);
        assertThat(albanian.field("breakdown.sex:female")).isEqualTo("gjinia: femra");
        assertThat(in("en").field("breakdown.sex:female")).isEqualTo("sex: female");
        assertThat(in("en").field("breakdown.age-band:18-24")).isEqualTo("age band: 18 to 24");
        assertThat(albanian.field("breakdown.community:roma")).isEqualTo("komuniteti: romë");
        assertThat(albanian.field("breakdown.municipality:Gjilan")).isEqualTo("komuna / bashkia: Gjilan (Kosovë)");
        assertThat(in("en").field("breakdown.municipality:Gjilan")).isEqualTo("municipality: Gjilan");
        assertThat(in("en").field("breakdown.region:north")).as("a dimension of a later version as recorded")
                .isEqualTo("breakdown.region:north");
    }

    /** A correction's before and after of a word from the contract's closed lists, and an indicator's unit. */
    @Test
    void theContractsClosedWordsAndUnitsReadInTheLanguage() {
        assertThat(in("sq").fact("kind", "workshop")).isEqualTo("punëtori");
        assertThat(in("sq").fact("deliveryMode", "online")).isEqualTo("në internet");
        assertThat(in("en").fact("deliveryMode", "in-person")).isEqualTo("in person");
        assertThat(in("sq").fact("stage", "adopted")).isEqualTo("e miratuar");
        assertThat(in("en").fact("title", "workshop")).as("free text stays as recorded").isEqualTo("workshop");
        assertThat(in("sq").fact("kind", "a-later-kind")).as("a word of a later version as recorded")
                .isEqualTo("a-later-kind");
        assertThat(in("sq").fact("occurredOn", "2024-03-12")).isEqualTo("12 mar 2024");
        assertThat(in("en").field("document.reference")).isEqualTo("where the document is");
        assertThat(in("sq").field("document.sha256")).isEqualTo("SHA-256 i dokumentit");
        assertThat(in("sq").label("unit", "yes-no")).isEqualTo("po/jo");
        assertThat(in("en").measure(500, "count")).isEqualTo("500");
        assertThat(in("sq").measure(45.5, "percent")).isEqualTo("45,5%");
        assertThat(in("sq").measure(54.66666, "percent")).as("one decimal at most").isEqualTo("54,7%");
        assertThat(in("en").measure(2.125, "score")).isEqualTo("2.125 (score)");
        assertThat(in("en").measure(1, "yes-no")).isEqualTo("yes");
        assertThat(in("sq").measure(0.0, "yes-no")).isEqualTo("jo");
        assertThat(in("sq").measure(new BigDecimal("1.0"), "yes-no")).isEqualTo("po");
        assertThat(in("en").measure(2, "yes-no")).as("a sum of answers").isEqualTo("2 (yes/no)");
        assertThat(in("en").measure(3, "stars")).as("a unit of a later version as recorded").isEqualTo("3 stars");
    }

    /** One list of words a field may take: its words are labelled under the field's name, once across the lists. */
    @Test
    void everyWordOfTheContractsClosedListsHasALabelInBothLanguages() {
        Map<String, List<List<String>>> lists = Map.of(
                "kind", List.of(Vocabulary.MEETING_KINDS, Vocabulary.DOCUMENT_KINDS, Vocabulary.CAMPAIGN_KINDS,
                        Vocabulary.MEDIA_KINDS, Vocabulary.BODY_KINDS, Vocabulary.AWARD_KINDS),
                "stage", List.of(Vocabulary.REGULATION_STAGES),
                "deliveryMode", List.of(Vocabulary.DELIVERY_MODES),
                "unit", List.of(Vocabulary.INDICATOR_UNITS),
                "measure", List.of(Vocabulary.INDICATOR_UNITS));
        lists.forEach((field, words) -> {
            List<String> all = words.stream().flatMap(List::stream).toList();
            assertThat(all).as("a word of two lists of %s would read the same in both", field).doesNotHaveDuplicates();
            for (String language : List.of("en", "sq")) {
                for (String word : all) {
                    assertThat(in(language).message(field + "." + word, 1)).as(language + " " + field + "." + word)
                            .isNotEqualTo(field + "." + word);
                }
            }
        });
    }

    /** A category a participant count is broken down by is named on the pages, never shown as its key. */
    @Test
    void everyCategoryOfTheProgrammeHasALabelInBothLanguages() {
        Programme programme = Programme.ofContract();
        Map<String, List<String>> categories = Map.of("sex", programme.sexCategories(),
                "ageBand", programme.ageBands(), "community", programme.communities());
        categories.forEach((dimension, keys) -> {
            for (String language : List.of("en", "sq")) {
                for (String key : keys) {
                    assertThat(in(language).message(dimension + "." + key)).as(language + " " + dimension + "." + key)
                            .isNotEqualTo(dimension + "." + key);
                }
            }
        });
    }

    /** A count agrees with its number; an event's number reads as its links write it, never grouped. */
    @Test
    void countsAgreeWithTheirNumberAndEventNumbersAreNeverGrouped() {
        assertThat(in("en").message("report.participants", 1, "1")).isEqualTo("1 participant");
        assertThat(in("en").message("report.participants", 1200L, "1,200")).isEqualTo("1,200 participants");
        assertThat(in("en").message("report.participants", 0, "0")).isEqualTo("0 participants");
        assertThat(in("sq").message("report.participants", 1200L, "1\u00a0200")).isEqualTo("1\u00a0200 pjesëmarrës");
        assertThat(in("en").message("chain.verified", 1L, "1")).isEqualTo("Verified: the one event is intact.");
        assertThat(in("en").message("chain.verified", 1234L, "1,234"))
                .isEqualTo("Verified: all 1,234 events are intact and in order.");
        assertThat(in("en").message("history.title", 1234L)).isEqualTo("History entry 1234");
        assertThat(in("sq").message("history.title", 1234L)).isEqualTo("Regjistrimi 1234 i historikut");
        assertThat(in("en").message("chain.broken", 1234L, "x")).isEqualTo("BROKEN at event 1234: x");
        assertThat(in("sq").message("history.linksBack", 1233L)).endsWith("ngjarjes 1233.");
        assertThat(in("en").message("history.linkBroken", 1233L)).endsWith("event 1233.");
        assertThat(in("en").message("reports.approved", "then", "head-of-programme", 1234L))
                .contains("up to event 1234,");
        assertThat(in("sq").message("reports.approvedBySomeone", "then", 1234L)).contains("ngjarja 1234,");
        assertThat(in("en").message("reports.change", 1234L, "Activity t-1 corrected", "late"))
                .startsWith("Event 1234: ");
    }

    @Test
    void aChangeInAnApprovedPeriodNamesItsItemAsASentenceDoesInEitherLanguage() {
        assertThat(in("en").change("activity-corrected", "ws-novoberde")).isEqualTo("Activity ws-novoberde corrected");
        assertThat(in("sq").change("activity-corrected", "ws-novoberde"))
                .isEqualTo("Aktiviteti ws-novoberde u korrigjua");
        assertThat(in("en").change("measurement-retracted", "m-1")).isEqualTo("Measurement m-1 retracted");
        assertThat(in("en").change("training-delivered", "t-9"))
                .isEqualTo("Activity t-9 recorded (Training delivered)");
        assertThat(in("sq").change("training-delivered", "t-9"))
                .isEqualTo("Aktiviteti t-9 u regjistrua (Trajnim i zhvilluar)");
    }

    @Test
    void aRecordedTextEndingASentenceGetsAFullStopOnlyIfItHasNone() {
        assertThat(in("en").sentence("A late sign-in")).isEqualTo("A late sign-in.");
        assertThat(in("en").sentence("A late sign-in.")).isEqualTo("A late sign-in.");
        assertThat(in("en").sentence("Really?")).isEqualTo("Really?");
        assertThat(in("en").sentence("Wait!")).isEqualTo("Wait!");
        assertThat(in("en").sentence("And so\u2026")).isEqualTo("And so\u2026");
    }
}
