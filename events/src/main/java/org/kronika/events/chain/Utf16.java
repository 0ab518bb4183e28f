package org.kronika.events.chain;

/**
 * Whether text is well-formed Unicode. A Java string, like a JSON string (an escaped U+D800), may hold half of a
 * surrogate pair without the other half; such text has no UTF-8 form, so every copy of it (a hash, a database,
 * an export) would hold something else. RFC 8785 refuses it, and so does every boundary that feeds the chain.
 */
public final class Utf16 {

    private Utf16() {
    }

    /** The index of the first surrogate that is not half of a pair, or -1 when the text is well-formed. */
    public static int unpairedSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Why text is refused, or {@code null} when it is well-formed. Names the surrogate by its code, never by
     * itself: the message must be writable where the text was not.
     */
    public static String problem(CharSequence text) {
        int at = unpairedSurrogate(text);
        return at < 0 ? null : String.format("has an unpaired UTF-16 surrogate (U+%04X) at character %d: "
                + "text must be well-formed Unicode", (int) text.charAt(at), at + 1);
    }
}
