package org.kronika.command.project;

import org.kronika.events.ActivityEvent;
import org.kronika.events.AwardGranted;
import org.kronika.events.BodyEstablished;
import org.kronika.events.CampaignRun;
import org.kronika.events.DocumentPublished;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.events.MaterialsDistributed;
import org.kronika.events.MediaProduced;
import org.kronika.events.MeetingHeld;
import org.kronika.events.MemorandumSigned;
import org.kronika.events.MentoringSessionHeld;
import org.kronika.events.Participants;
import org.kronika.events.RecommendationAdopted;
import org.kronika.events.RegulationProgressed;
import org.kronika.events.TrainingDelivered;
import org.kronika.events.Vocabulary;
import org.kronika.events.YouthInitiativeImplemented;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What each kind of activity must state, beyond the facts every activity has. */
public final class ActivityRules {

    private static final int MAX_COUNT = 10_000_000;
    private static final List<String> STATED_BY_EVERY_ACTIVITY = List.of("title", "occurredOn", "participants.total");
    /** Wherever a document is given, {@link Rules#document} wants all of it. */
    private static final List<String> DOCUMENT = List.of("document.title", "document.reference", "document.sha256");
    /** Kept in step with {@link #specificTo}; CommandExamplesTest probes the running service to check they agree. */
    private static final Map<Class<? extends ActivityEvent>, List<String>> STATED_BY_TYPE = Map.ofEntries(
            Map.entry(TrainingDelivered.class, List.of("sessions")),
            Map.entry(MentoringSessionHeld.class, List.of("topic", "organisationsMentored")),
            Map.entry(MeetingHeld.class, List.of("kind")),
            Map.entry(DocumentPublished.class, with(DOCUMENT, "kind", "document")),
            Map.entry(RecommendationAdopted.class, List.of("institution", "recommendation")),
            Map.entry(RegulationProgressed.class, List.of("stage", "regulation", "institution")),
            Map.entry(CampaignRun.class, List.of("kind", "channel", "reach")),
            Map.entry(MediaProduced.class, with(DOCUMENT, "kind", "count")),
            Map.entry(MaterialsDistributed.class, List.of("item", "quantity")),
            Map.entry(MemorandumSigned.class, with(DOCUMENT, "counterpart")),
            Map.entry(BodyEstablished.class, List.of("kind", "name", "members")),
            Map.entry(AwardGranted.class, List.of("kind", "count", "purpose")),
            Map.entry(YouthInitiativeImplemented.class, List.of("initiative")));

    /**
     * The members an activity type takes only from a closed list, with the list: kept in step with
     * {@link #specificTo}, whose {@code Rules.oneOf} refuses any other word; CommandExamplesTest sends a word off
     * each list to the running service to check they agree. The OpenAPI document gives each as an {@code enum}.
     */
    private static final Map<Class<? extends ActivityEvent>, Map<String, List<String>>> WORDS_BY_TYPE = Map.ofEntries(
            Map.entry(TrainingDelivered.class, Map.of("deliveryMode", Vocabulary.DELIVERY_MODES)),
            Map.entry(MeetingHeld.class, Map.of("kind", Vocabulary.MEETING_KINDS)),
            Map.entry(DocumentPublished.class, Map.of("kind", Vocabulary.DOCUMENT_KINDS)),
            Map.entry(RegulationProgressed.class, Map.of("stage", Vocabulary.REGULATION_STAGES)),
            Map.entry(CampaignRun.class, Map.of("kind", Vocabulary.CAMPAIGN_KINDS)),
            Map.entry(MediaProduced.class, Map.of("kind", Vocabulary.MEDIA_KINDS)),
            Map.entry(BodyEstablished.class, Map.of("kind", Vocabulary.BODY_KINDS)),
            Map.entry(AwardGranted.class, Map.of("kind", Vocabulary.AWARD_KINDS)));

    private ActivityRules() {
    }

    /** The members of this activity type that take a word of a closed list, each with its list. */
    public static Map<String, List<String>> closedWords(Class<? extends ActivityEvent> type) {
        return WORDS_BY_TYPE.getOrDefault(type, Map.of());
    }

    /**
     * The members an activity of this type cannot be recorded without, as paths ({@code document.title}: required
     * within the document, where one is given). Everything else may be left out, which means {@code null}, an
     * empty list or an empty breakdown. The OpenAPI document marks exactly these as required.
     */
    public static List<String> requiredMembers(Class<? extends ActivityEvent> type) {
        return with(STATED_BY_TYPE.get(type), STATED_BY_EVERY_ACTIVITY.toArray(String[]::new));
    }

    /**
     * The members the facts leave out that an activity of this type cannot be recorded without, each as a fault:
     * all of them, so that one answer names every one. A member within an object ({@code document.title}) is
     * missing only where the object is given.
     */
    static List<FieldRefusal.Fault> missingFrom(Class<? extends ActivityEvent> type, Map<String, Object> facts) {
        List<FieldRefusal.Fault> missing = new ArrayList<>();
        for (String path : requiredMembers(type)) {
            int dot = path.indexOf('.');
            Object stated = facts.get(dot < 0 ? path : path.substring(0, dot));
            if (dot < 0 ? stated == null : stated instanceof Map<?, ?> object && object.get(path.substring(dot + 1)) == null) {
                missing.add(new FieldRefusal.Fault(path, "is required"));
            }
        }
        return missing;
    }

    private static List<String> with(List<String> members, String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(members);
        return List.copyOf(all);
    }

    /** The public name of an activity type, e.g. {@code training-delivered}. */
    static String requireActivityType(String field, String name) {
        return EventTypes.named(name).filter(type -> ActivityEvent.class.isAssignableFrom(type.javaType()))
                .map(EventType::name)
                .orElseThrow(() -> new ProjectRuleViolation(field, "must be one of "
                        + EventTypes.activityTypes().stream().map(EventType::name).toList()));
    }

    static void participants(Programme programme, Participants participants) {
        if (participants == null) {
            return;
        }
        if (participants.total() < 0 || participants.total() > MAX_COUNT) {
            throw new ProjectRuleViolation("participants.total", "must be between 0 and " + MAX_COUNT);
        }
        Rules.all(() -> breakdown("participants.bySex", participants.bySex(), programme.sexCategories(),
                        participants.total()),
                () -> breakdown("participants.byAgeBand", participants.byAgeBand(), programme.ageBands(),
                        participants.total()),
                () -> breakdown("participants.byCommunity", participants.byCommunity(), programme.communities(),
                        participants.total()));
    }

    private static void breakdown(String field, Map<String, Integer> parts, List<String> categories, int total) {
        long sum = 0;
        for (var part : parts.entrySet()) {
            if (!categories.contains(part.getKey())) {
                throw new ProjectRuleViolation(field + "." + part.getKey(), "is not a category; use " + categories);
            }
            if (part.getValue() == null || part.getValue() < 0) {
                throw new ProjectRuleViolation(field + "." + part.getKey(), "must not be negative");
            }
            sum += part.getValue();
        }
        if (sum > total) {
            throw new ProjectRuleViolation(field, "parts add up to " + sum + ", more than the total of " + total);
        }
    }

    /** The checks of what only this type states, each of its own field: all are run, every fault reported. */
    static void specificTo(ActivityEvent activity) {
        Rules.all(checksOf(activity));
    }

    private static Rules.Check[] checksOf(ActivityEvent activity) {
        if (activity instanceof TrainingDelivered t) {
            return new Rules.Check[] {() -> Rules.optionalText("module", t.module(), 300),
                () -> Rules.positive("sessions", t.sessions()),
                () -> {
                    if (t.deliveryMode() != null) {
                        Rules.oneOf("deliveryMode", t.deliveryMode(), Vocabulary.DELIVERY_MODES);
                    }
                }};
        } else if (activity instanceof MentoringSessionHeld m) {
            return new Rules.Check[] {() -> Rules.requireText("topic", m.topic(), 500),
                () -> Rules.positive("organisationsMentored", m.organisationsMentored())};
        } else if (activity instanceof MeetingHeld m) {
            return new Rules.Check[] {() -> Rules.oneOf("kind", m.kind(), Vocabulary.MEETING_KINDS),
                () -> Rules.optionalText("institution", m.institution(), 300)};
        } else if (activity instanceof DocumentPublished d) {
            return new Rules.Check[] {() -> Rules.oneOf("kind", d.kind(), Vocabulary.DOCUMENT_KINDS),
                () -> Rules.document("document", d.document(), true)};
        } else if (activity instanceof RecommendationAdopted r) {
            return new Rules.Check[] {() -> Rules.requireText("institution", r.institution(), 300),
                () -> Rules.requireText("recommendation", r.recommendation(), 2000)};
        } else if (activity instanceof RegulationProgressed r) {
            return new Rules.Check[] {() -> Rules.oneOf("stage", r.stage(), Vocabulary.REGULATION_STAGES),
                () -> Rules.requireText("regulation", r.regulation(), 500),
                () -> Rules.requireText("institution", r.institution(), 300)};
        } else if (activity instanceof CampaignRun c) {
            return new Rules.Check[] {() -> Rules.oneOf("kind", c.kind(), Vocabulary.CAMPAIGN_KINDS),
                () -> Rules.requireText("channel", c.channel(), 300),
                () -> Rules.nonNegative("reach", c.reach())};
        } else if (activity instanceof MediaProduced m) {
            return new Rules.Check[] {() -> Rules.oneOf("kind", m.kind(), Vocabulary.MEDIA_KINDS),
                () -> Rules.positive("count", m.count()),
                () -> Rules.document("document", m.document(), false)};
        } else if (activity instanceof MaterialsDistributed m) {
            return new Rules.Check[] {() -> Rules.requireText("item", m.item(), 300),
                () -> Rules.positive("quantity", m.quantity())};
        } else if (activity instanceof MemorandumSigned m) {
            return new Rules.Check[] {() -> Rules.requireText("counterpart", m.counterpart(), 300),
                () -> Rules.document("document", m.document(), false)};
        } else if (activity instanceof BodyEstablished b) {
            return new Rules.Check[] {() -> Rules.oneOf("kind", b.kind(), Vocabulary.BODY_KINDS),
                () -> Rules.requireText("name", b.name(), 300),
                () -> Rules.nonNegative("members", b.members())};
        } else if (activity instanceof AwardGranted a) {
            return new Rules.Check[] {() -> Rules.oneOf("kind", a.kind(), Vocabulary.AWARD_KINDS),
                () -> Rules.positive("count", a.count()),
                () -> Rules.requireText("purpose", a.purpose(), 500)};
        } else if (activity instanceof YouthInitiativeImplemented y) {
            return new Rules.Check[] {() -> Rules.requireText("initiative", y.initiative(), 1000)};
        }
        return new Rules.Check[0];
    }
}
