package org.kronika.query.web;

/**
 * The command service's text limits the query side keeps too, named as there (its {@code TextLimits}), which this
 * service cannot read: it does not depend on the command service. A review's comment the dashboards take is checked
 * again there, and a municipality's name a command takes as sent is one a filter takes. {@code CommandTextLimitsTest}
 * holds each to docs/vocabulary.md's table of text limits, as the command service's own test holds {@code TextLimits},
 * so neither side can change a number alone.
 */
public final class CommandTextLimits {

    /** What a report's submission, return or approval says. */
    public static final int COMMENT = 2000;
    /** A municipality as sent, its name or an alias. */
    public static final int MUNICIPALITY_NAME = 100;

    private CommandTextLimits() {
    }

    /** A too-long text's refusal in the command service's words, which every text bound of this one uses too. */
    public static String atMost(int max) {
        return "must be at most " + max + " characters";
    }
}
