package org.kronika.events;

import java.util.List;

/**
 * The closed word lists of the contract. A value outside them is refused at the command boundary; a reader
 * may meet new values in a later minor version and should show them as they are.
 */
public final class Vocabulary {

    public static final List<String> MEETING_KINDS = List.of("workshop", "forum", "public-debate", "consultation",
            "budget-hearing", "roundtable", "advocacy-meeting", "council-meeting", "decision-makers-meeting",
            "thematic-discussion", "camp", "conference", "closing-event", "presentation", "monitoring-visit");
    public static final List<String> DOCUMENT_KINDS = List.of("needs-assessment", "research", "mapping", "report",
            "monitoring-report", "annual-report", "policy-brief", "analysis", "programme", "plan", "best-practices");
    public static final List<String> REGULATION_STAGES = List.of("initiated", "revised", "adopted");
    public static final List<String> CAMPAIGN_KINDS = List.of("awareness", "information", "advocacy",
            "circular-economy", "digital-awareness");
    public static final List<String> MEDIA_KINDS = List.of("video-spot", "film", "video-portrait", "video-interview",
            "exhibition", "publication");
    public static final List<String> BODY_KINDS = List.of("club", "network", "advisory-group", "oversight-mechanism",
            "platform", "resource-centre", "working-group");
    public static final List<String> AWARD_KINDS = List.of("scholarship", "grant");

    /**
     * How a training or a meeting was given. A training recorded before its type had the member was given in person
     * ({@link #DEFAULT_DELIVERY_MODE}); a meeting recorded before then states none.
     */
    public static final List<String> DELIVERY_MODES = List.of("in-person", "online", "hybrid");
    public static final String DEFAULT_DELIVERY_MODE = "in-person";

    public static final List<String> INDICATOR_UNITS = List.of("count", "percent", "yes-no", "score");
    /** What activities add to an indicator; {@code measured}: nothing, only direct measurements feed it. */
    public static final List<String> INDICATOR_COUNTS = List.of("participants", "activities", "items", "measured");
    public static final List<String> AGGREGATIONS = List.of("sum", "average", "latest");
    public static final List<String> DIMENSIONS = List.of("sex", "age-band", "community", "municipality");

    private Vocabulary() {
    }
}
