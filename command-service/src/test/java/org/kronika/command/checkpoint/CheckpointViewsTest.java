package org.kronika.command.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.SignedCheckpoints;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code GET /api/checkpoints} serves when rows of the checkpoints table were changed in the database, whose
 * columns beside the JWS no signature covers: only a checkpoint the key set verifies, chosen by the time its JWS
 * says it was signed, and a history whose pages show a row they cannot read or verify as such instead of failing.
 */
class CheckpointViewsTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Checkpoints checkpoints;
    @Autowired
    SigningKeys keys;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    KronikaCommandProperties properties;

    @Test
    void aCheckpointAtATimeIsTheLatestSignedByThenAsItsJwsSaysNotAsTheIssuedAtColumnSays() throws Exception {
        long first = signedAndPublished();
        long second = signedAndPublished();
        Instant firstSigned = Instant.parse(keys.verified(jws(first)).orElseThrow().issuedAt());
        Timestamp secondColumn = jdbc.queryForObject("SELECT issued_at FROM checkpoints WHERE id = ?", Timestamp.class,
                second);
        // The second dated back to the first's time: by the column it would answer for a time it was signed after.
        jdbc.update("UPDATE checkpoints SET issued_at = ? WHERE id = ?", Timestamp.from(firstSigned), second);
        try {
            assertThat(getJson("/api/checkpoints?at=" + firstSigned).path("id").asLong()).isEqualTo(first);
        } finally {
            jdbc.update("UPDATE checkpoints SET issued_at = ? WHERE id = ?", secondColumn, second);
        }
        // The first dated forward: by the column it would be the answer for every time after, for ever.
        jdbc.update("UPDATE checkpoints SET issued_at = '2999-01-01T00:00:00Z' WHERE id = ?", first);
        try {
            JsonNode dated = getJson("/api/checkpoints?at=2999-06-01T00:00:00Z");
            assertThat(dated.path("id").asLong()).as("the latest signed by then").isGreaterThanOrEqualTo(second);
            assertThat(dated.path("jws").asText()).isEqualTo(jws(dated.path("id").asLong()));
        } finally {
            jdbc.update("UPDATE checkpoints SET issued_at = ? WHERE id = ?", Timestamp.from(firstSigned), first);
        }
    }

    @Test
    void onlyACheckpointTheKeySetVerifiesIsServedAndTheHistoryMarksARowItCannotReadOrVerify() throws Exception {
        signedAndPublished();
        String now = Instant.now().toString();
        Checkpoint unsigned = Checkpoint.of(properties.programme(), now, keys.verified(jws(lastId())).orElseThrow()
                .heads(), Checkpoints.PERIODIC);
        // Signed by a key that is not Kronika's, under the id of Kronika's key: the latest row by id and by time.
        String forgedJws = SignedCheckpoints.sign(unsigned, keys.keyId(), SignedCheckpoints.newKey().getPrivate());
        SigningHeldElsewhere.run(() -> {
            long genuine = jdbc.queryForObject("SELECT max(id) FROM checkpoints WHERE published_at IS NOT NULL",
                    Long.class);
            List<Long> inserted = new ArrayList<>();
            try {
                long forged = insert(inserted, forgedJws, now);
                long unreadable = insert(inserted, "not.a.checkpoint", now);
                HttpHeaders jose = new HttpHeaders();
                jose.setAccept(List.of(MediaType.parseMediaType(CheckpointController.JOSE)));
                assertThat(getJson("/api/checkpoints").path("id").asLong()).isEqualTo(genuine);
                assertThat(http.exchange("/api/checkpoints", HttpMethod.GET, new HttpEntity<>(jose), String.class)
                        .getBody()).isEqualTo(jws(genuine));
                assertThat(getJson("/api/checkpoints?at=" + Instant.parse(now).plusSeconds(1)).path("id").asLong())
                        .isEqualTo(genuine);

                Map<Long, JsonNode> history = new HashMap<>();
                getJson("/api/checkpoints/history?size=100").path("items")
                        .forEach(item -> history.put(item.path("id").asLong(), item));
                assertThat(history.get(forged).path("verified").asBoolean()).isFalse();
                assertThat(history.get(forged).path("problem").asText()).contains("the key set does not verify it");
                assertThat(history.get(forged).path("issuedAt").asText()).as("what it says, marked").isEqualTo(now);
                assertThat(history.get(unreadable).path("verified").asBoolean()).isFalse();
                assertThat(history.get(unreadable).path("problem").asText()).contains("its JWS cannot be read");
                assertThat(history.get(unreadable).path("issuedAt").isNull()).isTrue();
                assertThat(history.get(genuine).path("verified").asBoolean()).isTrue();
                assertThat(history.get(genuine).path("problem").isNull()).isTrue();

                // Rows that claim to be before any time asked for, none of them Kronika's: more than an answer reads.
                for (int i = 0; i < CheckpointController.CANDIDATES; i++) {
                    insert(inserted, forgedJws, "2000-01-01T00:00:00Z");
                }
                var changed = http.getForEntity(URI.create(http.getRootUri() + "/api/checkpoints?at=2000-06-01T00:00:00Z"),
                        String.class);
                assertThat(changed.getStatusCode().value()).isEqualTo(500);
                assertThat(changed.getHeaders().getContentType()).hasToString("application/problem+json");
                assertThat(changed.getBody()).contains("the checkpoints table was changed").doesNotContain(forgedJws);
            } finally {
                inserted.forEach(id -> jdbc.update("DELETE FROM checkpoints WHERE id = ?", id));
            }
        });
    }

    /** A published row as someone with write access to the database would add it, naming Kronika's key. */
    private long insert(List<Long> inserted, String jws, String issuedAt) {
        Long id = jdbc.queryForObject("INSERT INTO checkpoints (issued_at, reason, root, size, key_id, jws, "
                + "head_positions, published_at) VALUES (CAST(? AS TIMESTAMPTZ), 'forged', ?, 0, ?, ?, '{}', now()) "
                + "RETURNING id", Long.class, issuedAt, "0".repeat(64), keys.keyId(), jws);
        inserted.add(id);
        return id;
    }

    /** A project registered and a checkpoint signed over it, once published. */
    private long signedAndPublished() {
        String projectId = "cv-" + UUID.randomUUID();
        assertThat(http.postForEntity("/api/projects", Map.of("projectId", projectId, "organisationId", "komf",
                "organisation", "KOMF", "title", "Viewed", "municipalities", List.of("Gjilan"),
                "startDate", "2024-01-01", "endDate", "2024-12-31"), String.class).getStatusCode().value()).isEqualTo(201);
        long id = await().atMost(Duration.ofSeconds(60)).until(() -> {
            checkpoints.signPeriodicIfDue(Duration.ZERO);
            long last = lastId();
            return keys.verified(jws(last)).flatMap(signed -> signed.head(projectId)).isPresent() ? last : null;
        }, Objects::nonNull);
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                "SELECT published_at IS NOT NULL FROM checkpoints WHERE id = ?", Boolean.class, id));
        return id;
    }

    private long lastId() {
        return jdbc.queryForObject("SELECT max(id) FROM checkpoints", Long.class);
    }

    private String jws(long id) {
        return jdbc.queryForObject("SELECT jws FROM checkpoints WHERE id = ?", String.class, id);
    }

    private JsonNode getJson(String path) throws Exception {
        var response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode().value()).as(path + ": " + response.getBody()).isEqualTo(200);
        return JSON.readTree(response.getBody());
    }
}
