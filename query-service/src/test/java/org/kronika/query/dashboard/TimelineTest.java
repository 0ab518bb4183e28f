package org.kronika.query.dashboard;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {

    @Test
    void aCorrectionShowsOnlyTheFieldsItChangedNamedByTheirPath() {
        var changes = Timeline.changes(
                Map.of("title", "Training", "occurredOn", "2023-06-14",
                        "participants", Map.of("total", 20, "bySex", Map.of("female", 12))),
                Map.of("title", "Training", "occurredOn", "2023-06-15",
                        "participants", Map.of("total", 18, "bySex", Map.of("female", 12, "male", 6))));
        assertThat(changes).containsExactly(
                new Timeline.Change("occurredOn", "2023-06-14", "2023-06-15"),
                new Timeline.Change("participants.bySex.male", null, 6),
                new Timeline.Change("participants.total", 20, 18));
    }

    @Test
    void pagesRunFromTheNewestActivity() {
        assertThat(Timeline.from(45, 0)).isEqualTo(25);
        assertThat(Timeline.count(45, 0)).isEqualTo(20);
        assertThat(Timeline.from(45, 2)).isZero();
        assertThat(Timeline.count(45, 2)).isEqualTo(5);
    }
}
