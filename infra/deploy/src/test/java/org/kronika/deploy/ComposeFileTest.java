package org.kronika.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Compose file, checked against the Compose Specification's published JSON Schema and for the production
 * shape the issue asks of it. No Docker engine runs where this is built, so it is checked, never run.
 */
class ComposeFileTest {

    private static final String COMPOSE = "deploy/compose/compose.yaml";

    @Test
    void isValidAgainstTheComposeSpecification() {
        JsonNode compose = DeployFiles.yaml(COMPOSE);
        assertThat(DeployFiles.validate(DeployFiles.schema("deploy/schemas/compose-spec/compose-spec.json"), compose))
                .isEmpty();
    }

    @Test
    void theSchemaCheckWouldCatchAMistake() {
        JsonNode compose = DeployFiles.yaml(COMPOSE).deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) compose.at("/services/postgres")).put("restart_policy", "always");
        assertThat(DeployFiles.validate(DeployFiles.schema("deploy/schemas/compose-spec/compose-spec.json"), compose))
                .isNotEmpty();
    }

    @Test
    void kafkaIsThreeKraftBrokersThatAreAlsoTheControllerQuorum() {
        JsonNode services = DeployFiles.yaml(COMPOSE).path("services");
        List<String> voters = new ArrayList<>();
        for (int node = 1; node <= 3; node++) {
            JsonNode env = services.at("/kafka-" + node + "/environment");
            assertThat(env.path("KAFKA_NODE_ID").asText()).isEqualTo(Integer.toString(node));
            assertThat(env.path("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
            assertThat(env.path("KAFKA_ADVERTISED_LISTENERS").asText()).isEqualTo("PLAINTEXT://kafka-" + node + ":9092");
            assertThat(env.path("KAFKA_MIN_INSYNC_REPLICAS").asText()).isEqualTo("2");
            voters.add(env.path("KAFKA_CONTROLLER_QUORUM_VOTERS").asText());
        }
        assertThat(voters).containsOnly("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
        assertThat(services.has("kafka-4")).isFalse();
    }

    @Test
    void mongoDbIsAReplicaSetOfThreeThatTheQueryServicesUse() {
        JsonNode services = DeployFiles.yaml(COMPOSE).path("services");
        for (int member = 1; member <= 3; member++) {
            assertThat(services.at("/mongo-" + member + "/command").toString()).contains("\"--replSet\",\"rs0\"");
        }
        assertThat(services.at("/mongo-init/command").toString())
                .contains("mongo-1:27017", "mongo-2:27017", "mongo-3:27017", "rs.initiate");
        assertThat(services.at("/query-service-1/environment/KRONIKA_MONGODB_URI").asText())
                .isEqualTo("mongodb://mongo-1:27017,mongo-2:27017,mongo-3:27017/kronika?replicaSet=rs0");
    }

    @Test
    void twoInstancesOfEachServicePointedAtTheSharedStoresAndTheRealm() {
        JsonNode services = DeployFiles.yaml(COMPOSE).path("services");
        Map<String, JsonNode> kronika = instancesOfKronika(services);
        assertThat(kronika).containsOnlyKeys("command-service-1", "command-service-2", "query-service-1", "query-service-2");
        for (JsonNode service : kronika.values()) {
            JsonNode env = service.path("environment");
            assertThat(env.path("KRONIKA_KAFKA_BOOTSTRAP_SERVERS").asText())
                    .isEqualTo("kafka-1:9092,kafka-2:9092,kafka-3:9092");
            assertThat(env.path("KRONIKA_TOPIC_REPLICATION_FACTOR").asText()).isEqualTo("3");
            assertThat(env.path("KRONIKA_JWT_ISSUER").asText()).isEqualTo("http://keycloak:8180/realms/"
                    + DeployFiles.json("deploy/keycloak/kronika-realm.json").path("realm").asText());
            assertThat(service.at("/build/context").asText()).isEqualTo("../..");
            assertThat(DeployFiles.file(service.at("/build/dockerfile").asText())).exists();
        }
        assertThat(services.at("/command-service-1/environment/KRONIKA_POSTGRES_URL").asText())
                .isEqualTo("jdbc:postgresql://postgres:5432/kronika");
        // Without its checkpoint signing key the command service does not start: a secret, with no default.
        for (String command : List.of("command-service-1", "command-service-2")) {
            assertThat(services.at("/" + command + "/secrets/0").asText()).isEqualTo("checkpoints-key");
            assertThat(services.at("/" + command + "/environment/KRONIKA_CHECKPOINTS_KEY_FILE").asText())
                    .isEqualTo("/run/secrets/checkpoints-key");
        }
        assertThat(DeployFiles.yaml(COMPOSE).at("/secrets/checkpoints-key/file").asText())
                .startsWith("${KRONIKA_CHECKPOINTS_KEY:?");
        // The dashboards sign in with the realm's client, whose secret is the realm's, never the local default.
        JsonNode dashboards = services.at("/query-service-1/environment");
        assertThat(dashboards.path("KRONIKA_OIDC_CLIENT_ID").asText()).isIn(
                DeployFiles.json("deploy/keycloak/kronika-realm.json").path("clients").findValuesAsText("clientId"));
        assertThat(dashboards.path("KRONIKA_OIDC_CLIENT_SECRET").asText())
                .startsWith("${KRONIKA_DASHBOARDS_CLIENT_SECRET:?");
        assertThat(dashboards.path("KRONIKA_OIDC_ISSUER").asText())
                .isEqualTo(services.at("/query-service-1/environment/KRONIKA_JWT_ISSUER").asText());
        // A browser reaches Keycloak at the issuer's address (keycloak, the hosts entry, at 8180): Keycloak listens
        // there inside its container and is published on the same port, which no other service takes.
        JsonNode keycloak = services.path("keycloak");
        assertThat(keycloak.path("command").toString()).contains("--http-port=8180");
        assertThat(keycloak.at("/environment/KC_HOSTNAME").asText()).isEqualTo("http://keycloak:8180");
        assertThat(keycloak.at("/ports/0").asText()).isEqualTo("8180:8180");
        services.fields().forEachRemaining(service -> service.getValue().path("ports").forEach(port -> {
            if (!service.getKey().equals("keycloak")) {
                assertThat(port.asText()).as(service.getKey()).doesNotStartWith("8180:").doesNotContain(":8180:");
            }
        }));
        // Prometheus has no authentication of its own, nor Grafana's default admin a password: the host's loopback.
        for (String monitoring : List.of("prometheus", "grafana")) {
            services.path(monitoring).path("ports").forEach(port ->
                    assertThat(port.asText()).as(monitoring).startsWith("127.0.0.1:"));
        }
        assertThat(services.at("/grafana/environment/GF_SECURITY_ADMIN_PASSWORD").asText())
                .startsWith("${GRAFANA_ADMIN_PASSWORD:?");
        // A KRaft cluster id is 16 bytes in URL-safe Base64, as Kafka's own tool makes one.
        assertThat(java.util.Base64.getUrlDecoder().decode(DeployFiles.yaml(COMPOSE)
                .at("/x-kafka/environment/CLUSTER_ID").asText())).hasSize(16);
        // Prometheus scrapes exactly these instances.
        List<String> targets = new ArrayList<>();
        DeployFiles.yaml("deploy/prometheus/prometheus.yml").path("scrape_configs")
                .forEach(job -> job.at("/static_configs/0/targets").forEach(t -> targets.add(t.asText().split(":")[0])));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(kronika.keySet());
    }

    /**
     * A client holding every connection of a service's public port kept its health check and Prometheus' scrapes out
     * too. Each instance serves the actuator on a port of its own, not published on the host; Prometheus scrapes
     * that port and the image's health check follows MANAGEMENT_SERVER_PORT.
     */
    @Test
    void healthChecksAndScrapesUseEachInstancesManagementPort() {
        Map<String, String> expected = new TreeMap<>();
        instancesOfKronika(DeployFiles.yaml(COMPOSE).path("services")).forEach((name, instance) -> {
            String management = instance.at("/environment/MANAGEMENT_SERVER_PORT").asText();
            String published = instance.at("/ports/0").asText();
            assertThat(management).as(name).matches("\\d+")
                    .isNotEqualTo(published.substring(published.lastIndexOf(':') + 1));
            instance.path("ports").forEach(port -> assertThat(port.asText()).as(name).doesNotEndWith(":" + management));
            expected.put(name, name + ":" + management);
            String dockerfile = instance.at("/build/dockerfile").asText();
            assertThat(DockerfilesTest.instructions(dockerfile).stream()
                    .filter(i -> i.startsWith("HEALTHCHECK ")).findFirst().orElseThrow())
                    .as(dockerfile).contains("/dev/tcp/127.0.0.1/${MANAGEMENT_SERVER_PORT:-");
        });
        Map<String, String> targets = new TreeMap<>();
        DeployFiles.yaml("deploy/prometheus/prometheus.yml").path("scrape_configs").forEach(job -> {
            assertThat(job.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
            job.at("/static_configs/0/targets").forEach(t -> targets.put(t.asText().split(":")[0], t.asText()));
        });
        assertThat(targets).isEqualTo(expected);
    }

    /** The command and query services' instances, by name. */
    private static Map<String, JsonNode> instancesOfKronika(JsonNode services) {
        Map<String, JsonNode> kronika = new TreeMap<>();
        services.fields().forEachRemaining(e -> {
            if (e.getKey().matches("(command|query)-service-\\d")) {
                kronika.put(e.getKey(), e.getValue());
            }
        });
        return kronika;
    }

    @Test
    void everyImageIsPinnedToAReleaseAndNoPasswordHasADefault() {
        DeployFiles.yaml(COMPOSE).path("services").fields().forEachRemaining(e -> {
            String image = e.getValue().path("image").asText();
            assertThat(image).as(e.getKey()).matches(".+:[^:]*\\d[^:]*").doesNotEndWith(":latest");
            e.getValue().path("environment").fields().forEachRemaining(variable -> {
                if (variable.getKey().contains("PASSWORD") || variable.getKey().contains("SECRET")) {
                    assertThat(variable.getValue().asText()).as(e.getKey() + " " + variable.getKey())
                            .matches("\\$\\{[A-Z_]+:\\?.+}");
                }
            });
        });
    }
}
