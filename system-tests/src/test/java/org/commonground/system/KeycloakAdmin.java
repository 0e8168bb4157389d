package org.commonground.system;

import io.restassured.RestAssured;
import java.util.List;
import java.util.Map;
import org.commonground.platform.testing.Tokens;
import org.eclipse.microprofile.config.ConfigProvider;

/** The real Keycloak's admin API, as its bootstrap admin ({@code CG_KEYCLOAK_ADMIN_PASSWORD}, set by the stack's test command). */
final class KeycloakAdmin {

    private KeycloakAdmin() {
    }

    /** Enables or disables a user of the Commonground realm. */
    static void enabled(String username, boolean enabled) {
        String realm = Tokens.realm();
        String server = realm.substring(0, realm.indexOf("/realms/"));
        String realmName = realm.substring(realm.lastIndexOf('/') + 1);
        String password = ConfigProvider.getConfig().getOptionalValue("cg.keycloak-admin-password", String.class)
                .orElseThrow(() -> new IllegalStateException("CG_KEYCLOAK_ADMIN_PASSWORD is not set: run the system tests with deploy/local/stack test"));
        String admin = RestAssured.given().formParams(Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin",
                "password", password)).post(server + "/realms/master/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
        List<String> ids = RestAssured.given().auth().oauth2(admin).queryParam("username", username).queryParam("exact", true)
                .get(server + "/admin/realms/" + realmName + "/users").then().statusCode(200).extract().path("id");
        if (ids.size() != 1) {
            throw new IllegalStateException("Keycloak has " + ids.size() + " users named " + username);
        }
        RestAssured.given().auth().oauth2(admin).contentType("application/json").body(Map.of("enabled", enabled))
                .put(server + "/admin/realms/" + realmName + "/users/" + ids.get(0)).then().statusCode(204);
    }
}
