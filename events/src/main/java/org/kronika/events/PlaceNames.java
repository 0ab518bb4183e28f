package org.kronika.events;

import java.text.Normalizer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a name someone wrote is compared with the names and aliases of the programme file ({@code programme.json},
 * docs/vocabulary.md section 5): case, diacritics and surrounding spaces are ignored. The command side, which
 * refuses a name, and the query side, which looks one up, compare here, so a name one accepts the other finds.
 *
 * <p>Names come pasted from spreadsheets, documents and web pages, with what shows as a space or as nothing: a run of
 * spaces of any kind (the no-break space a spreadsheet keeps, the narrow one, a tab) is one space, and a hyphen or
 * dash between two words is one too ("Fushë-Kosovë"); characters that show as nothing (zero-width space, joiners,
 * word joiner, byte order mark, soft hyphen) are not there. No name or alias of the programme has any of them, so
 * every name found before is found as it was, under the same municipality. When a name is still unknown, a refusal
 * echoes it {@link #shown} with those characters visible, and {@link #didYouMean} which municipality it is near.
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
    /** Zero-width space, non-joiner and joiner, word joiner, byte order mark (zero-width no-break space), soft hyphen. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]");
    /** One hyphen or dash, the non-breaking hyphen Word puts in, en and em dashes, between two letters. */
    private static final Pattern DASH_BETWEEN_WORDS =
            Pattern.compile("(?<=\\p{L})\\p{IsWhite_Space}*[-\\u2010-\\u2015]\\p{IsWhite_Space}*(?=\\p{L})");
    private static final Pattern SPACES = Pattern.compile("\\p{IsWhite_Space}+");
    /** Characters shown by their code when a name is echoed: those no reader sees, or sees as an ordinary space. */
    private static final Pattern UNSEEN = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Z}\\p{IsWhite_Space}&&[^ ]]");
    /** Longer than any name: a name past it is near none, and is not compared letter by letter with every one. */
    private static final int LONGEST_NEAR = 100;
    /** How many municipalities a refusal may suggest; a name near more is near none in particular. */
    private static final int MOST_SUGGESTED = 3;

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

    /**
     * A name as it was written, for a refusal to echo: a no-break space, a zero-width space or a tab shown by its code
     * (a no-break space after Podujevë as <code>Podujevë&#92;u00A0</code>), where it would look like an ordinary space
     * or like nothing at all.
     */
    public static String shown(String written) {
        return UNSEEN.matcher(written).replaceAll(unseen ->
                Matcher.quoteReplacement(String.format("\\u%04X", unseen.group().codePointAt(0))));
    }

    /**
     * The end of a refusal of a name no spelling matches: {@code "; did you mean Vushtrri?"} naming the
     * municipalities it is {@link #nearest}, or nothing.
     */
    public static String didYouMean(String written, Map<String, ? extends Collection<String>> aliases,
                                     Map<String, ? extends Collection<String>> ambiguousNames) {
        List<String> near = nearest(written, aliases, ambiguousNames);
        if (near.isEmpty()) {
            return "";
        }
        String last = near.get(near.size() - 1);
        return "; did you mean " + (near.size() == 1 ? last
                : String.join(", ", near.subList(0, near.size() - 1)) + " or " + last) + "?";
    }

    /**
     * The municipalities a name no spelling matches is likely written for, nearest first, in the programme's order:
     * those with a spelling a letter or two away from its key (one for a name of four or five letters, none for a
     * shorter one: "Pex" is as near Peć as many a word), else those with a spelling it begins with ("Prizrenit", an
     * inflected form) or that begins with it ("Gjila"), at least four letters long. A name near an ambiguous name is
     * near each municipality it could mean. None when more than three are as near: that is no hint.
     *
     * @param aliases        each municipality's aliases under its canonical name, in the programme's order
     * @param ambiguousNames names of more than one municipality, with the canonical names of those they could mean
     */
    static List<String> nearest(String written, Map<String, ? extends Collection<String>> aliases,
                                Map<String, ? extends Collection<String>> ambiguousNames) {
        String wanted = key(written);
        if (wanted.isEmpty() || wanted.length() > LONGEST_NEAR) {
            return List.of();
        }
        Map<String, Integer> distances = new LinkedHashMap<>();
        aliases.forEach((name, its) -> {
            int distance = distance(wanted, name);
            for (String alias : its) {
                distance = Math.min(distance, distance(wanted, alias));
            }
            distances.put(name, distance);
        });
        ambiguousNames.forEach((name, choices) -> {
            int distance = distance(wanted, name);
            choices.forEach(choice -> distances.computeIfPresent(choice, (c, was) -> Math.min(was, distance)));
        });
        int nearest = distances.values().stream().min(Integer::compare).orElse(FAR);
        List<String> names = nearest == FAR ? List.of() : distances.entrySet().stream()
                .filter(place -> place.getValue() == nearest).map(Map.Entry::getKey).toList();
        return names.size() > MOST_SUGGESTED ? List.of() : names;
    }

    private static final int FAR = Integer.MAX_VALUE;
    /** A name sharing a beginning with a spelling is nearer than an unrelated one, farther than one of two slips. */
    private static final int SHARED_BEGINNING = 3;
    private static final int SHORTEST_BEGINNING = 4;

    /** How far a name's key is from a spelling's nearest key: its edits, {@link #SHARED_BEGINNING}, or {@link #FAR}. */
    private static int distance(String wanted, String spelling) {
        int slips = wanted.length() < 4 ? 0 : wanted.length() < 6 ? 1 : 2;
        int distance = FAR;
        for (String key : keys(spelling)) {
            int edits = edits(wanted, key);
            if (edits <= slips) {
                distance = Math.min(distance, edits);
            } else if (beginsWith(wanted, key) || beginsWith(key, wanted)) {
                distance = Math.min(distance, SHARED_BEGINNING);
            }
        }
        return distance;
    }

    private static boolean beginsWith(String longer, String shorter) {
        return shorter.length() >= SHORTEST_BEGINNING && longer.startsWith(shorter);
    }

    /** Levenshtein distance: the letters to insert, delete or replace to make one the other. */
    private static int edits(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int replace = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String folded(String text) {
        String visible = INVISIBLE.matcher(text.strip()).replaceAll("");
        String digraphsApart = DIGRAPHS.matcher(visible)
                .replaceAll(digraph -> Normalizer.normalize(digraph.group(), Normalizer.Form.NFKD));
        String letters = MARKS.matcher(Normalizer.normalize(digraphsApart, Normalizer.Form.NFD)).replaceAll("")
                .toLowerCase(Locale.ROOT);
        return SPACES.matcher(DASH_BETWEEN_WORDS.matcher(letters).replaceAll(" ")).replaceAll(" ").strip();
    }
}
