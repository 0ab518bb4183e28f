package org.kronika.command.organisation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An organisation has one name across its projects: the name of its first registration, kept in PostgreSQL beside
 * the events. A project registered under another is refused and leaves no event, however the registrations race.
 */
class OrganisationRegisterTest extends IntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aProjectOfAnOrganisationUnderAnotherNameIsRefusedNamingTheFieldAndLeavesNoEvent() throws Exception {
        String organisation = "org-" + UUID.randomUUID();
        assertThat(register("p-" + UUID.randomUUID(), organisation, "Kosova Education Center (KEC)")
                .getStatusCode().value()).isEqualTo(201);

        String renamed = "p-" + UUID.randomUUID();
        ResponseEntity<String> refused = register(renamed, organisation, "KEC");
        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(422);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = JSON.readTree(refused.getBody());
        assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("organisation");
        assertThat(problem.path("detail").asText()).contains("organisation " + organisation
                + " is registered as \"Kosova Education Center (KEC)\"");
        assertThat(TestInfrastructure.storedEvents(renamed)).isZero();

        assertThat(register(renamed, organisation, "Kosova Education Center (KEC)").getStatusCode().value())
                .as("under its name, the same project id is registered").isEqualTo(201);
    }

    /**
     * Each registration asks the register before any has committed, so the aggregate's check alone would let both
     * names in; the register's row, written in each registration's transaction, lets one name only.
     */
    @Test
    void registrationsRacingUnderTwoNamesForANewOrganisationLeaveItOneName() throws Exception {
        int rounds = 5;
        int perRound = 8;
        ExecutorService senders = Executors.newFixedThreadPool(perRound);
        try {
            for (int round = 0; round < rounds; round++) {
                String organisation = "org-" + UUID.randomUUID();
                List<Callable<Map.Entry<String, Integer>>> registrations = new ArrayList<>();
                for (int i = 0; i < perRound; i++) {
                    String name = i % 2 == 0 ? "Balkan Green Foundation" : "BGF";
                    registrations.add(() -> Map.entry(name, register("p-" + UUID.randomUUID(), organisation, name)
                            .getStatusCode().value()));
                }
                Set<String> accepted = new HashSet<>();
                for (Future<Map.Entry<String, Integer>> answer : senders.invokeAll(registrations)) {
                    Map.Entry<String, Integer> registration = answer.get();
                    assertThat(registration.getValue()).as(registration.getKey()).isIn(201, 422);
                    if (registration.getValue() == 201) {
                        accepted.add(registration.getKey());
                    }
                }
                assertThat(accepted).as("names accepted in round " + round).hasSize(1);
                assertThat(storedNames(organisation)).as("names stored in round " + round).isEqualTo(accepted);
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * The register's own check, not the aggregate's: the organisation is registered under another name by a
     * transaction that commits while this registration is decided (its row held open here), so the aggregate finds
     * no name and lets it through; its row, written with its events, finds the other once that commits, and the
     * registration is refused with its events. Without the register's check it would be stored.
     */
    @Test
    void aRegistrationThatFindsItsOrganisationRegisteredMeanwhileIsRefusedWithItsEvents() throws Exception {
        String organisation = "org-" + UUID.randomUUID();
        String projectId = "p-" + UUID.randomUUID();
        try (Connection other = TestInfrastructure.postgres().connect()) {
            other.setAutoCommit(false);
            try (var row = other.prepareStatement(OrganisationTable.REGISTER)) {
                row.setString(1, organisation);
                row.setString(2, "Open Data Kosovo");
                row.setString(3, "p-registered-meanwhile");
                row.executeUpdate();
            }
            CompletableFuture<ResponseEntity<String>> answer =
                    CompletableFuture.supplyAsync(() -> register(projectId, organisation, "ODK"));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingForTheRegistersRow() > 0);
            other.commit();

            ResponseEntity<String> refused = answer.get(30, TimeUnit.SECONDS);
            assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(422);
            JsonNode problem = JSON.readTree(refused.getBody());
            assertThat(problem.path("errors").findValuesAsText("field")).containsExactly("organisation");
            assertThat(problem.path("detail").asText()).contains("is registered as \"Open Data Kosovo\"");
        }
        assertThat(TestInfrastructure.storedEvents(projectId)).isZero();
    }

    /** As after the upgrade that brought the register: the registrations already stored fill it, first one first. */
    @Test
    void theMigrationRegistersEachOrganisationUnderItsFirstStoredName() {
        String database = "organisations_migration";
        JdbcTemplate jdbc = TestInfrastructure.database(database, "V1__axon_event_store.sql");
        try {
            stored(jdbc, "p-1", "kec", "Kosova Education Center (KEC)");
            stored(jdbc, "p-2", "kec", "KEC");
            stored(jdbc, "p-3", "nopm", "Network of Peace Movement (NOPM)");
            jdbc.execute(migration("V10__organisations.sql"));

            assertThat(jdbc.queryForList("SELECT organisation_id, name, project_id FROM organisations "
                    + "ORDER BY organisation_id")).containsExactly(
                    Map.of("organisation_id", "kec", "name", "Kosova Education Center (KEC)", "project_id", "p-1"),
                    Map.of("organisation_id", "nopm", "name", "Network of Peace Movement (NOPM)", "project_id", "p-3"));
        } finally {
            TestInfrastructure.dropDatabase(database);
        }
    }

    private ResponseEntity<String> register(String projectId, String organisationId, String organisation) {
        return http.postForEntity("/api/projects", Map.of("projectId", projectId, "organisationId", organisationId,
                "organisation", organisation, "title", "Youth climate network", "municipalities", List.of("Gjilan"),
                "startDate", "2024-01-01", "endDate", "2024-12-31"), String.class);
    }

    /** Registrations whose row waits for another transaction's row of the same organisation. */
    private static long waitingForTheRegistersRow() throws SQLException {
        try (Connection connection = TestInfrastructure.postgres().connect();
             var query = connection.createStatement();
             var rows = query.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                     + "AND query LIKE 'INSERT INTO organisations%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Set<String> storedNames(String organisationId) throws Exception {
        Set<String> names = new HashSet<>();
        try (var connection = TestInfrastructure.postgres().connect();
             var query = connection.prepareStatement("SELECT payload FROM domainevententry "
                     + "WHERE payloadtype = 'org.kronika.events.ProjectRegistered'")) {
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    JsonNode registered = JSON.readTree(rows.getBytes(1));
                    if (registered.path("organisationId").asText().equals(organisationId)) {
                        names.add(registered.path("organisation").asText());
                    }
                }
            }
        }
        return names;
    }

    private static void stored(JdbcTemplate jdbc, String projectId, String organisationId, String name) {
        String payload = JSON.createObjectNode().put("projectId", projectId).put("organisationId", organisationId)
                .put("organisation", name).put("title", "T").toString();
        jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, "
                        + "payload, payloadtype, timestamp) VALUES (?, 0, 'Project', ?, ?, "
                        + "'org.kronika.events.ProjectRegistered', '2024-01-01T00:00:00Z')", projectId,
                UUID.randomUUID().toString(), payload.getBytes(StandardCharsets.UTF_8));
    }

    private static String migration(String name) {
        try {
            return new org.springframework.core.io.ClassPathResource("db/migration/" + name)
                    .getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
