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

    private static Set<String> allNames() {
        Set<String> names = new TreeSet<>();
        NAMED.forEach(named -> names.add(named.getKey()));
        names.addAll(AMBIGUOUS.keySet());
        return names;
    }
}
