package org.kronika.command.project;

/**
 * The most characters each text a command stores may have, named by what the text is. The request records bound
 * their fields with these ({@code @Size(max = TextLimits.PROJECT_TITLE, message = AT_MOST)}: a longer text is
 * {@code 400} naming it) and the aggregates check the same numbers again ({@link Rules#requireText}, {@code 422}), so,
 * as with {@link Limits}, the HTTP API and the aggregate cannot disagree; both refuse in the words of
 * {@link #AT_MOST}. docs/vocabulary.md gives each beside its field and in its table of text limits, which
 * {@code TextLimitsTest} holds to these numbers.
 * <p>
 * The members of each activity type ({@code module}, {@code institution}, ...) are bounded where they are declared,
 * in {@link ActivityRules}, which documents them in the OpenAPI document too. The query side repeats {@link #COMMENT}
 * and {@link #MUNICIPALITY_NAME} ({@code org.kronika.query.web.CommandTextLimits}, checked against the same table);
 * the events contract takes any length.
 */
public final class TextLimits {

    /** The implementing organisation's name. */
    public static final int ORGANISATION_NAME = 200;
    /** A project's title. */
    public static final int PROJECT_TITLE = 300;
    /** A project's summary. */
    public static final int PROJECT_SUMMARY = 5000;
    /** A project's general goal. */
    public static final int GENERAL_GOAL = 2000;
    /** Each entry of a project's {@code specificObjectives} and of its {@code targetGroups}. */
    public static final int OBJECTIVE_OR_TARGET_GROUP = 1000;
    /** A municipality as sent, its name or an alias: longer than any the programme knows. */
    public static final int MUNICIPALITY_NAME = 100;
    /** An indicator's name. */
    public static final int INDICATOR_NAME = 300;
    /** A planned activity's title, as the logframe words it. */
    public static final int PLANNED_ACTIVITY_TITLE = 500;
    /** A recorded activity's title. */
    public static final int ACTIVITY_TITLE = 500;
    /** A document referred to: its title. */
    public static final int DOCUMENT_TITLE = 500;
    /** A document referred to: its URL, archive number or file name. */
    public static final int DOCUMENT_REFERENCE = 1000;
    /**
     * Why something changes: an amendment's, redefinition's, correction's, retraction's or reopening's
     * {@code reason}, and the {@code changeReason} beside a new activity, measurement or indicator.
     */
    public static final int REASON = 1000;
    /** What a report's submission, return or approval, or a project's closure, says. */
    public static final int COMMENT = 2000;
    /** A reporting period's name. */
    public static final int PERIOD_NAME = 200;

    /**
     * A too-long text's refusal, the one wording of every text's bound: each text {@code @Size} of the request
     * records gives it as its {@code message} (Bean Validation's own default, "size must be between 0 and N", would
     * answer the same mistake in other words than the aggregate's {@code 422}). {@code {max}} is the annotation's own
     * bound, so the message cannot name another number than the one checked.
     */
    public static final String AT_MOST = "must be at most {max} characters";
    /**
     * What the OpenAPI document says of a title or a name beside its {@code maxLength}: the limit holds for it as it
     * is stored and published, composed ({@code Rules.requireName}).
     */
    public static final String AS_STORED = "Its maxLength holds once composed (Unicode NFC), as it is stored and "
            + "published: the rare text that composing lengthens (U+FB2C, say) is refused with 422 even within it "
            + "as sent.";

    /** {@link #AT_MOST} for a bound checked in code rather than by an annotation. */
    public static String atMost(int max) {
        return AT_MOST.replace("{max}", Integer.toString(max));
    }

    private TextLimits() {
    }
}
