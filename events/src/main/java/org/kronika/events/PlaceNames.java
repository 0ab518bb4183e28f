package org.kronika.events;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a name someone wrote is compared with the names and aliases of the programme file ({@code programme.json},
 * docs/vocabulary.md section 5): case, diacritics and surrounding spaces are ignored. The command side, which
 * refuses a name, and the query side, which looks one up, compare here, so a name one accepts the other finds.
 *
 * <p>Stripping diacritics misses the letters that are letters of their own rather than a letter with a mark: of
 * the programme's names, Serbian Latin's Đ (Đakovica), which no decomposition turns into D. It is written "D" or
 * "Dj" where it cannot be typed, and both are found. Serbian Latin's digraphs typed as one character (Ǉ, Ǌ, Ǆ)
 * come apart into their two letters by compatibility decomposition; no other character does, so full-width or
 * mathematical look-alikes of a name ("ＦＥＲＩＺＡＪ") stay unknown names, refused like any other.
 */
public final class PlaceNames {

    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    /** Đ, and the eth Ð that looks the same and is often typed for it. */
    private static final Pattern STROKED_D = Pattern.compile("[đð]");
    /** Ǆ ǅ ǆ Ǉ ǈ ǉ Ǌ ǋ ǌ: one character each, two letters in the names they are typed for. */
    private static final Pattern DIGRAPHS = Pattern.compile("[\\u01C4-\\u01CC]");

    private PlaceNames() {
    }

    /** The form a written name is looked up by: "Djakovica" and "ĐAKOVICA " are "djakovica" and "dakovica". */
    public static String key(String written) {
        return STROKED_D.matcher(folded(written)).replaceAll("d");
    }

    /**
     * Every form that finds one of the programme's own names or aliases: its {@link #key}, and for a name with Đ
     * also the one with Dj in its place. Never for a written name: "Djakovica" is no name of two spellings.
     */
    public static Set<String> keys(String name) {
        String folded = folded(name);
        String withDj = STROKED_D.matcher(folded).replaceAll("dj");
        String withD = key(name);
        return withDj.equals(withD) ? Set.of(withD) : Set.of(withD, withDj);
    }

    private static String folded(String text) {
        String digraphsApart = DIGRAPHS.matcher(text.strip())
                .replaceAll(digraph -> Normalizer.normalize(digraph.group(), Normalizer.Form.NFKD));
        return MARKS.matcher(Normalizer.normalize(digraphsApart, Normalizer.Form.NFD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
    }
}
