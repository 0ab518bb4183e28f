package org.kronika.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The programme file's names as {@link PlaceNames} compares them: each found however it is written, none twice. */
class PlaceNamesTest {

    /**
     * Every name and alias of the programme file, with the municipality it names, as listed: a spelling listed under
     * two municipalities is there twice, once with each, where a map would keep the last.
     */
    private static final List<Map.Entry<String, String>> NAMED = new ArrayList<>();
    private static final Map<String, List<String>> AMBIGUOUS = new HashMap<>();

    @BeforeAll
    static void readTheProgrammeFile() throws IOException {
        try (InputStream in = PlaceNamesTest.class.getResourceAsStream("/org/kronika/events/programme.json")) {
            JsonNode programme = new ObjectMapper().readTree(in);
            for (JsonNode municipality : programme.path("municipalities")) {
                String name = municipality.path("name").asText();
                NAMED.add(Map.entry(name, name));
                municipality.path("aliases").forEach(alias -> NAMED.add(Map.entry(alias.asText(), name)));
            }
            programme.path("ambiguousNames").fields().forEachRemaining(name -> {
                List<String> choices = new ArrayList<>();
                name.getValue().forEach(choice -> choices.add(choice.asText()));
                AMBIGUOUS.put(name.getKey(), choices);
            });
        }
        assertThat(NAMED).contains(Map.entry("Đakovica", "Gjakovë"));
        assertThat(AMBIGUOUS).containsKey("Mitrovica");
    }

    /**
     * The dashboards and the API list municipalities as the file does: Drenas, kept where its old name Gllogoc stood,
     * was shown between Gjilan and Graçanicë.
     */
    @Test
    void theFileListsEachCountrysMunicipalitiesInAlphabeticalOrder() throws IOException {
        Map<String, List<String>> byCountry = new java.util.LinkedHashMap<>();
        try (InputStream in = PlaceNamesTest.class.getResourceAsStream("/org/kronika/events/programme.json")) {
            for (JsonNode municipality : new ObjectMapper().readTree(in).path("municipalities")) {
                byCountry.computeIfAbsent(municipality.path("country").asText(), country -> new ArrayList<>())
                        .add(municipality.path("name").asText());
            }
        }
        java.text.Collator alphabetical = java.text.Collator.getInstance(java.util.Locale.ROOT);
        byCountry.forEach((country, names) -> assertThat(names).as(country).isSortedAccordingTo(alphabetical));
        assertThat(byCountry.keySet()).containsExactly("XK", "AL");
    }

    @Test
    void caseDiacriticsAndSurroundingSpacesAreIgnored() {
        assertThat(PlaceNames.keys("Fushë Kosovë")).containsExactly(PlaceNames.key(" FUSHE kosove "));
        assertThat(PlaceNames.keys("Štrpce")).containsExactly(PlaceNames.key("Strpce"));
        assertThat(PlaceNames.keys("Graçanicë")).containsExactly(PlaceNames.key("gracanice"));
    }

    /** Đ is a letter of its own, which stripping diacritics leaves as it is; "D" and "Dj" both stand for it. */
    @Test
    void aNameWithAStrokedDIsFoundWrittenWithDOrDj() {
        for (String written : List.of("Đakovica", "đakovica", "ĐAKOVICA", "Dakovica", "Djakovica", "DJAKOVICA",
                "Ðakovica")) {
            assertThat(PlaceNames.keys("Đakovica")).as(written).contains(PlaceNames.key(written));
        }
        assertThat(PlaceNames.keys("Đakovica")).doesNotContain(PlaceNames.key("Jakovica"), PlaceNames.key("Dzakovica"));
    }

    @Test
    void aSerbianDigraphTypedAsOneLetterIsItsTwoLetters() {
        assertThat(PlaceNames.keys("Gnjilane")).contains(PlaceNames.key("Gǌilane"));
        assertThat(PlaceNames.keys("Lipljan")).contains(PlaceNames.key("Lipǉan"));
    }

    /** Compatibility decomposition is for the digraphs only: look-alike letters of other blocks stay other letters. */
    @Test
    void aFullWidthOrMathematicalLookAlikeIsNotTheName() {
        for (String lookAlike : List.of("\uFF26\uFF25\uFF32\uFF29\uFF3A\uFF21\uFF2A", "\uD835\uDC05erizaj", "Ferizaj\u00B2")) {
            assertThat(PlaceNames.keys("Ferizaj")).as(lookAlike).doesNotContain(PlaceNames.key(lookAlike));
        }
    }

    /** A letter no decomposition takes apart would make the name unfindable as it is usually typed, as Đ was. */
    @Test
    void everyNameAndAliasOfTheProgrammeIsFoundInPlainLetters() {
        for (String name : allNames()) {
            assertThat(PlaceNames.keys(name)).as(name).allSatisfy(key -> assertThat(key).matches("[a-z]+( [a-z]+)*"));
        }
    }

    /** A spelling two municipalities share would be taken for whichever is listed first. */
    @Test
    void noSpellingOfANameOrAliasFindsTwoMunicipalities() {
        Map<String, Set<String>> found = new HashMap<>();
        NAMED.forEach(named -> PlaceNames.keys(named.getKey())
                .forEach(key -> found.computeIfAbsent(key, k -> new TreeSet<>()).add(named.getValue())));
        assertThat(found).allSatisfy((key, municipalities) -> assertThat(municipalities).as(key).hasSize(1));
    }

    /** "Mitrovica" is refused naming North and South, never taken for either. */
    @Test
    void anAmbiguousNameIsNoSpellingOfAnyMunicipalityAndNamesOnlyMunicipalities() {
        Set<String> spellings = new java.util.HashSet<>();
        NAMED.forEach(named -> spellings.addAll(PlaceNames.keys(named.getKey())));
        AMBIGUOUS.forEach((name, choices) -> {
            assertThat(PlaceNames.keys(name)).as(name).doesNotContainAnyElementsOf(spellings);
            assertThat(choices).as(name).hasSizeGreaterThan(1).allSatisfy(choice ->
                    assertThat(NAMED).contains(Map.entry(choice, choice)));
        });
    }

    /**
     * Albanian names a municipality with its definite form as often as with its own: -ë becomes -a (Prishtina), a
     * stressed -i or an -e takes -a or -ja (Vushtrria, Shtimja), a noun ending in -k, -g or -h takes -u (Istogu,
     * Juniku, Zubin Potoku) and the others -i (Gjilani). Every municipality, as a spreadsheet of a year's rows has them.
     */
    @Test
    void everyMunicipalityIsFoundInItsAlbanianDefiniteForm() {
        Map<String, String> definite = new java.util.LinkedHashMap<>();
        definite.put("Deçani", "Deçan");
        definite.put("Dragashi", "Dragash");
        definite.put("Ferizaji", "Ferizaj");
        definite.put("Fushë Kosova", "Fushë Kosovë");
        definite.put("Gjakova", "Gjakovë");
        definite.put("Gjilani", "Gjilan");
        definite.put("Drenasi", "Drenas");
        definite.put("Gllogoci", "Drenas");
        definite.put("Graçanica", "Graçanicë");
        definite.put("Hani i Elezit", "Hani i Elezit");
        definite.put("Istogu", "Istog");
        definite.put("Juniku", "Junik");
        definite.put("Kaçaniku", "Kaçanik");
        definite.put("Kacaniku", "Kaçanik");
        definite.put("Kamenica", "Kamenicë");
        definite.put("Klina", "Klinë");
        definite.put("Kllokoti", "Kllokot");
        definite.put("Leposaviqi", "Leposaviq");
        definite.put("Lipjani", "Lipjan");
        definite.put("Malisheva", "Malishevë");
        definite.put("Mamusha", "Mamushë");
        definite.put("Mitrovica e Jugut", "Mitrovicë e Jugut");
        definite.put("Mitrovica e Veriut", "Mitrovicë e Veriut");
        definite.put("Novobërda", "Novobërdë");
        definite.put("Obiliqi", "Obiliq");
        definite.put("Parteshi", "Partesh");
        definite.put("Peja", "Pejë");
        definite.put("Podujeva", "Podujevë");
        definite.put("Prishtina", "Prishtinë");
        definite.put("Prizreni", "Prizren");
        definite.put("Rahoveci", "Rahovec");
        definite.put("Ranillugu", "Ranillug");
        definite.put("Shtërpca", "Shtërpcë");
        definite.put("Shtimja", "Shtime");
        definite.put("Skënderaji", "Skënderaj");
        definite.put("Suhareka", "Suharekë");
        definite.put("Vitia", "Viti");
        definite.put("Vushtrria", "Vushtrri");
        definite.put("Zubin Potoku", "Zubin Potok");
        definite.put("Zveçani", "Zveçan");
        definite.put("Tirana", "Tiranë");
        assertThat(new TreeSet<>(definite.values())).as("every municipality")
                .isEqualTo(new TreeSet<>(NAMED.stream().map(Map.Entry::getValue).toList()));
        definite.forEach((written, municipality) -> assertThat(found(written)).as(written).containsExactly(municipality));
    }

    /** Names in Serbian use beside the ones the reference list gives, and Albanian's indefinite "Han i Elezit". */
    @Test
    void otherNamesInCommonUseAreFound() {
        assertThat(found("Han i Elezit")).containsExactly("Hani i Elezit");
        assertThat(found("Đeneral Janković")).containsExactly("Hani i Elezit");
        assertThat(found("Djeneral Jankovic")).containsExactly("Hani i Elezit");
        assertThat(found("Kosovska Kamenica")).containsExactly("Kamenicë");
        assertThat(AMBIGUOUS.get("Kosovska Mitrovica")).containsExactly("Mitrovicë e Jugut", "Mitrovicë e Veriut");
    }

    /** A hyphen or dash between two words is a space: no name of the programme has one, so none changes its key. */
    @Test
    void aHyphenOrDashBetweenWordsIsASpace() {
        for (String written : List.of("Fushë-Kosovë", "Fushe-Kosove", "fushë-kosova", "Fushë - Kosovë",
                "Fushë\u2011Kosovë", "Fushë\u2013Kosovë", "Fushë\u00A0-\u00A0Kosovë")) {
            assertThat(found(written)).as(written).containsExactly("Fushë Kosovë");
        }
        assertThat(found("Hani-i-Elezit")).containsExactly("Hani i Elezit");
        assertThat(found("Mitrovica-e-Veriut")).containsExactly("Mitrovicë e Veriut");
        // Only between words: a dash before or after the name, or two of them, is not the name.
        for (String written : List.of("Podujevë-", "-Podujevë", "Fushë--Kosovë", "Fushë-_Kosovë")) {
            assertThat(found(written)).as(written).isEmpty();
        }
    }

    /**
     * A name pasted from a spreadsheet, a document or a web page carries a no-break space, a narrow one or two spaces
     * where one is typed, or a zero-width character (space, joiner, non-joiner, word joiner, byte order mark, soft
     * hyphen) that shows as nothing: the name is the same name.
     */
    @Test
    void spacesOfAnyKindAreOneSpaceAndInvisibleCharactersAreNothing() {
        for (String written : List.of("Podujevë\u00A0", "\u00A0Podujevë", "Podujevë\u202F", "Podujevë\u2007",
                "Podujevë\u3000", "Podujevë\n", "\uFEFFPodujevë", "Podujevë\u200B", "Podu\u200Bjevë",
                "Podu\u200Cjevë", "Podu\u200Djevë", "Podu\u2060jevë", "Podu\u00ADjevë")) {
            assertThat(found(written)).as(PlaceNames.shown(written)).containsExactly("Podujevë");
        }
        for (String written : List.of("Fushë\u00A0Kosovë", "Fushë\u202FKosovë", "Fushë  Kosovë", "Fushë\tKosovë",
                "Fushë \u00A0 Kosovë", "Fushë\u2009Kosovë", "\uFEFFFushë Kosovë\u200B")) {
            assertThat(found(written)).as(PlaceNames.shown(written)).containsExactly("Fushë Kosovë");
        }
        assertThat(found("\u00A0\u200B")).isEmpty();
        assertThat(PlaceNames.key("\u00A0\u200B ")).isEmpty();
    }

    /** A refusal echoes the name: characters that show as nothing or as a space are shown by their code. */
    @Test
    void aNameIsShownWithItsInvisibleCharactersVisible() {
        assertThat(PlaceNames.shown("Podujevë\u00A0")).isEqualTo("Podujevë\\u00A0");
        assertThat(PlaceNames.shown("Gotham\u202FCity\u200B")).isEqualTo("Gotham\\u202FCity\\u200B");
        assertThat(PlaceNames.shown("\uFEFFGotham\tCity\u2060")).isEqualTo("\\uFEFFGotham\\u0009City\\u2060");
        assertThat(PlaceNames.shown("Fushë Kosovë")).isEqualTo("Fushë Kosovë");
        assertThat(PlaceNames.shown("Đakovica, Štrpce")).isEqualTo("Đakovica, Štrpce");
    }

    /** A slip of a letter or two, or a name with an ending the list does not have, is near the name it was meant as. */
    @Test
    void aNameNoSpellingMatchesIsNearTheMunicipalitiesItCouldBeASlipFor() {
        assertThat(nearest("Vushtria")).containsExactly("Vushtrri");
        assertThat(nearest("Vushtrrria")).containsExactly("Vushtrri");
        assertThat(nearest("Prishtnia")).containsExactly("Prishtinë");
        assertThat(nearest("Prizrenit")).containsExactly("Prizren");
        assertThat(nearest("Gjila")).containsExactly("Gjilan");
        assertThat(nearest("Gjakovica")).containsExactly("Gjakovë");
        // Near an ambiguous name: near each it could mean.
        assertThat(nearest("Mitrovicaa")).containsExactly("Mitrovicë e Jugut", "Mitrovicë e Veriut");
        // Nowhere near, or too short to be near anything in particular.
        assertThat(nearest("Gotham")).isEmpty();
        assertThat(nearest("Atlantis")).isEmpty();
        assertThat(nearest("Pex")).isEmpty();
        assertThat(nearest("x".repeat(5000))).isEmpty();
        assertThat(PlaceNames.didYouMean("Vushtrria x", aliases(), AMBIGUOUS)).isEqualTo("; did you mean Vushtrri?");
        assertThat(PlaceNames.didYouMean("Mitrovicaa", aliases(), AMBIGUOUS))
                .isEqualTo("; did you mean Mitrovicë e Jugut or Mitrovicë e Veriut?");
        assertThat(PlaceNames.didYouMean("Gotham", aliases(), AMBIGUOUS)).isEmpty();
    }

    /** The municipalities a written name is a spelling of, as both services find it: one, or none when unknown. */
    private static Set<String> found(String written) {
        Set<String> municipalities = new TreeSet<>();
        NAMED.stream().filter(named -> PlaceNames.keys(named.getKey()).contains(PlaceNames.key(written)))
                .forEach(named -> municipalities.add(named.getValue()));
        return municipalities;
    }

    private static List<String> nearest(String written) {
        return PlaceNames.nearest(written, aliases(), AMBIGUOUS);
    }

    /** Each municipality's aliases under its name, in the file's order. */
    private static Map<String, List<String>> aliases() {
        Map<String, List<String>> aliases = new java.util.LinkedHashMap<>();
        NAMED.forEach(named -> {
            List<String> its = aliases.computeIfAbsent(named.getValue(), name -> new ArrayList<>());
            if (!named.getKey().equals(named.getValue())) {
                its.add(named.getKey());
            }
        });
        return aliases;
    }

    private static Set<String> allNames() {
        Set<String> names = new TreeSet<>();
        NAMED.forEach(named -> names.add(named.getKey()));
        names.addAll(AMBIGUOUS.keySet());
        return names;
    }
}
