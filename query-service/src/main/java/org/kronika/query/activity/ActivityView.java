package org.kronika.query.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An activity as shown: its facts as now stated, the original statement if it was corrected, each correction
 * with its reason and the facts before and after, and its retraction.
 *
 * @param current  the facts as now stated (its type's schema, without the project id)
 * @param original the first statement, if it was corrected since; {@code null} otherwise
 */
public record ActivityView(String activityId, String type, long ordinal, long recordedSequence, Instant recordedAt,
                           Map<String, Object> current, Map<String, Object> original, List<Correction> corrections,
                           Activity.Retraction retracted) {

    public record Correction(long sequence, Instant recordedAt, String reason, Map<String, Object> before,
                             Map<String, Object> after) {
    }

    public static ActivityView of(Activity activity) {
        List<Correction> corrections = new ArrayList<>();
        List<Activity.Statement> states = activity.states();
        for (int i = 1; i < states.size(); i++) {
            Activity.Statement s = states.get(i);
            corrections.add(new Correction(s.sequence(), s.recordedAt(), s.reason(), states.get(i - 1).data(), s.data()));
        }
        Activity.Statement first = states.get(0);
        return new ActivityView(activity.activityId(), activity.type(), activity.ordinal(), first.sequence(),
                first.recordedAt(), activity.current().data(), activity.isCorrected() ? first.data() : null,
                corrections, activity.retracted());
    }
}
