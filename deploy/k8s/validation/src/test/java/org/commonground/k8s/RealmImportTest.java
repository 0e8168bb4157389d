package org.commonground.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The KeycloakRealmImport of deploy/k8s is generated from the realm file the local stack imports, so there is one
 * source of truth for roles, clients and token settings. What the generation leaves out is what must not reach a
 * production realm: the demo users and their passwords, the demo partners' clients and their secrets (partners are
 * onboarded on the cluster, see the runbook), and the clients that exist only for tests. Run with
 * {@code -Dk8s.regenerate=true} after changing the realm file.
 */
class RealmImportTest {

    static final Path REALM = Manifests.root().resolve("deploy/local/keycloak/commonground-realm.json");
    static final Path IMPORT = Manifests.k8s().resolve("base/keycloak/realm-import.yaml");
    static final String WEB_ORIGIN = "https://app.commonground.example";

    static ObjectNode generated() throws Exception {
        ObjectNode realm = (ObjectNode) Manifests.JSON.readTree(Files.readString(REALM));
        realm.remove("users");
        realm.put("displayName", "Commonground");
        JsonNode local = realm.remove("clients");
        ArrayNode clients = realm.putArray("clients");
        for (JsonNode client : local) {
            boolean demoOnly = client.path("name").asText().startsWith("Demo realm only");
            boolean hasSecret = client.has("secret");
            if (demoOnly || hasSecret) {
                continue;
            }
            ObjectNode copy = client.deepCopy();
            if (copy.path("clientId").asText().equals("web")) {
                copy.putArray("redirectUris").add(WEB_ORIGIN + "/*");
            }
            clients.add(copy);
        }
        ObjectNode resource = Manifests.JSON.createObjectNode();
        resource.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        resource.put("kind", "KeycloakRealmImport");
        resource.putObject("metadata").put("name", "commonground");
        ObjectNode spec = resource.putObject("spec");
        spec.put("keycloakCRName", "keycloak");
        spec.set("realm", realm);
        return resource;
    }

    @Test
    void theRealmImportIsTheLocalRealmWithoutDemoUsersSecretsOrTestClients() throws Exception {
        ObjectNode expected = generated();
        if (Boolean.getBoolean("k8s.regenerate")) {
            Files.writeString(IMPORT, "# GENERATED from deploy/local/keycloak/commonground-realm.json by RealmImportTest "
                    + "(deploy/k8s/validation): do not edit,\n# change the realm file and run ./mvnw -f deploy/k8s/validation "
                    + "test -Dk8s.regenerate=true\n" + Manifests.YAML.writeValueAsString(expected).replaceFirst("^---\n", ""));
        }
        JsonNode committed = Manifests.YAML.readTree(Files.readString(IMPORT));
        assertEquals(expected, committed, "deploy/k8s/base/keycloak/realm-import.yaml is not what the realm file gives: "
                + "run ./mvnw -f deploy/k8s/validation test -Dk8s.regenerate=true");
    }

    @Test
    void noPasswordSecretOrDemoUserReachesTheClusterRealm() throws Exception {
        String text = Files.readString(IMPORT);
        JsonNode realm = Manifests.YAML.readTree(text).path("spec").path("realm");
        assertFalse(realm.has("users"), "users");
        for (JsonNode client : realm.path("clients")) {
            assertFalse(client.has("secret"), client.path("clientId") + " has a secret");
            for (JsonNode uri : client.path("redirectUris")) {
                assertFalse(uri.asText().contains("127.0.0.1") || uri.asText().contains("localhost"), "local redirect " + uri);
            }
        }
        assertFalse(text.contains("\"value\"") || text.contains("credentials"), "a credential in the realm import");
        assertTrue(realm.path("roles").path("realm").size() >= 5, "the realm roles are there");
    }
}
