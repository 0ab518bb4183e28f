package org.kronika.query.config;

import org.junit.jupiter.api.Test;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadModelsSchemaTest {

    /**
     * The event types, each with the revision of its stored form, that the read models of {@link #SCHEMA} were
     * written from. A generation keeps its documents across releases of the same schema: a release that learns a
     * type, or a member of one, must say whether its read models count it. If they do, what an older release wrote
     * skipped it (the summaries, and the summaries kept every 1,000 events that a project long before its last event
     * is folded forward from), so the schema is raised and a new generation is built; if they ignore it, the list
     * below is updated alone.
     */
    private static final int SCHEMA = 17;
    private static final String TYPES = """
            org.kronika.project-registered.v1@1
            org.kronika.project-details-amended.v1@1
            org.kronika.indicator-defined.v1@1.1
            org.kronika.indicator-redefined.v1@1.1
            org.kronika.indicator-measured.v1@1
            org.kronika.activity-planned.v1@1
            org.kronika.training-delivered.v1@1.1
            org.kronika.mentoring-session-held.v1@1
            org.kronika.meeting-held.v1@1.1
            org.kronika.document-published.v1@1
            org.kronika.recommendation-adopted.v1@1
            org.kronika.regulation-progressed.v1@1
            org.kronika.campaign-run.v1@1
            org.kronika.media-produced.v1@1
            org.kronika.materials-distributed.v1@1
            org.kronika.memorandum-signed.v1@1
            org.kronika.body-established.v1@1
            org.kronika.award-granted.v1@1
            org.kronika.youth-initiative-implemented.v1@1
            org.kronika.activity-corrected.v1@1
            org.kronika.activity-retracted.v1@1
            org.kronika.period-submitted.v1@1
            org.kronika.period-returned.v1@1
            org.kronika.period-approved.v1@1
            org.kronika.period-reopened.v1@1
            org.kronika.approved-period-changed.v1@1
            org.kronika.measurement-corrected.v1@1
            org.kronika.measurement-retracted.v1@1
            org.kronika.reporting-period-defined.v1@1
            org.kronika.project-closed.v1@1
            org.kronika.project-reopened.v1@1
            """;

    @Test
    void aContractThatLearnsAnEventTypeOrMemberIsDecidedForTheReadModelsSchema() {
        List<String> known = EventTypes.all().stream().map(ReadModelsSchemaTest::named).toList();
        assertThat(known).as("The contract's event types changed since read models schema %d was decided. If the "
                        + "read models count what changed, raise ReadModelsConfig.SCHEMA_VERSION (and say why in its "
                        + "javadoc), so that a new generation is built: the documents an older release wrote, kept "
                        + "summaries included, skipped it. Then, or if they ignore it, record the types and the "
                        + "schema here.", SCHEMA)
                .containsExactlyInAnyOrderElementsOf(TYPES.lines().toList());
        assertThat(ReadModelsConfig.SCHEMA_VERSION).as("the schema the types above were decided for: a raise "
                + "records the contract's types with it").isEqualTo(SCHEMA);
    }

    private static String named(EventType type) {
        return type.cloudEventType() + "@" + type.revision();
    }
}
