package org.kronika.command.project;

import org.kronika.events.ActivityEvent;
import org.kronika.events.AwardGranted;
import org.kronika.events.BodyEstablished;
import org.kronika.events.CampaignRun;
import org.kronika.events.DocumentPublished;
import org.kronika.events.DocumentReference;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * What each kind of activity must state, beyond the facts every activity has. Each member of a type is declared
 * once, with its rule ({@link Member}): the same declaration checks it, makes it required or not, and documents its
 * bounds in the OpenAPI document, so the document and the rules cannot drift apart.
 */
public final class ActivityRules {

    public static final int MAX_COUNT = 10_000_000;
    private static final List<String> STATED_BY_EVERY_ACTIVITY = List.of("title", "occurredOn", "participants.total");

    /** A member of an activity type's own facts and the rule it follows. */
    public sealed interface Member permits Text, Count, Word, Document {

        String name();

        /** Whether an activity of the type cannot be recorded without it. */
        boolean required();

        /** Throws {@link ProjectRuleViolation} naming the member if the activity's value breaks its rule. */
        void check(ActivityEvent activity);
    }

    /** Text of at most {@code maxLength} characters; when required, not blank either. */
    public record Text(String name, int maxLength, boolean required, Function<ActivityEvent, String> value)
            implements Member {
        @Override
        public void check(ActivityEvent activity) {
            if (required) {
                Rules.requireText(name, value.apply(activity), maxLength);
            } else {
                Rules.optionalText(name, value.apply(activity), maxLength);
            }
        }
    }

    /**
     * A whole number of at least {@code minimum} and at most {@link #MAX_COUNT}: always stated, as a number has no
     * "left out".
     */
    public record Count(String name, int minimum, ToIntFunction<ActivityEvent> value) implements Member {
        @Override
        public boolean required() {
            return true;
        }

        @Override
        public void check(ActivityEvent activity) {
            Rules.count(name, value.applyAsInt(activity), minimum);
        }
    }

    /** A word of a closed list. */
    public record Word(String name, List<String> words, boolean required, Function<ActivityEvent, String> value)
            implements Member {
        @Override
        public void check(ActivityEvent activity) {
            String word = value.apply(activity);
            if (required || word != null) {
                Rules.oneOf(name, word, words);
            }
        }
    }

    /** A document referred to: where one is given, all of its title, reference and hash ({@link Rules#document}). */
    public record Document(String name, boolean required, Function<ActivityEvent, DocumentReference> value)
            implements Member {
        @Override
        public void check(ActivityEvent activity) {
            Rules.document(name, value.apply(activity), required);
        }
    }

    /** The members of one type, declared with their accessors on the type's own event. */
    private static final class Declared<E extends ActivityEvent> {
        private final Class<E> type;
        private final List<Member> members = new ArrayList<>();

        private Declared(Class<E> type) {
            this.type = type;
        }

        Declared<E> text(String name, int maxLength, boolean required, Function<E, String> value) {
            members.add(new Text(name, maxLength, required, activity -> value.apply(type.cast(activity))));
            return this;
        }

        Declared<E> count(String name, int minimum, ToIntFunction<E> value) {
            members.add(new Count(name, minimum, activity -> value.applyAsInt(type.cast(activity))));
            return this;
        }

        Declared<E> word(String name, List<String> words, boolean required, Function<E, String> value) {
            members.add(new Word(name, words, required, activity -> value.apply(type.cast(activity))));
            return this;
        }

        Declared<E> document(String name, boolean required, Function<E, DocumentReference> value) {
            members.add(new Document(name, required, activity -> value.apply(type.cast(activity))));
            return this;
        }

        Map.Entry<Class<? extends ActivityEvent>, List<Member>> entry() {
            return Map.entry(type, List.copyOf(members));
        }
    }

    private static <E extends ActivityEvent> Declared<E> of(Class<E> type) {
        return new Declared<>(type);
    }

    private static final Map<Class<? extends ActivityEvent>, List<Member>> MEMBERS = Map.ofEntries(
            of(TrainingDelivered.class).text("module", 300, false, TrainingDelivered::module)
                    .count("sessions", 1, TrainingDelivered::sessions)
                    .word("deliveryMode", Vocabulary.DELIVERY_MODES, false, TrainingDelivered::deliveryMode).entry(),
            of(MentoringSessionHeld.class).text("topic", 500, true, MentoringSessionHeld::topic)
                    .count("organisationsMentored", 1, MentoringSessionHeld::organisationsMentored).entry(),
            of(MeetingHeld.class).word("kind", Vocabulary.MEETING_KINDS, true, MeetingHeld::kind)
                    .text("institution", 300, false, MeetingHeld::institution)
                    .word("deliveryMode", Vocabulary.DELIVERY_MODES, false, MeetingHeld::deliveryMode).entry(),
            of(DocumentPublished.class).word("kind", Vocabulary.DOCUMENT_KINDS, true, DocumentPublished::kind)
                    .document("document", true, DocumentPublished::document).entry(),
            of(RecommendationAdopted.class).text("institution", 300, true, RecommendationAdopted::institution)
                    .text("recommendation", 2000, true, RecommendationAdopted::recommendation).entry(),
            of(RegulationProgressed.class).word("stage", Vocabulary.REGULATION_STAGES, true, RegulationProgressed::stage)
                    .text("regulation", 500, true, RegulationProgressed::regulation)
                    .text("institution", 300, true, RegulationProgressed::institution).entry(),
            of(CampaignRun.class).word("kind", Vocabulary.CAMPAIGN_KINDS, true, CampaignRun::kind)
                    .text("channel", 300, true, CampaignRun::channel)
                    .count("reach", 0, CampaignRun::reach).entry(),
            of(MediaProduced.class).word("kind", Vocabulary.MEDIA_KINDS, true, MediaProduced::kind)
                    .count("count", 1, MediaProduced::count)
                    .document("document", false, MediaProduced::document).entry(),
            of(MaterialsDistributed.class).text("item", 300, true, MaterialsDistributed::item)
                    .count("quantity", 1, MaterialsDistributed::quantity).entry(),
            of(MemorandumSigned.class).text("counterpart", 300, true, MemorandumSigned::counterpart)
                    .document("document", false, MemorandumSigned::document).entry(),
            of(BodyEstablished.class).word("kind", Vocabulary.BODY_KINDS, true, BodyEstablished::kind)
                    .text("name", 300, true, BodyEstablished::name)
                    .count("members", 0, BodyEstablished::members).entry(),
            of(AwardGranted.class).word("kind", Vocabulary.AWARD_KINDS, true, AwardGranted::kind)
                    .count("count", 1, AwardGranted::count)
                    .text("purpose", 500, true, AwardGranted::purpose).entry(),
            of(YouthInitiativeImplemented.class)
                    .text("initiative", 1000, true, YouthInitiativeImplemented::initiative).entry());

    private ActivityRules() {
    }

    /** The members of this activity type beyond those every activity has, each with its rule, in order. */
    public static List<Member> membersOf(Class<? extends ActivityEvent> type) {
        return MEMBERS.getOrDefault(type, List.of());
    }

    /** The members of this activity type that take a word of a closed list, each with its list. */
    public static Map<String, List<String>> closedWords(Class<? extends ActivityEvent> type) {
        Map<String, List<String>> closed = new LinkedHashMap<>();
        for (Member member : membersOf(type)) {
            if (member instanceof Word word) {
                closed.put(word.name(), word.words());
            }
        }
        return closed;
    }

    /**
     * The members an activity of this type cannot be recorded without, as paths ({@code document.title}: required
     * within the document, where one is given). Everything else may be left out, which means {@code null}, an
     * empty list or an empty breakdown. The OpenAPI document marks exactly these as required.
     */
    public static List<String> requiredMembers(Class<? extends ActivityEvent> type) {
        List<String> required = new ArrayList<>(STATED_BY_EVERY_ACTIVITY);
        for (Member member : membersOf(type)) {
            if (member.required()) {
                required.add(member.name());
            }
            if (member instanceof Document document) {
                Rules.DOCUMENT_MEMBERS.forEach(part -> required.add(document.name() + "." + part));
            }
        }
        return List.copyOf(required);
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

    /**
     * Every part at fault, by category in alphabetical order (the contract keeps a breakdown unordered, so the
     * request's order is not known here), the first {@value #PARTS_NAMED} by name and the rest counted: an answer
     * naming twenty thousand made-up categories would be as large as the request.
     */
    private static void breakdown(String field, Map<String, Integer> parts, List<String> categories, int total) {
        List<FieldRefusal.Fault> faults = new java.util.ArrayList<>();
        int more = 0;
        long sum = 0;
        for (var part : new java.util.TreeMap<>(parts).entrySet()) {
            String fault = !categories.contains(part.getKey()) ? "is not a category; use " + categories
                    : part.getValue() == null || part.getValue() < 0 ? "must not be negative" : null;
            if (fault == null) {
                sum += part.getValue();
            } else if (faults.size() < PARTS_NAMED) {
                faults.add(new FieldRefusal.Fault(field + "." + part.getKey(), fault));
            } else {
                more++;
            }
        }
        if (more > 0) {
            faults.add(new FieldRefusal.Fault(field, "has " + more + " more parts at fault, not named here"));
        }
        if (faults.isEmpty() && sum > total) {
            faults.add(new FieldRefusal.Fault(field, "parts add up to " + sum + ", more than the total of " + total));
        }
        if (!faults.isEmpty()) {
            throw new ProjectRuleViolation(faults);
        }
    }

    private static final int PARTS_NAMED = 20;

    /** The rules of what only this type states, each of its own field: all are run, every fault reported. */
    static void specificTo(ActivityEvent activity) {
        Rules.Faults faults = new Rules.Faults();
        membersOf(activity.getClass()).forEach(member -> faults.check(() -> member.check(activity)));
        faults.refuseIfAny();
    }
}
