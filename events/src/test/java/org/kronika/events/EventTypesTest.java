package org.kronika.events;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventTypesTest {

    @Test
    void everyEventRecordHasExactlyOnePublicType() {
        List<Class<?>> published = EventTypes.all().stream().<Class<?>>map(EventType::javaType).toList();
        List<Class<?>> records = new java.util.ArrayList<>();
        collectRecords(KronikaEvent.class, records);
        assertThat(published).containsExactlyInAnyOrderElementsOf(records);
    }

    private static void collectRecords(Class<?> sealed, List<Class<?>> records) {
        for (Class<?> type : sealed.getPermittedSubclasses()) {
            if (type.isInterface()) {
                collectRecords(type, records);
            } else {
                records.add(type);
            }
        }
    }

    @Test
    void aProgrammesStreamCannotBeTakenForAProjects() {
        var period = new ReportingPeriodDefined("kosovo-albania-civil-society", "2024-Q3", "quarters", "2024 Q3",
                java.time.LocalDate.of(2024, 7, 1), java.time.LocalDate.of(2024, 9, 30), java.time.LocalDate.of(2024, 10, 31));
        assertThat(period.subject()).isEqualTo("programme:kosovo-albania-civil-society").contains(":");
        assertThat(new PeriodReopened("komf", "2024-Q3", "x").subject()).isEqualTo("komf");
    }

    @Test
    void publicTypeNamesAreStableAndNeverJavaClassNames() {
        assertThat(EventTypes.of(TrainingDelivered.class).cloudEventType()).isEqualTo("org.kronika.training-delivered.v1");
        assertThat(EventTypes.of(ProjectRegistered.class).cloudEventType()).isEqualTo("org.kronika.project-registered.v1");
        assertThat(EventTypes.all()).allSatisfy(type ->
                assertThat(type.cloudEventType()).doesNotContain(type.javaType().getSimpleName()));
    }

    @Test
    void unknownTypesAreReportedAsAbsentSoReadersCanSkipThem() {
        assertThat(EventTypes.forCloudEventType("org.kronika.something-new.v1")).isEmpty();
        assertThat(EventTypes.forCloudEventType("org.kronika.training-delivered.v1")).map(EventType::javaType)
                .contains(TrainingDelivered.class);
        assertThatThrownBy(() -> EventTypes.of(String.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyActivityTypeCanBeFoundByItsName() {
        assertThat(EventTypes.activityTypes()).hasSize(13);
        assertThat(EventTypes.named("meeting-held")).map(EventType::javaType).contains(MeetingHeld.class);
        assertThat(EventTypes.named("MeetingHeld")).isEmpty();
    }
}
