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
        for (Class<?> type : ProjectEvent.class.getPermittedSubclasses()) {
            if (type.isInterface()) {
                records.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                records.add(type);
            }
        }
        assertThat(published).containsExactlyInAnyOrderElementsOf(records);
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
