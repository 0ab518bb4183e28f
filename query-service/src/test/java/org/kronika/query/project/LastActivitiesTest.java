package org.kronika.query.project;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Bucket;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

class LastActivitiesTest {

    private static final IntFunction<List<ActivityFacts>> NEVER_ASKED = limit -> fail("the store was asked");

    @Test
    void aRetractedLastActivityIsFollowedByTheOneBeforeItWithoutAskingTheStore() {
        LastActivities last = LastActivities.NONE;
        for (int i = 0; i < 20; i++) {
            last = last.changed(null, activity(i, 2024, 1, 1 + i), i, NEVER_ASKED);
        }

        last = last.changed(activity(19, 2024, 1, 20), null, 20, NEVER_ASKED);

        assertThat(last.last().on()).isEqualTo(LocalDate.of(2024, 1, 19));
        assertThat(last.last().order()).isEqualTo(18);
    }

    @Test
    void theStoreIsAskedOnlyOnceEveryKeptActivityIsGone() {
        LastActivities last = LastActivities.NONE;
        for (int i = 0; i < 20; i++) {
            last = last.changed(null, activity(i, 2024, 1, 1 + i), i, NEVER_ASKED);
        }
        for (int i = 19; i > 19 - LastActivities.KEPT + 1; i--) {
            last = last.changed(activity(i, 2024, 1, 1 + i), null, i + 1, NEVER_ASKED);
        }
        int[] asked = {0};
        int gone = 19 - LastActivities.KEPT + 1;

        last = last.changed(activity(gone, 2024, 1, 1 + gone), null, gone + 1, limit -> {
            asked[0]++;
            List<ActivityFacts> standing = new ArrayList<>();
            for (int i = gone - 1; i >= Math.max(0, gone - limit); i--) {
                standing.add(activity(i, 2024, 1, 1 + i));
            }
            return standing;
        });

        assertThat(asked[0]).isEqualTo(1);
        assertThat(last.last().order()).isEqualTo(gone - 1);
        assertThat(last.latest()).hasSize(LastActivities.KEPT);
    }

    @Test
    void anActivityBelowTheKeptOnesIsNotKeptWhileOthersMayStandBetween() {
        LastActivities last = LastActivities.NONE;
        for (int i = 0; i < 20; i++) {
            last = last.changed(null, activity(i, 2024, 6, 1 + i), i, NEVER_ASKED);
        }

        last = last.changed(null, activity(20, 2024, 1, 1), 20, NEVER_ASKED);

        assertThat(last.latest()).extracting(Bucket.Latest::order).doesNotContain(20L);
        assertThat(last.latest()).hasSize(LastActivities.KEPT);
    }

    @Test
    void anActivityCorrectedToAnEarlierDayFallsBehindTheOthers() {
        LastActivities last = LastActivities.NONE;
        for (int i = 0; i < 3; i++) {
            last = last.changed(null, activity(i, 2024, 1, 10 + i), i, NEVER_ASKED);
        }

        last = last.changed(activity(2, 2024, 1, 12), activity(2, 2024, 1, 2), 3, NEVER_ASKED);

        assertThat(last.latest()).extracting(Bucket.Latest::order).containsExactly(1L, 0L, 2L);
    }

    /**
     * Any sequence of recordings, corrections and retractions leaves as last activity what every fact says, and
     * the store is asked far less often than the last activity is taken away.
     */
    @RepeatedTest(10)
    void theLastActivityIsWhatEveryFactSaysWhateverHappened(org.junit.jupiter.api.RepetitionInfo repetition) {
        Random random = new Random(7919L * repetition.getCurrentRepetition());
        Map<Long, ActivityFacts> standing = new HashMap<>();
        LastActivities last = LastActivities.NONE;
        long next = 0;
        int[] asked = {0};
        int lastTakenAway = 0;
        for (int step = 0; step < 1000; step++) {
            int dice = random.nextInt(10);
            ActivityFacts old = null;
            ActivityFacts now;
            if (dice < 2 && !standing.isEmpty()) {
                old = pick(standing, random);
                now = null;
            } else if (dice < 4 && !standing.isEmpty()) {
                old = pick(standing, random);
                now = activity(old.ordinal(), 2024, 1 + random.nextInt(12), 1 + random.nextInt(28));
            } else {
                now = activity(next++, 2024, 1 + random.nextInt(12), 1 + random.nextInt(28));
            }
            Bucket.Latest before = last.last();
            long standingBefore = standing.size();
            if (old != null) {
                standing.remove(old.ordinal());
            }
            if (now != null) {
                standing.put(now.ordinal(), now);
            }
            if (before != null && old != null && before.order() == old.ordinal()) {
                lastTakenAway++;
            }
            List<ActivityFacts> facts = List.copyOf(standing.values());
            last = last.changed(old, now, standingBefore, limit -> {
                asked[0]++;
                return facts.stream().sorted(ProjectFacts.LATEST_FIRST).limit(limit).toList();
            });

            // Kept: exactly the latest ones, no gap among them.
            assertThat(last.latest()).extracting(Bucket.Latest::order).as("step %d", step)
                    .isEqualTo(facts.stream().sorted(ProjectFacts.LATEST_FIRST).limit(last.latest().size())
                            .map(ActivityFacts::ordinal).toList());
            assertThat(last.latest().isEmpty()).as("step %d", step).isEqualTo(facts.isEmpty());
        }
        assertThat(asked[0]).as("asked, for %d times the last was taken away", lastTakenAway)
                .isLessThanOrEqualTo(Math.max(1, lastTakenAway / 2));
    }

    /** Half the time one of the ten latest: the usual mistake to fix is the one just recorded. */
    private static ActivityFacts pick(Map<Long, ActivityFacts> standing, Random random) {
        List<ActivityFacts> all = new ArrayList<>(standing.values());
        all.sort(random.nextBoolean() ? ProjectFacts.LATEST_FIRST : Comparator.comparingLong(ActivityFacts::ordinal));
        return all.get(random.nextInt(random.nextBoolean() ? Math.min(10, all.size()) : all.size()));
    }

    private static ActivityFacts activity(long ordinal, int year, int month, int day) {
        return new ActivityFacts("training-delivered", ordinal, LocalDate.of(year, month, day), "Gjilan", null,
                List.of(), BigDecimal.ONE, null);
    }
}
