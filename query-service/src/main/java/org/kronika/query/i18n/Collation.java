package org.kronika.query.i18n;

import java.text.CollationKey;
import java.text.Collator;
import java.text.ParseException;
import java.text.RuleBasedCollator;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names in the order the reader's language sorts them, not by their code points: in Albanian Ç after C, Ë after E
 * and the digraphs (dh, gj, ll, nj, rr, sh, th, xh, zh) each after its first letter, as the alphabet has them; in
 * English accents only break ties. A number inside a name counts by its value ("Projekt 2" before "Projekt 10").
 * A collator is not safe across threads: each {@link #keys} is one caller's.
 */
public final class Collation {

    /** The Albanian alphabet's letters that the JDK's own Albanian rules leave among the Latin ones. */
    private static final String ALBANIAN = "& C < ç , Ç & D < dh , dH , Dh , DH & E < ë , Ë & G < gj , gJ , Gj , GJ"
            + " & L < ll , lL , Ll , LL & N < nj , nJ , Nj , NJ & R < rr , rR , Rr , RR & S < sh , sH , Sh , SH"
            + " & T < th , tH , Th , TH & X < xh , xH , Xh , XH & Z < zh , zH , Zh , ZH";
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private final Collator collator;

    private Collation(Collator collator) {
        this.collator = collator;
    }

    /**
     * Each language's collator, built once: Albanian's rules are parsed anew at each construction, and a page
     * collates several tables. Each caller gets its own copy, as a collator is not safe across threads.
     */
    private static final java.util.Map<Locale, Collator> BUILT = new java.util.concurrent.ConcurrentHashMap<>();

    public static Collation keys(Locale locale) {
        return new Collation((Collator) BUILT.computeIfAbsent(locale, Collation::build).clone());
    }

    private static Collator build(Locale locale) {
        Collator collator = Collator.getInstance(locale);
        if (locale.getLanguage().equals("sq") && collator instanceof RuleBasedCollator root) {
            try {
                collator = new RuleBasedCollator(root.getRules() + ALBANIAN);
            } catch (ParseException e) {
                throw new IllegalStateException(e);
            }
        }
        // Case and accents still order names that are otherwise the same, so the order is one, not the store's.
        collator.setStrength(Collator.TERTIARY);
        return collator;
    }

    /** A name's place in the order, to sort many names without collating each again at every comparison. */
    public CollationKey of(String name) {
        return collator.getCollationKey(numbered(name == null ? "" : name));
    }

    /**
     * Each run of digits as its length and then its digits, so that text order is numeric order ("2" is "0012",
     * "10" is "00210"); names are at most 300 characters, so three digits hold any length.
     */
    private static String numbered(String name) {
        Matcher digits = DIGITS.matcher(name);
        return digits.replaceAll(run -> {
            String value = run.group().replaceFirst("^0+(?=\\d)", "");
            return String.format(Locale.ROOT, "%03d", value.length()) + value;
        });
    }
}
