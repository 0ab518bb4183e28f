package org.kronika.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests, each document checked against the published schema of its kind and API version
 * (Kubernetes 1.31, strict: an unknown or misspelt field is an error), and for what the services need: probes on
 * their health groups at the management port, which only Prometheus may reach, a non-root user, and every variable the
 * services read. Never applied to a cluster here.
 */
class KubernetesManifestsTest {

    private static final String SCHEMAS = "deploy/schemas/kubernetes-v1.31.0-standalone-strict/";
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    @Test
    void everyDocumentIsValidAgainstTheSchemaOfItsKind() {
        List<JsonNode> documents = documents();
        assertThat(documents).extracting(d -> d.path("kind").asText())
                .contains("Namespace", "ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget",
                        "NetworkPolicy");
        for (JsonNode document : documents) {
            assertThat(DeployFiles.validate(schemaOf(document), document))
                    .as("%s %s", document.path("kind").asText(), document.at("/metadata/name").asText()).isEmpty();
        }
    }

    @Test
    void theSchemaCheckRefusesAnUnknownField() {
        JsonNode deployment = deployment("command-service").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec/containers/0")).put("livenesProbe", "misspelt");
        assertThat(DeployFiles.validate(schemaOf(deployment), deployment)).isNotEmpty();
    }

    @Test
    void bothServicesRunTwiceAsNonRootWithProbesOnTheirHealthGroupsAndStopWithoutRefusingRequests() {
        Map<String, Integer> ports = Map.of("command-service", 8080, "query-service", 8081);
        ports.forEach((name, port) -> {
            JsonNode deployment = deployment(name);
            assertThat(deployment.at("/spec/replicas").asInt()).as(name).isEqualTo(2);
            JsonNode pod = deployment.at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt()).as(name + ": the Dockerfile's uid").isEqualTo(10001);
            JsonNode container = pod.at("/containers/0");
            assertThat(container.at("/ports/0/containerPort").asInt()).as(name).isEqualTo(port);
            assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
            assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
            assertThat(container.at("/resources/limits/memory").asText()).as(name).isNotBlank();
            // Requests still routed to the pod as it stops are not refused: a pause before SIGTERM, then Spring's
            // 30 s of graceful shutdown, within the grace period.
            int pause = Integer.parseInt(container.at("/lifecycle/preStop/exec/command/1").asText());
            assertThat(pause).as(name).isBetween(5, 15);
            assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).as(name).isGreaterThan(pause + 30);
        });
    }

    /**
     * A client holding every connection of a service's public port made its liveness probe fail, and Kubernetes
     * restarted the pod (every dashboard session ended; nothing cured). The probes and Prometheus' scrape go to the
     * actuator's own port, the one the service is told to serve it on, which the Service does not expose.
     */
    @Test
    void probesAndScrapesUseTheManagementPortWhichTheServiceDoesNotExpose() {
        Map<String, Integer> ports = Map.of("command-service", 8080, "query-service", 8081);
        ports.forEach((name, port) -> {
            JsonNode pod = deployment(name).at("/spec/template");
            JsonNode container = pod.at("/spec/containers/0");
            String managementPort = null;
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().equals("MANAGEMENT_SERVER_PORT")) {
                    managementPort = env.path("value").asText();
                }
            }
            assertThat(managementPort).as(name + ": MANAGEMENT_SERVER_PORT").isNotNull().matches("\\d+")
                    .isNotEqualTo(Integer.toString(port));
            String portName = null;
            for (JsonNode declared : container.path("ports")) {
                if (declared.path("containerPort").asText().equals(managementPort)) {
                    portName = declared.path("name").asText();
                }
            }
            assertThat(portName).as(name + ": a container port named for " + managementPort).isNotBlank();
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertThat(container.at("/" + probe + "/httpGet/path").asText()).as(name + " " + probe)
                        .startsWith("/actuator/health/");
                assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(name + " " + probe)
                        .isIn(portName, managementPort);
            }
            assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText()).as(name).isEqualTo(managementPort);
            assertThat(pod.at("/metadata/annotations/prometheus.io~1path").asText()).as(name)
                    .isEqualTo("/actuator/prometheus");
            JsonNode service = documents().stream().filter(d -> d.path("kind").asText().equals("Service")
                    && d.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
            List<String> exposed = new ArrayList<>();
            for (JsonNode servicePort : service.at("/spec/ports")) {
                exposed.add(servicePort.path("targetPort").asText());
                exposed.add(servicePort.path("port").asText());
            }
            assertThat(exposed).as(name + ": the Service's ports").contains("http", Integer.toString(port))
                    .doesNotContain(portName, managementPort);
        });
    }

    /**
     * Anything that reached the management port could hold its 100 connections, fail the probes and have the pod
     * restarted. The NetworkPolicies selecting a service's pods (their ingress rules add up) admit the public port from
     * anywhere, the management port only from Prometheus (the example peer operators adapt, docs/operations.md,
     * "Probes") and no other port. The kubelet's probes come from the node, which policies do not govern.
     */
    @Test
    void onlyPrometheusMayReachTheManagementPortAndAnyoneThePublicPort() {
        Map<String, Object> prometheus = Map.of(
                "namespaceSelector", Map.of("matchLabels", Map.of("kubernetes.io/metadata.name", "monitoring")),
                "podSelector", Map.of("matchLabels", Map.of("app.kubernetes.io/name", "prometheus")));
        List<JsonNode> policies = documents().stream().filter(d -> d.path("kind").asText().equals("NetworkPolicy"))
                .toList();
        for (String name : List.of("command-service", "query-service")) {
            JsonNode deployment = deployment(name);
            List<JsonNode> rules = new ArrayList<>();
            for (JsonNode policy : policies) {
                List<String> types = new ArrayList<>();
                // A policy whose policyTypes leave Ingress out does not govern ingress, whatever rules it holds.
                policy.at("/spec/policyTypes").forEach(type -> types.add(type.asText()));
                if (policy.at("/metadata/namespace").equals(deployment.at("/metadata/namespace"))
                        && selects(policy.at("/spec/podSelector"), deployment.at("/spec/template/metadata/labels"))
                        && types.contains("Ingress")) {
                    policy.at("/spec/ingress").forEach(rules::add);
                }
            }
            assertThat(rules).as(name + ": ingress rules of the policies that select its pods").isNotEmpty();
            for (JsonNode port : deployment.at("/spec/template/spec/containers/0/ports")) {
                String portName = port.path("name").asText();
                List<JsonNode> admitting = rules.stream().filter(rule -> admits(rule, port)).toList();
                String what = name + ": the rules admitting port " + portName;
                switch (portName) {
                    case "http" -> assertThat(admitting).as(what).anyMatch(rule -> rule.path("from").isEmpty());
                    case "management" -> {
                        assertThat(admitting).as(what).isNotEmpty();
                        for (JsonNode rule : admitting) {
                            assertThat(rule.path("from")).as(what + " name their peers").isNotEmpty();
                            for (JsonNode peer : rule.path("from")) {
                                assertThat(DeployFiles.JSON.convertValue(peer, Map.class)).as(what)
                                        .isEqualTo(prometheus);
                            }
                        }
                    }
                    default -> assertThat(admitting).as(what).isEmpty();
                }
            }
        }
    }

    /** Whether a label selector selects these labels; an empty one selects every pod. */
    private static boolean selects(JsonNode selector, JsonNode labels) {
        assertThat(selector.has("matchExpressions")).as("matchExpressions, which this check does not read").isFalse();
        for (var label : selector.path("matchLabels").properties()) {
            if (!label.getValue().equals(labels.path(label.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Whether an ingress rule admits a container port: a rule without ports admits every port. */
    private static boolean admits(JsonNode rule, JsonNode containerPort) {
        if (rule.path("ports").isEmpty()) {
            return true;
        }
        for (JsonNode port : rule.path("ports")) {
            boolean sameProtocol = port.path("protocol").asText("TCP")
                    .equals(containerPort.path("protocol").asText("TCP"));
            int number = containerPort.path("containerPort").asInt();
            boolean samePort = port.path("port").isMissingNode()
                    || port.path("port").asText().equals(containerPort.path("name").asText())
                    || port.path("port").isInt() && port.path("port").asInt() <= number
                    && number <= port.path("endPort").asInt(port.path("port").asInt());
            if (sameProtocol && samePort) {
                return true;
            }
        }
        return false;
    }

    /** Every KRONIKA_ variable the services' configuration reads, with no default fit for production, is set. */
    @Test
    void everyVariableTheServicesNeedComesFromTheConfigMapOrTheSecret() {
        Map<String, List<String>> needed = Map.of(
                "command-service", List.of("KRONIKA_POSTGRES_URL", "KRONIKA_POSTGRES_USER", "KRONIKA_POSTGRES_PASSWORD",
                        "KRONIKA_KAFKA_BOOTSTRAP_SERVERS", "KRONIKA_TOPIC_REPLICATION_FACTOR", "KRONIKA_JWT_ISSUER",
                        "KRONIKA_JWT_JWKS_URI"),
                "query-service", List.of("KRONIKA_MONGODB_URI", "KRONIKA_KAFKA_BOOTSTRAP_SERVERS", "KRONIKA_JWT_ISSUER",
                        "KRONIKA_JWT_JWKS_URI", "KRONIKA_OIDC_CLIENT_ID", "KRONIKA_OIDC_CLIENT_SECRET",
                        "KRONIKA_OIDC_ISSUER", "KRONIKA_OIDC_AUTHORIZATION_URI", "KRONIKA_OIDC_TOKEN_URI",
                        "KRONIKA_OIDC_JWKS_URI", "KRONIKA_OIDC_END_SESSION_URI", "KRONIKA_SIGN_IN_COOKIE_KEY"));
        Map<String, JsonNode> data = new HashMap<>();
        for (JsonNode document : documents()) {
            if (document.path("kind").asText().matches("ConfigMap|Secret")) {
                data.put(document.path("kind").asText() + "/" + document.at("/metadata/name").asText(),
                        document.has("data") ? document.path("data") : document.path("stringData"));
            }
        }
        needed.forEach((name, variables) -> {
            List<String> set = new ArrayList<>();
            for (JsonNode env : deployment(name).at("/spec/template/spec/containers/0/env")) {
                if (env.has("value")) {
                    // Set in the manifest itself, as MANAGEMENT_SERVER_PORT beside the port it names.
                    assertThat(env.path("name").asText()).as(name).doesNotStartWith("KRONIKA_");
                    continue;
                }
                JsonNode ref = env.at("/valueFrom/configMapKeyRef").isMissingNode()
                        ? env.at("/valueFrom/secretKeyRef") : env.at("/valueFrom/configMapKeyRef");
                String source = env.at("/valueFrom/configMapKeyRef").isMissingNode() ? "Secret" : "ConfigMap";
                JsonNode values = data.get(source + "/" + ref.path("name").asText());
                assertThat(values != null && values.has(ref.path("key").asText())).as("%s %s", source, ref).isTrue();
                set.add(env.path("name").asText());
            }
            assertThat(set).as(name).containsAll(variables);
            assertThat(DeployFiles.read(name + "/src/main/resources/application.yml")).as(name)
                    .contains(variables.stream().map(v -> "${" + v).toList());
        });
    }

    /**
     * Both services believe X-Forwarded-* from internal addresses ({@code forward-headers-strategy: native}), and every
     * pod's address is one: each takes the peers it believes from the ConfigMap, the ingress controller's alone.
     */
    @Test
    void bothServicesBelieveForwardedHeadersOnlyFromTheProxiesTheConfigMapNames() {
        for (String name : List.of("command-service", "query-service")) {
            assertThat(DeployFiles.read(name + "/src/main/resources/application.yml")).as(name)
                    .contains("forward-headers-strategy: native");
            List<String> taken = new ArrayList<>();
            for (JsonNode env : deployment(name).at("/spec/template/spec/containers/0/env")) {
                if (env.path("name").asText().equals("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES")) {
                    taken.add(env.at("/valueFrom/configMapKeyRef/key").asText());
                }
            }
            assertThat(taken).as(name).containsExactly("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES");
        }
    }

    /**
     * The IATI files are public and harvested: a production deployment names its own publisher. Without it the
     * query service published them under the example donor's identifier; the ConfigMap holds a placeholder for each
     * of the three settings, which the query service refuses to start with ({@code IatiMappingTest}).
     */
    @Test
    void theQueryServiceTakesTheIatiPublisherFromTheConfigMapWhichLeavesItToBeReplaced() {
        JsonNode configMap = documents().stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst()
                .orElseThrow().path("data");
        List<String> publisher = List.of("KRONIKA_IATI_REPORTINGORG_REF", "KRONIKA_IATI_REPORTINGORG_NAME",
                "KRONIKA_IATI_DOCUMENTBASEURL");
        List<String> taken = new ArrayList<>();
        for (JsonNode env : deployment("query-service").at("/spec/template/spec/containers/0/env")) {
            if (publisher.contains(env.path("name").asText())) {
                assertThat(env.at("/valueFrom/configMapKeyRef/key").asText()).isEqualTo(env.path("name").asText());
                taken.add(env.path("name").asText());
            }
        }
        assertThat(taken).containsExactlyInAnyOrderElementsOf(publisher);
        publisher.forEach(variable -> assertThat(configMap.path(variable).asText()).as(variable).isEqualTo("REPLACE-ME"));
    }

    /**
     * The command service does not start without its checkpoint signing key: the file the configuration names is
     * the one the key's Secret is mounted as, readable by the service's group.
     */
    @Test
    void theCommandServiceFindsItsCheckpointKeyWhereTheConfigurationSaysItIs() {
        JsonNode pod = deployment("command-service").at("/spec/template/spec");
        String keyFile = documents().stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst()
                .orElseThrow().at("/data/KRONIKA_CHECKPOINTS_KEY_FILE").asText();
        JsonNode container = pod.at("/containers/0");
        assertThat(container.path("env").findValuesAsText("name")).contains("KRONIKA_CHECKPOINTS_KEY_FILE");
        JsonNode mount = null;
        for (JsonNode candidate : container.path("volumeMounts")) {
            if (keyFile.startsWith(candidate.path("mountPath").asText() + "/")) {
                mount = candidate;
            }
        }
        assertThat(mount).as("a volume mounted where " + keyFile + " is").isNotNull();
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        JsonNode volume = null;
        for (JsonNode candidate : pod.path("volumes")) {
            if (candidate.path("name").asText().equals(mount.path("name").asText())) {
                volume = candidate;
            }
        }
        String secretName = volume.at("/secret/secretName").asText();
        JsonNode secret = documents().stream().filter(d -> d.path("kind").asText().equals("Secret")
                && d.at("/metadata/name").asText().equals(secretName)).findFirst().orElseThrow();
        assertThat(secret.path("stringData").has(keyFile.substring(keyFile.lastIndexOf('/') + 1))).isTrue();
        assertThat(pod.at("/securityContext/fsGroup").asInt()).isEqualTo(pod.at("/securityContext/runAsGroup").asInt());
        assertThat(volume.at("/secret/defaultMode").asInt() & 0040).as("group-readable").isNotZero();
    }

    private JsonSchema schemaOf(JsonNode document) {
        String apiVersion = document.path("apiVersion").asText();
        // The schemas' file names carry a group's first label only: networking.k8s.io/v1 is networking-v1.
        String group = apiVersion.contains("/")
                ? "-" + apiVersion.substring(0, apiVersion.indexOf('/')).split("\\.")[0] : "";
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String file = SCHEMAS + document.path("kind").asText().toLowerCase(Locale.ROOT) + group + "-" + version + ".json";
        return schemas.computeIfAbsent(file, DeployFiles::schema);
    }

    private static JsonNode deployment(String name) {
        return documents().stream().filter(d -> d.path("kind").asText().equals("Deployment")
                && d.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static List<JsonNode> documents() {
        List<JsonNode> documents = new ArrayList<>();
        try (var files = Files.list(DeployFiles.repository().resolve("deploy/kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(DeployFiles.yamlDocuments("deploy/kubernetes/" + file.getFileName()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return documents;
    }
}
