package org.kronika.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.Tokens;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may send what: tokens are checked, roles are enforced, recorders stay within their organisation. */
class AccessTest extends IntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aCommandWithoutATokenIsUnauthorisedAndStoresNothing() throws Exception {
        long before = eventCount();
        var response = send("/api/projects", project("p-" + UUID.randomUUID()), null);
        assertThat(response.getStatusCode().value()).isEqualTo(401);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).startsWith("Bearer");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rolesThatMayNotRegisterProjectsAreForbidden() throws Exception {
        long before = eventCount();
        for (String client : List.of("auditor-demo", "partner-demo", "officer-demo", "recorder-komf")) {
            var response = send("/api/projects", project("p-" + UUID.randomUUID()), Tokens.of(client));
            assertThat(response.getStatusCode().value()).as(client).isEqualTo(403);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void anAdminCannotRecordActivitiesOnlyRecordersCan() throws Exception {
        String id = registered();
        long before = eventCount();
        assertThat(send("/api/projects/" + id + "/activities/training-delivered", training(),
                Tokens.of("admin-demo")).getStatusCode().value()).isEqualTo(403);
        assertThat(send("/api/projects/" + id + "/activities/training-delivered", training(),
                Tokens.of("auditor-demo")).getStatusCode().value()).isEqualTo(403);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aRecorderCannotRecordForAnotherOrganisationsProject() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = send("/api/projects/" + id + "/activities/training-delivered", training(),
                Tokens.of("recorder-kec"));
        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(eventCount()).isEqualTo(before);
        assertThat(send("/api/projects/" + id + "/activities/training-delivered", training(),
                Tokens.of("recorder-komf")).getStatusCode().value()).isEqualTo(201);
    }

    /** The organisation is checked before the version: If-Match must not reveal another organisation's project. */
    @Test
    void aRecorderOfAnotherOrganisationGetsTheSame403WhateverIfMatchItSends() throws Exception {
        String id = registered();
        String activities = "/api/projects/" + id + "/activities/training-delivered";
        assertThat(send(activities, "{\"activityId\":\"a-1\"," + training().substring(1), Tokens.of("recorder-komf"),
                null).getStatusCode().value()).isEqualTo(201);
        long before = eventCount();

        List<String> answers = new java.util.ArrayList<>();
        for (String ifMatch : java.util.Arrays.asList(null, "\"0\"", "\"1\"", "\"2\"", "\"999\"", "5")) {
            for (String path : List.of(activities, "/api/projects/" + id + "/activities/a-1/retractions")) {
                var response = send(path, path.endsWith("retractions") ? "{\"reason\":\"Not ours\"}" : training(),
                        Tokens.of("recorder-kec"), ifMatch);
                assertThat(response.getStatusCode().value()).as(path + " If-Match " + ifMatch).isEqualTo(403);
                assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                assertThat(response.getBody()).doesNotContain("ersion");
                answers.add(response.getBody());
            }
        }
        assertThat(answers.stream().distinct()).as("one answer, whatever the version named").hasSize(2);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void forgedExpiredAndForeignTokensAreRejected() throws Exception {
        RSAKey realKey = (RSAKey) JWKSet.parse(Files.readString(TestInfrastructure.signingKey())).getKeys().get(0);
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(realKey.getKeyID()).generate();
        String issuer = TestInfrastructure.authServer();
        long before = eventCount();
        var forged = sign(otherKey, claims(issuer, "kronika", Instant.now().plusSeconds(600)));
        var expired = sign(realKey, claims(issuer, "kronika", Instant.now().minusSeconds(600)));
        var foreign = sign(realKey, claims(issuer, "another-service", Instant.now().plusSeconds(600)));
        var otherIssuer = sign(realKey, claims("http://evil.example", "kronika", Instant.now().plusSeconds(600)));
        var unsigned = Tokens.of("admin-demo").replaceAll("\\.[^.]+$", ".");
        var neverExpires = sign(realKey, new JWTClaimsSet.Builder().subject("admin-demo").issuer(issuer)
                .audience("kronika").claim("role", "admin").build());
        for (String token : List.of(forged, expired, foreign, otherIssuer, unsigned, neverExpires, "not-a-token")) {
            var response = send("/api/projects", project("p-" + UUID.randomUUID()), token);
            assertThat(response.getStatusCode().value()).as(token).isEqualTo(401);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(send("/api/projects", project("p-" + UUID.randomUUID()),
                sign(realKey, claims(issuer, "kronika", Instant.now().plusSeconds(600)))).getStatusCode().value())
                .as("the same claims, properly signed, are accepted").isEqualTo(201);
        assertThat(eventCount()).isEqualTo(before + 1);
    }

    /** Keys are kept per subject, and the aggregate checks the organisation before any answer is given again. */
    @Test
    void aCallerOfAnotherOrganisationSendingTheSameKeyAndRequestGetsNoReplay() throws Exception {
        String activities = "/api/projects/" + registered() + "/activities/training-delivered";
        String key = UUID.randomUUID().toString();
        assertThat(send(activities, training(), Tokens.of("recorder-komf"), null, key).getStatusCode().value())
                .isEqualTo(201);
        long before = eventCount();

        var other = send(activities, training(), Tokens.of("recorder-kec"), null, key);

        assertThat(other.getStatusCode().value()).isEqualTo(403);
        assertThat(other.getHeaders().getFirst(IdempotencyKeys.REPLAYED_HEADER)).isNull();
        assertThat(eventCount()).isEqualTo(before);
    }

    /** Without a subject, two callers would have one key space: the second would get the first one's answer. */
    @Test
    void aTokenWithoutASubjectIsRefusedSoCallersCannotShareAnIdempotentAnswer() throws Exception {
        RSAKey realKey = (RSAKey) JWKSet.parse(Files.readString(TestInfrastructure.signingKey())).getKeys().get(0);
        String activities = "/api/projects/" + registered() + "/activities/training-delivered";
        String key = UUID.randomUUID().toString();
        long before = eventCount();

        for (String organisation : List.of("komf", "kec")) {
            String nameless = recorder(realKey, null, organisation);
            var response = send(activities, training(), nameless, null, key);
            assertThat(response.getStatusCode().value()).as(organisation).isEqualTo(401);
            assertThat(response.getHeaders().getFirst(IdempotencyKeys.REPLAYED_HEADER)).isNull();
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    /** A token's subject has no length of its own: with the longest key, the key kept must still fit, and be its own. */
    @Test
    void callersWithLongSubjectsSendingTheSameLongKeyAreEachAnsweredAndReplayedTheirOwnAnswer() throws Exception {
        RSAKey realKey = (RSAKey) JWKSet.parse(Files.readString(TestInfrastructure.signingKey())).getKeys().get(0);
        String activities = "/api/projects/" + registered() + "/activities/training-delivered";
        String key = "k".repeat(200);
        String first = recorder(realKey, "s".repeat(300) + "-1", "komf");
        String second = recorder(realKey, "s".repeat(300) + "-2", "komf");
        long before = eventCount();

        assertThat(send(activities, training(), first, null, key).getStatusCode().value()).isEqualTo(201);
        var retry = send(activities, training(), first, null, key);
        var other = send(activities, training(), second, null, key);

        assertThat(retry.getStatusCode().value()).isEqualTo(201);
        assertThat(retry.getHeaders().getFirst(IdempotencyKeys.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(other.getStatusCode().value()).isEqualTo(201);
        assertThat(other.getHeaders().getFirst(IdempotencyKeys.REPLAYED_HEADER)).isNull();
        assertThat(eventCount()).as("one training for each caller").isEqualTo(before + 2);
    }

    /** HEAD is GET without its body (RFC 9110): whoever may read an address may ask for its headers alone. */
    @Test
    void whoeverMayGetAnAddressMayHeadItAndNobodyElse() {
        for (String path : List.of("/api/programme", "/api/checkpoints/keys")) {
            HttpHeaders headers = new HttpHeaders();
            headers.setBearerAuth(Tokens.of("auditor-demo"));
            var head = http.exchange(path, HttpMethod.HEAD, new HttpEntity<>(headers), String.class);
            assertThat(head.getStatusCode().value()).as(path).isEqualTo(200);
            assertThat(head.getBody()).isNull();
        }
        HttpHeaders anonymous = new HttpHeaders();
        anonymous.set(HttpHeaders.AUTHORIZATION, "");
        assertThat(http.exchange("/api/programme", HttpMethod.HEAD, new HttpEntity<>(anonymous), String.class)
                .getStatusCode().value()).as("no token").isEqualTo(401);
        HttpHeaders recorder = new HttpHeaders();
        recorder.setBearerAuth(Tokens.of("recorder-komf"));
        assertThat(http.exchange("/api/checkpoints", HttpMethod.HEAD, new HttpEntity<>(recorder), String.class)
                .getStatusCode().value()).as("a role that may not GET it").isEqualTo(403);
    }

    /** A request is authenticated and authorised before its parameters are judged, as any other request is. */
    @Test
    void anUnknownQueryParameterIsRefusedOnlyOnceTheCallerMayCallTheEndpoint() {
        String unknown = "/api/checkpoints?asOf=2024-01-01";

        assertThat(get(unknown, null).getStatusCode().value()).as("no token").isEqualTo(401);
        assertThat(get(unknown, Tokens.of("recorder-komf")).getStatusCode().value()).as("not a reader").isEqualTo(403);
        var reader = get(unknown, Tokens.of("auditor-demo"));
        assertThat(reader.getStatusCode().value()).isEqualTo(400);
        assertThat(reader.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(reader.getBody()).contains("asOf");
        assertThat(get("/api/checkpoints/keys?asOf=2024-01-01", null).getStatusCode().value())
                .as("a public endpoint is as strict").isEqualTo(400);
    }

    /**
     * The table denies what it does not list, but an address no endpoint serves is not there to be denied: once
     * the caller is authenticated it is told 404, and a method the address does not serve 405 where its role may
     * use another. Only an endpoint the role may not call is 403.
     */
    @Test
    void anAddressNoEndpointServesIsNotFoundOnceTheCallerIsAuthenticated() throws Exception {
        String unknown = "/api/projects/p-1/nonexistent";
        assertThat(get(unknown, null).getStatusCode().value()).as("no token: nothing said of the address")
                .isEqualTo(401);
        for (String client : List.of("admin-demo", "auditor-demo", "recorder-komf")) {
            for (var response : List.of(get(unknown, Tokens.of(client)), send(unknown, "{}", Tokens.of(client)))) {
                assertThat(response.getStatusCode().value()).as(client).isEqualTo(404);
                assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                assertThat(json.readTree(response.getBody()).path("title").asText()).isEqualTo("No such address");
                assertThat(response.getBody()).contains(unknown).doesNotContain("role");
            }
        }

        assertThat(get("/actuator/metrics", Tokens.of("admin-demo")).getStatusCode().value())
                .as("an actuator endpoint not exposed").isEqualTo(404);
        var open = get("/swagger-ui/nonexistent.js", null);
        assertThat(open.getStatusCode().value()).as("where anyone may GET, the dispatcher answers alike").isEqualTo(404);
        assertThat(json.readTree(open.getBody()).path("title").asText()).isEqualTo("No such address");

        var admin = get("/api/projects", Tokens.of("admin-demo"));
        assertThat(admin.getStatusCode().value()).as("an administrator may POST there").isEqualTo(405);
        assertThat(admin.getHeaders().getFirst(HttpHeaders.ALLOW)).isEqualTo("POST");
        assertThat(get("/api/projects", Tokens.of("auditor-demo")).getStatusCode().value())
                .as("an auditor may use no method there").isEqualTo(403);
        assertThat(send("/api/programme", "{}", Tokens.of("partner-demo")).getStatusCode().value())
                .as("a partner may GET there").isEqualTo(405);
    }

    @Test
    void everyEventRecordsItsActorAndCorrelationId() throws Exception {
        String id = registered();
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(Tokens.of("recorder-komf"));
        headers.set("X-Correlation-Id", "corr-" + id);
        var response = http.postForEntity("/api/projects/" + id + "/activities/training-delivered",
                new HttpEntity<>(training(), headers), String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(response.getHeaders().getFirst("X-Correlation-Id")).isEqualTo("corr-" + id);

        try (Connection connection = TestInfrastructure.postgres().connect();
             var query = connection.prepareStatement(
                     "SELECT metadata FROM domainevententry WHERE aggregateidentifier = ? ORDER BY sequencenumber")) {
            query.setString(1, id);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                var registration = json.readTree(rs.getBytes(1));
                assertThat(registration.path("actorSubject").asText()).isEqualTo("admin-demo");
                assertThat(registration.path("actorRole").asText()).isEqualTo("admin");
                rs.next();
                var training = json.readTree(rs.getBytes(1));
                assertThat(training.path("actorSubject").asText()).isEqualTo("recorder-komf");
                assertThat(training.path("actorRole").asText()).isEqualTo("recorder");
                assertThat(training.path("actorOrganisation").asText()).isEqualTo("komf");
                assertThat(training.path("correlationId").asText()).isEqualTo("corr-" + id);
            }
        }
    }

    private static JWTClaimsSet claims(String issuer, String audience, Instant expiry) {
        return new JWTClaimsSet.Builder().subject("admin-demo").issuer(issuer).audience(audience)
                .claim("role", "admin").issueTime(Date.from(expiry.minusSeconds(1200)))
                .expirationTime(Date.from(expiry)).build();
    }

    /** A recorder's token of {@code organisation}, naming {@code subject} as its {@code sub} (none when null). */
    private static String recorder(RSAKey key, String subject, String organisation) throws Exception {
        return sign(key, new JWTClaimsSet.Builder().subject(subject).issuer(TestInfrastructure.authServer())
                .audience("kronika").claim("role", "recorder").claim("organisation", organisation)
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build());
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private String registered() {
        String id = "p-" + UUID.randomUUID();
        assertThat(send("/api/projects", project(id), Tokens.of("admin-demo")).getStatusCode().value()).isEqualTo(201);
        return id;
    }

    private ResponseEntity<String> send(String path, String body, String token) {
        return send(path, body, token, null);
    }

    private ResponseEntity<String> send(String path, String body, String token, String ifMatch) {
        return send(path, body, token, ifMatch, null);
    }

    private ResponseEntity<String> send(String path, String body, String token, String ifMatch, String idempotencyKey) {
        HttpHeaders headers = new HttpHeaders();
        if (idempotencyKey != null) {
            headers.set(IdempotencyKeys.HEADER, idempotencyKey);
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        // An explicit (possibly empty) Authorization header keeps the base class from adding a token.
        headers.set(HttpHeaders.AUTHORIZATION, token == null ? "" : "Bearer " + token);
        if (ifMatch != null) {
            headers.set(HttpHeaders.IF_MATCH, ifMatch);
        }
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private ResponseEntity<String> get(String path, String token) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, token == null ? "" : "Bearer " + token);
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
    }

    private static String project(String id) {
        return """
                {"projectId":"%s","organisationId":"komf","organisation":"KOMF","title":"Child protection",
                 "municipalities":["Gjilan"],"startDate":"2024-01-01","endDate":"2024-12-31"}""".formatted(id);
    }

    private static String training() {
        return """
                {"title":"Case management","occurredOn":"2024-03-12","municipality":"Gjilan","sessions":1,
                 "participants":{"total":12,"bySex":{"female":7,"male":5}}}""";
    }

    private static long eventCount() throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
