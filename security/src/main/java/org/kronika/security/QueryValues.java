package org.kronika.security;

import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The forms both services take a query parameter's value in, before it is read as what it is: each value has one
 * address, and nothing Java reads beyond what the documents promise reaches arithmetic or a date.
 */
public final class QueryValues {

    private static final Pattern ASCII_WHOLE_NUMBER = Pattern.compile("0|-?[1-9][0-9]*");
    private static final Pattern FOUR_DIGIT_YEAR = Pattern.compile("[0-9]{4}-.*");

    private QueryValues() {
    }

    /**
     * A whole number written in ASCII digits only, without a plus sign or zeros in front, that a long holds; empty
     * otherwise. {@code Long.parseLong} also takes a plus sign, zeros in front and other scripts' digits (an
     * Arabic-Indic one), which gave one page several addresses.
     */
    public static OptionalLong wholeNumber(String value) {
        if (value == null || !ASCII_WHOLE_NUMBER.matcher(value).matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether a date or a time starts with a year of four digits, as RFC 3339 writes it and the documents' date and
     * date-time formats promise: Java also reads a sign and up to nine or ten digits, and a moment near the end of
     * those years is a day no date can hold (a replay as of +999999999-12-31 answered 500).
     */
    public static boolean fourDigitYear(String value) {
        return FOUR_DIGIT_YEAR.matcher(value).matches();
    }
}
