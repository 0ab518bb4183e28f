package org.kronika.command.project;

import org.kronika.events.ActivityEvent;
import org.kronika.events.EventTypes;
import org.kronika.events.RecommendationAdopted;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one path from an activity's stated facts to its event, for a new activity and a correction alike: the facts
 * are read as the type's event with the place spelled as the programme spells it, then checked against the
 * project's rules. A correction names the activity it corrects, and its fields are named by their path in the
 * request, under {@code corrected}.
 */
final class ActivityFacts {

    private final String projectId;
    private final ProjectTerms terms;
    private final Logframe logframe;
    private final Programme programme;
    private final Clock clock;
    private final ActivityDecoder decoder;
    private final Activities activities;

    ActivityFacts(String projectId, ProjectTerms terms, Logframe logframe, Programme programme, Clock clock,
                  ActivityDecoder decoder, Activities activities) {
        this.projectId = projectId;
        this.terms = terms;
        this.logframe = logframe;
        this.programme = programme;
        this.clock = clock;
        this.decoder = decoder;
        this.activities = activities;
    }

    /**
     * A text as stored ({@link Rules#trimmed}); one holding a control character is left as sent, for the rules to
     * refuse: stripped, one at either end would pass for a space. Anything else is left for the decoder to judge.
     */
    private static Object trimmed(Object value) {
        return value instanceof String text ? Rules.asStored(text) : value;
    }

    /** A new activity, whose id is not used yet. */
    ActivityEvent stated(String type, Map<String, Object> facts) {
        return event(type, facts, null, null);
    }

    /** The facts of activity {@code activityId}, as recorded {@code was}, as they should stand. */
    ActivityEvent correcting(String activityId, RecordedActivity was, Map<String, Object> facts) {
        return event(was.type(), facts, activityId, was.stated());
    }

    /** @param stated what the corrected activity states, which the facts may not leave out; null if not known */
    private ActivityEvent event(String type, Map<String, Object> facts, String correcting, StatedFacts stated) {
        try {
            Map<String, Object> given = new LinkedHashMap<>(facts);
            if (correcting != null && given.get("activityId") == null) {
                // The path names the activity corrected; the facts need not say it again.
                given.put("activityId", correcting);
            }
            Class<? extends ActivityEvent> javaType = EventTypes.named(type).orElseThrow().javaType()
                    .asSubclass(ActivityEvent.class);
            // Every required member left out at once, whichever type it has: all are the same kind of fault.
            List<FieldRefusal.Fault> missing = new ArrayList<>(ActivityRules.missingFrom(javaType, given));
            if (stated != null) {
                missing.addAll(stated.leftOutOf(given, "activity " + correcting));
            }
            if (!missing.isEmpty()) {
                throw new MalformedFacts(missing);
            }
            // A place the project does not know is a fault of the same kind as the rules', named with them: it was
            // named alone, before the members left out and the rules' faults, which a client then met one by one.
            Rules.Faults faults = new Rules.Faults();
            if (given.get("municipality") instanceof String place) {
                String canonical = faults.read(() -> terms.requireMunicipality(programme, "municipality", place));
                if (canonical != null) {
                    given.put("municipality", canonical);
                }
            }
            // Stored without the space around it, as a project's title is: a correction adding only spaces states
            // the activity as it is, and is refused as one. A title holding a control character is left as sent,
            // for the rule below to refuse: stripped, one at either end would pass for a space.
            given.replace("title", trimmed(given.get("title")));
            // So is each text of the type's own (a body's name, a memorandum's counterpart, a document's title).
            for (ActivityRules.Member member : ActivityRules.membersOf(javaType)) {
                if (member instanceof ActivityRules.Text && given.containsKey(member.name())) {
                    Object text = trimmed(given.get(member.name()));
                    // An optional one that shows nothing states nothing: stored as not given, not as "".
                    given.put(member.name(), !member.required() && "".equals(text) ? null : text);
                } else if (member instanceof ActivityRules.Document && given.get(member.name()) instanceof Map<?, ?> doc) {
                    Map<Object, Object> document = new LinkedHashMap<>(doc);
                    document.replace("title", trimmed(document.get("title")));
                    document.replace("reference", trimmed(document.get("reference")));
                    given.put(member.name(), document);
                }
            }
            ActivityEvent activity = decoder.decode(type, projectId, given);
            if (correcting == null) {
                activities.requireNew(activity);
            } else if (!correcting.equals(activity.activityId())) {
                faults.add("activityId", "must be " + correcting
                        + ": a correction cannot move facts to another activity");
            }
            faults.check(() -> Rules.requireText("title", activity.title(), TextLimits.ACTIVITY_TITLE));
            faults.check(() -> terms.requireWithinProjectPeriod("occurredOn", activity.occurredOn(), clock));
            faults.check(() -> ActivityRules.participants(programme, activity.participants()));
            faults.check(() -> {
                if (activity.plannedActivityId() != null) {
                    logframe.requirePlannedAs(activity.plannedActivityId(), type);
                }
            });
            faults.check(() -> requireSource(activity));
            faults.check(() -> logframe.requireIndicators("indicatorIds", activity.indicatorIds()));
            faults.check(() -> ActivityRules.specificTo(activity));
            faults.refuseIfAny();
            return activity;
        } catch (ProjectRuleViolation e) {
            if (correcting == null) {
                throw e;
            }
            throw e.under("corrected.", field -> leftOut(facts, field));
        } catch (MalformedFacts e) {
            throw correcting == null ? e.inRequest(null) : e.inRequest("corrected", field -> leftOut(facts, field));
        }
    }

    /**
     * Why a correction's fact is missing, if the correction left it out: one that names only what changes leaves
     * the rest out, which reads as blanking it.
     */
    private static String leftOut(Map<String, Object> corrected, String field) {
        return field != null && corrected.get(field.split("[.\\[]", 2)[0]) == null
                ? " (a correction states the activity's facts in full, as they should stand, not only those that "
                + "change)" : "";
    }

    /** An adopted recommendation's source is another activity of the project. */
    private void requireSource(ActivityEvent activity) {
        if (activity instanceof RecommendationAdopted adopted && adopted.sourceActivityId() != null) {
            // A correction's own activity is recorded already, but is no source of itself.
            if (adopted.sourceActivityId().equals(adopted.activityId())) {
                throw new ProjectRuleViolation("sourceActivityId", "names the adoption itself: the source is "
                        + "the activity the recommendation came from");
            }
            // Of the form of an id before it is looked up: the ledger is PostgreSQL's, which takes no NUL.
            Rules.requireId("sourceActivityId", adopted.sourceActivityId());
            if (!activities.contains(adopted.sourceActivityId())) {
                throw new ProjectRuleViolation("sourceActivityId", "'" + adopted.sourceActivityId()
                        + "' is not an activity recorded in this project");
            }
        }
    }
}
