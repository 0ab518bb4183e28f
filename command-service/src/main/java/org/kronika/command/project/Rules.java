package org.kronika.command.project;

import org.kronika.events.DocumentReference;
import org.kronika.events.Vocabulary;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** Checks shared by the project's commands. Each failure names the offending field. */
public final class Rules {

    private static final Pattern ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");
    /** A document's SHA-256 as it is stated: 64 lowercase hexadecimal digits. */
    public static final String SHA256_PATTERN = "^[0-9a-f]{64}$";
    private static final Pattern SHA256 = Pattern.compile(SHA256_PATTERN);
    /** What a document referred to states, all of it wherever one is given. */
    static final List<String> DOCUMENT_MEMBERS = List.of("title", "reference", "sha256");
    private static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST_DATE = LocalDate.of(2999, 12, 31);

    private Rules() {
    }

    /** Checks of fields that do not depend on each other. */
    @FunctionalInterface
    public interface Check {
        void run();
    }

    /**
     * Runs every check, so that a refusal names every field at fault, not only the first: one refusal with all the
     * faults found, in the order of the checks. Any other refusal (an id already used, say) stops at once.
     */
    public static void all(Check... checks) {
        Faults faults = new Faults();
        for (Check check : checks) {
            faults.check(check);
        }
        faults.refuseIfAny();
    }

    /**
     * The faults of checks that do not depend on each other, gathered as {@link #all} gathers them, where a check
     * also gives what it read (a place spelled as the programme spells it): read once, kept if it holds.
     */
    static final class Faults {
        private final List<FieldRefusal.Fault> found = new ArrayList<>();

        void check(Check check) {
            try {
                check.run();
            } catch (ProjectRuleViolation e) {
                found.addAll(e.faults());
            }
        }

        /** A fault found without a check. */
        void add(String field, String message) {
            found.add(new FieldRefusal.Fault(field, message));
        }

        /** What {@code read} gives, or {@code null} with its faults kept when it breaks a rule. */
        <T> T read(java.util.function.Supplier<T> read) {
            try {
                return read.get();
            } catch (ProjectRuleViolation e) {
                found.addAll(e.faults());
                return null;
            }
        }

        /** One refusal naming every fault found, in the order found; nothing if none was. */
        void refuseIfAny() {
            if (!found.isEmpty()) {
                throw new ProjectRuleViolation(found);
            }
        }
    }

    static void required(String field, Object value) {
        if (value == null) {
            throw new ProjectRuleViolation(field, "is required");
        }
    }

    /**
     * Published dates are RFC 3339 full-dates, whose years have four digits; a grant programme's records all fall
     * well inside 1900-2999, so anything outside is a typo or a probe, never a fact.
     */
    public static void date(String field, LocalDate value) {
        required(field, value);
        if (value.isBefore(EARLIEST_DATE) || value.isAfter(LATEST_DATE)) {
            throw new ProjectRuleViolation(field, "must be between " + EARLIEST_DATE + " and " + LATEST_DATE);
        }
    }

    public static void requireText(String field, String value, int maxLength) {
        required(field, value);
        if (blank(value)) {
            throw new ProjectRuleViolation(field, "must not be blank");
        }
        optionalText(field, value, maxLength);
    }

    /**
     * A title or a name: required, and at most {@code maxLength} as it is stored and published ({@link #trimmed}):
     * composing can lengthen a text (U+FB2C, one unit, composes to three), and a partner holds the documented limit.
     */
    public static void requireName(String field, String value, int maxLength) {
        requireText(field, value, maxLength);
        if (trimmed(value).length() > maxLength) {
            throw new ProjectRuleViolation(field, TextLimits.atMost(maxLength) + " once composed (Unicode NFC), as it "
                    + "is stored");
        }
    }

    /**
     * Whether a text shows nothing: Java's {@code isBlank} takes a no-break space (U+00A0, U+202F, U+2007), a
     * zero-width one (U+200B) or a byte-order mark (U+FEFF) for a character to read, and a title, a name or a reason
     * of only those was stored as given.
     */
    static boolean blank(String value) {
        return value.codePoints().allMatch(Rules::showsNothing);
    }

    private static boolean showsNothing(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT;
    }

    /**
     * A title or a name as stored: composed (NFC), without what shows nothing at either end. {@code strip()} left a
     * no-break or zero-width space pasted from a spreadsheet, and a title typed on a keyboard that decomposes "ë"
     * was another than the same title typed elsewhere: a correction adding either changed nothing that shows, yet
     * was recorded as a change, and an organisation's name so sent was refused as another. Checked for control
     * characters before: stripped, one at either end would pass for a space.
     */
    public static String trimmed(String value) {
        if (value == null) {
            return null;
        }
        String composed = java.text.Normalizer.normalize(value, java.text.Normalizer.Form.NFC);
        int start = 0;
        int end = composed.length();
        while (start < end && showsNothing(composed.codePointAt(start))) {
            start += Character.charCount(composed.codePointAt(start));
        }
        while (end > start && showsNothing(composed.codePointBefore(end))) {
            end -= Character.charCount(composed.codePointBefore(end));
        }
        return composed.substring(start, end);
    }

    public static void optionalText(String field, String value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            throw new ProjectRuleViolation(field, TextLimits.atMost(maxLength));
        }
        if (value != null && value.chars().anyMatch(Rules::isControl)) {
            throw new ProjectRuleViolation(field, "must not hold control characters (other than tab and line breaks) "
                    + "or bidirectional overrides or marks");
        }
    }

    /**
     * Stored text is read in pages, exports and terminals, where a control character can hide or rewrite text, and
     * a bidirectional embedding, override or isolate can show it in another order than it is stored.
     */
    static boolean isControl(int c) {
        return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r'
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069
                // The marks too (left-to-right, right-to-left, Arabic letter): unseen, they reorder the digits and
                // signs beside them; no text of the programme's languages needs one.
                || c == 0x200E || c == 0x200F || c == 0x061C;
    }

    static void texts(String field, List<String> values, int maxItems, int maxLength) {
        if (values == null) {
            return;
        }
        atMost(field, values.size(), maxItems);
        for (int i = 0; i < values.size(); i++) {
            requireText(field + "[" + i + "]", values.get(i), maxLength);
        }
    }

    /** A list or map of a command holds at most {@code max} entries. */
    static void atMost(String field, int entries, int max) {
        if (entries > max) {
            throw new ProjectRuleViolation(field, Limits.atMostEntries(max));
        }
    }

    /**
     * Room for one more of something a project accumulates, e.g. {@code "corrections of activity t-1"}: the
     * command that would go past {@code max} is refused.
     */
    public static void roomForOneMore(String field, int recorded, int max, String what) {
        if (recorded >= max) {
            throw new ProjectRuleViolation(field, "already " + recorded + " " + what + ", the most allowed");
        }
    }

    /**
     * An id the client chose for something new: well-formed, and not yet known to {@code used}, which is asked only
     * once the id is well-formed.
     */
    static void requireNewId(String field, String id, Predicate<String> used, String projectId) {
        requireId(field, id);
        if (used.test(id)) {
            throw new AlreadyRecorded(field, id, projectId);
        }
    }

    public static void requireId(String field, String value) {
        if (!isId(value)) {
            throw new ProjectRuleViolation(field,
                    "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /**
     * Whether the value has the form of an id. One that has not was never recorded: named by a path, it is unknown as
     * an unknown id of that form is (404), not a field at fault.
     */
    static boolean isId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    static void oneOf(String field, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new ProjectRuleViolation(field, (value == null ? "is required: " : "") + "must be one of " + allowed);
        }
    }

    /**
     * 0, or from 1e-6 to 1e15: every whole number in it is exact in a double and ECMAScript writes every value in
     * it without an exponent (docs/audit/hash-chain.md, "Numbers and strings: what is refused and why").
     */
    static void finiteNonNegative(String field, double value) {
        if (!(value == 0 || value >= 1e-6 && value <= 1e15)) {
            throw new ProjectRuleViolation(field, "must be 0 or between 0.000001 and 1000000000000000 (1e-6 to 1e15)");
        }
    }

    static void atLeast(String field, int value, int minimum) {
        if (value < minimum) {
            throw new ProjectRuleViolation(field, minimum == 0 ? "must not be negative" : "must be at least " + minimum);
        }
    }

    /**
     * A count of at least {@code minimum} and at most {@link ActivityRules#MAX_COUNT}, as participants are: more than
     * the people of Kosovo and Albania together is a typing slip, which would swamp every figure it adds up to.
     */
    static void count(String field, int value, int minimum) {
        atLeast(field, value, minimum);
        if (value > ActivityRules.MAX_COUNT) {
            throw new ProjectRuleViolation(field, "must be at most " + ActivityRules.MAX_COUNT);
        }
    }

    static void dimensions(List<String> dimensions) {
        if (dimensions == null) {
            return;
        }
        for (int i = 0; i < dimensions.size(); i++) {
            oneOf("dimensions[" + i + "]", dimensions.get(i), Vocabulary.DIMENSIONS);
        }
        if (new HashSet<>(dimensions).size() != dimensions.size()) {
            throw new ProjectRuleViolation("dimensions", "must not repeat a dimension");
        }
    }

    /**
     * A text as stored ({@link #trimmed}); one holding a control character is left as sent, for the rules to refuse:
     * stripped, one at either end would pass for a space.
     */
    static String asStored(String text) {
        return text != null && text.chars().noneMatch(Rules::isControl) ? trimmed(text) : text;
    }

    /** A document's reference as stored: its title and reference as {@link #asStored}, as an activity's document. */
    static DocumentReference asStored(DocumentReference document) {
        return document == null ? null
                : new DocumentReference(asStored(document.title()), asStored(document.reference()), document.sha256());
    }

    static void document(String field, DocumentReference document, boolean required) {
        if (document == null) {
            if (required) {
                throw new ProjectRuleViolation(field, "is required");
            }
            return;
        }
        all(() -> requireText(field + ".title", document.title(), TextLimits.DOCUMENT_TITLE),
                () -> requireText(field + ".reference", document.reference(), TextLimits.DOCUMENT_REFERENCE),
                () -> {
                    if (document.sha256() == null || !SHA256.matcher(document.sha256()).matches()) {
                        throw new ProjectRuleViolation(field + ".sha256",
                                "must be the document's SHA-256 as 64 lowercase hex digits");
                    }
                });
    }
}
