package org.kronika.query.dashboard;

import org.junit.jupiter.api.Test;
import org.kronika.query.activity.ActivityView;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

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
    void anActivitysOwnFactsAreItsTypesInItsOrderLeavingOutWhatTheLineShowsAndWhatStatesNothing() {
        // A document's parts in the order they were stated, as the read model keeps them.
        Map<String, Object> reference = new java.util.LinkedHashMap<>(Map.of("title", "Report 2024"));
        reference.put("reference", "https://example.org/r.pdf");
        reference.put("sha256", "ab".repeat(32));
        var document = recorded("document-published", Map.of("title", "Monitoring report", "occurredOn", "2024-03-12",
                "indicatorIds", List.of("reports"), "document", reference, "kind", "monitoring-report"));
        assertThat(document.facts()).containsExactly(entry("kind", "monitoring-report"),
                entry("document.title", "Report 2024"), entry("document.reference", "https://example.org/r.pdf"));

        var unknownReach = new java.util.HashMap<String, Object>(Map.of("kind", "awareness", "channel", " ", "reach", 0));
        unknownReach.put("municipality", null);
        assertThat(recorded("campaign-run", unknownReach).facts()).containsExactly(entry("kind", "awareness"));
        assertThat(recorded("meeting-held", Map.of("kind", "workshop", "institution", "")).facts())
                .containsExactly(entry("kind", "workshop"));
    }

    private static Timeline.Entry recorded(String type, Map<String, Object> current) {
        return new Timeline.Entry(new ActivityView("a-1", type, 0, 1, Instant.EPOCH, current, null, List.of(), null),
                List.of());
    }

    @Test
    void pagesRunFromTheNewestActivity() {
        assertThat(Timeline.from(45, 0)).isEqualTo(25);
        assertThat(Timeline.count(45, 0)).isEqualTo(20);
        assertThat(Timeline.from(45, 2)).isZero();
        assertThat(Timeline.count(45, 2)).isEqualTo(5);
    }
}
