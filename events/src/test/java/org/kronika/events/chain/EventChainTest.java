package org.kronika.events.chain;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kronika.events.chain.CanonicalJson.array;
import static org.kronika.events.chain.CanonicalJson.object;

/** The test vectors of docs/audit/hash-chain.md: an independent verifier must reproduce them exactly. */
class EventChainTest {

    static final Map<String, Object> REGISTERED = object("projectId", "demo", "organisationId", "kec",
            "organisation", "Kosova Education Center (KEC)", "organisationInvented", false, "title", "Media clubs",
            "summary", null, "generalGoal", null, "specificObjectives", array(), "targetGroups", array(),
            "municipalities", array("Prishtinë", "Ferizaj"), "startDate", "2024-09-01", "endDate", "2025-08-31");
    static final Map<String, Object> TRAINING = object("projectId", "demo", "activityId", "t-1",
            "title", "Training \"Recognising disinformation\"", "occurredOn", "2024-10-03", "municipality", "Ferizaj",
            "participants", object("total", 30, "bySex", object("female", 17, "male", 12), "byAgeBand",
                    object("15-17", 30), "byCommunity", object()),
            "plannedActivityId", null, "indicatorIds", array("students-trained"), "module", null, "sessions", 2);

    @Test
    void canonicalFormSortsKeysEscapesMinimallyAndWritesNumbersAsEcmaScriptDoes() {
        assertThat(CanonicalJson.write(object("b", 1, "a", array(true, null, "é\n\u0001"), "c", 31.5, "d", 400.0,
                "e", 0.25, "f", -3))).isEqualTo("{\"a\":[true,null,\"é\\n\\u0001\"],\"b\":1,\"c\":31.5,\"d\":400,"
                + "\"e\":0.25,\"f\":-3}");
        assertThat(CanonicalJson.write(object("\u00e9", 1, "z", 2, "Z", 3))).isEqualTo("{\"Z\":3,\"z\":2,\"é\":1}");
    }

    @Test
    void testVectorOne_theFirstEventOfAProject() {
        String hash = EventChain.hash("org.kronika.project-registered.v1", "demo", 0, null,
                "2026-11-27T10:15:30.123Z", actor("admin-demo", "admin", null), REGISTERED, EventChain.GENESIS);
        assertThat(hash).isEqualTo(VECTOR_1);
    }

    @Test
    void testVectorTwo_theNextEventNamesTheFirstsHash() {
        String hash = EventChain.hash("org.kronika.training-delivered.v1", "demo", 1, EventChain.occurredAt(TRAINING),
                "2026-11-27T10:16:02Z", actor("recorder-kec", "recorder", "kec"), TRAINING, VECTOR_1);
        assertThat(hash).isEqualTo(VECTOR_2);
    }

    @Test
    void changingAnythingChangesTheHash() {
        Map<String, Object> edited = new LinkedHashMap<>(TRAINING);
        edited.put("sessions", 3);
        assertThat(EventChain.hash("org.kronika.training-delivered.v1", "demo", 1, "2024-10-03",
                "2026-11-27T10:16:02Z", actor("recorder-kec", "recorder", "kec"), edited, VECTOR_1)).isNotEqualTo(VECTOR_2);
        assertThat(EventChain.hash("org.kronika.training-delivered.v1", "demo", 2, "2024-10-03",
                "2026-11-27T10:16:02Z", actor("recorder-kec", "recorder", "kec"), TRAINING, VECTOR_1)).isNotEqualTo(VECTOR_2);
        assertThat(EventChain.hash("org.kronika.training-delivered.v1", "demo", 1, "2024-10-03",
                "2026-11-27T10:16:02Z", actor("recorder-kec", "recorder", "kec"), TRAINING, EventChain.GENESIS))
                .isNotEqualTo(VECTOR_2);
    }

    static Map<String, Object> actor(String subject, String role, String organisation) {
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("subject", subject);
        actor.put("role", role);
        if (organisation != null) {
            actor.put("organisation", organisation);
        }
        return actor;
    }

    static final String VECTOR_1 = "cf8a8ed1866dc93db50f3e48506502bbf084b29bd9a94c67cdad79a1832dc27b";
    static final String VECTOR_2 = "31b2e0aecb026bb9322a03a1fec7430e93b661589691abc7ef960fd600cdab6a";
}
