package org.kronika.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kronika.security.Role;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Keycloak realm export holds Kronika's roles and clients, and issues tokens the services accept
 * (docs/security.md): audience {@code kronika}, a single-valued {@code role} claim naming one of the services' roles,
 * an {@code organisation} for recorders, and {@code sub}. Checked as a document; not imported into a Keycloak here.
 */
class KeycloakRealmTest {

    private final JsonNode realm = DeployFiles.json("deploy/keycloak/kronika-realm.json");

    @Test
    void theRealmRolesAreTheServicesRoles() {
        List<String> roles = new ArrayList<>();
        realm.at("/roles/realm").forEach(role -> roles.add(role.path("name").asText()));
        assertThat(roles).containsExactlyInAnyOrderElementsOf(Arrays.stream(Role.values()).map(Role::claimValue).toList());
    }

    @Test
    void everyClientsTokensCarryTheAudienceAndTheSubject() {
        Map<String, JsonNode> scopes = new HashMap<>();
        realm.path("clientScopes").forEach(scope -> scopes.put(scope.path("name").asText(), scope));
        assertThat(mapper(scopes.get("kronika"), "oidc-audience-mapper").at("/config/included.custom.audience").asText())
                .isEqualTo("kronika");
        assertThat(mapper(scopes.get("basic"), "oidc-sub-mapper").at("/config/access.token.claim").asText()).isEqualTo("true");
        for (JsonNode client : realm.path("clients")) {
            assertThat(client.path("defaultClientScopes")).as(client.path("clientId").asText())
                    .extracting(JsonNode::asText).contains("kronika", "basic");
            assertThat(client.path("secret").asText()).as("secrets come from the environment").matches("\\$\\{[A-Z_]+}");
            assertThat(client.path("implicitFlowEnabled").asBoolean()).isFalse();
            assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        }
    }

    /**
     * A client's secret gets its role: with one secret shared by every client, an organisation given its recorder
     * client's could sign in as the administrators' client.
     */
    @Test
    void noTwoClientsShareASecret() {
        List<String> secrets = new java.util.ArrayList<>();
        realm.path("clients").forEach(client -> secrets.add(client.path("secret").asText()));
        assertThat(secrets).hasSizeGreaterThan(1).doesNotHaveDuplicates();
    }

    @Test
    void machineClientsCarryOneKnownRoleAndRecordersTheirOrganisation() {
        int machines = 0;
        for (JsonNode client : realm.path("clients")) {
            if (!client.path("serviceAccountsEnabled").asBoolean()) {
                continue;
            }
            machines++;
            Map<String, String> claims = new HashMap<>();
            client.path("protocolMappers").forEach(m -> {
                assertThat(m.path("protocolMapper").asText()).isEqualTo("oidc-hardcoded-claim-mapper");
                assertThat(m.at("/config/jsonType.label").asText()).as("a single string, not a list").isEqualTo("String");
                claims.put(m.at("/config/claim.name").asText(), m.at("/config/claim.value").asText());
            });
            String id = client.path("clientId").asText();
            assertThat(Role.fromClaim(claims.get("role"))).as(id).isPresent();
            assertThat(claims.containsKey("organisation")).as(id).isEqualTo("recorder".equals(claims.get("role")));
            assertThat(serviceAccountRoles(id)).as(id + "'s service account").containsExactly(claims.get("role"));
        }
        assertThat(machines).isEqualTo(Role.values().length);
    }

    @Test
    void peopleGetTheirRoleAndOrganisationFromAttributesOnlyAdministratorsMayEdit() throws Exception {
        JsonNode kronika = null;
        for (JsonNode scope : realm.path("clientScopes")) {
            if (scope.path("name").asText().equals("kronika")) {
                kronika = scope;
            }
        }
        Map<String, String> attributes = new HashMap<>();
        kronika.path("protocolMappers").forEach(m -> {
            if (m.path("protocolMapper").asText().equals("oidc-usermodel-attribute-mapper")) {
                assertThat(m.at("/config/multivalued").asText()).isEqualTo("false");
                attributes.put(m.at("/config/user.attribute").asText(), m.at("/config/claim.name").asText());
            }
        });
        assertThat(attributes).containsEntry("kronika_role", "role").containsEntry("kronika_organisation", "organisation");
        JsonNode profile = DeployFiles.JSON.readTree(realm.at(
                "/components/org.keycloak.userprofile.UserProfileProvider/0/config/kc.user.profile.config/0").asText());
        for (JsonNode attribute : profile.path("attributes")) {
            if (attributes.containsKey(attribute.path("name").asText())) {
                assertThat(attribute.at("/permissions/edit")).extracting(JsonNode::asText).containsExactly("admin");
            }
        }
        assertThat(profile.at("/attributes").findValuesAsText("name")).containsAll(attributes.keySet());
    }

    private List<String> serviceAccountRoles(String clientId) {
        for (JsonNode user : realm.path("users")) {
            if (user.path("serviceAccountClientId").asText().equals(clientId)) {
                List<String> roles = new ArrayList<>();
                user.path("realmRoles").forEach(r -> roles.add(r.asText()));
                return roles;
            }
        }
        return List.of();
    }

    private static JsonNode mapper(JsonNode scope, String type) {
        for (JsonNode mapper : scope.path("protocolMappers")) {
            if (mapper.path("protocolMapper").asText().equals(type)) {
                return mapper;
            }
        }
        throw new AssertionError("no " + type + " in scope " + scope.path("name").asText());
    }
}
