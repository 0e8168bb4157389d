package org.commonground.platform.testing;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Real access tokens from the real Keycloak, for tests: the demo users by password grant through the
 * public {@code web} client, partners by client credentials. Tokens are cached until shortly before
 * they expire. The realm is found in {@code quarkus.oidc.auth-server-url} (a {@code @QuarkusTest},
 * also with Dev Services) or {@code cg.oidc-server} / {@code CG_OIDC_SERVER} (system tests).
 */
public final class Tokens {

    private record Cached(String token, Instant expires) {
    }

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    /** A token of a demo user (whose password is the user name in the demo realm). */
    public static String of(String user) {
        return CACHE.compute("user:" + user, (key, cached) -> fresh(cached) ? cached : password(realm(), "web", user)).token();
    }

    /** The subject ({@code sub}) a demo user's tokens carry: how services know them. */
    public static String subject(String user) {
        String payload = of(user).split("\\.")[1];
        String json = new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(json).getString("sub");
    }

    /** A token that expires two seconds after it is issued (the demo realm's {@code short-lived} client); never cached. */
    public static String shortLived(String user) {
        return password(realm(), "short-lived", user).token();
    }

    /**
     * A token of a user of another realm of the same Keycloak: validly signed, with our audience, by another issuer.
     * The local stack imports the realm {@code elsewhere} with the user {@code mallory} for this.
     */
    public static String fromAnotherIssuer() {
        return password(realm().replace("/realms/commonground", "/realms/elsewhere"), "web", "mallory").token();
    }

    /**
     * A token of a demo user for another application of the same realm (the demo realm's {@code another-app}):
     * validly signed by our issuer, but not for the Commonground API's audience. Never cached.
     */
    public static String forAnotherAudience(String user) {
        return password(realm(), "another-app", user).token();
    }

    /** A partner organization's token, by client credentials. */
    public static String partner(String clientId, String secret) {
        return CACHE.compute("client:" + clientId, (key, cached) -> fresh(cached) ? cached : fetch(Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret)))
                .token();
    }

    /** The realm's base URL, such as {@code http://127.0.0.1:8180/realms/commonground}. */
    public static String realm() {
        var config = ConfigProvider.getConfig();
        Optional<String> url = config.getOptionalValue("quarkus.oidc.auth-server-url", String.class)
                .or(() -> config.getOptionalValue("cg.oidc-server", String.class))
                .filter(u -> !u.isBlank());
        return url.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u)
                .orElseThrow(() -> new IllegalStateException(
                        "No identity provider configured: set quarkus.oidc.auth-server-url or CG_OIDC_SERVER"));
    }

    private static boolean fresh(Cached cached) {
        return cached != null && Instant.now().plusSeconds(20).isBefore(cached.expires());
    }

    private static Cached password(String realm, String client, String user) {
        return fetch(realm, Map.of("grant_type", "password", "client_id", client, "username", user, "password", user,
                "scope", "openid"));
    }

    private static Cached fetch(Map<String, String> form) {
        return fetch(realm(), form);
    }

    private static Cached fetch(String realm, Map<String, String> form) {
        Response response = given().formParams(form).post(realm + "/protocol/openid-connect/token");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + form.getOrDefault("username",
                    form.get("client_id")) + ": " + response.statusCode() + " " + response.asString());
        }
        int expiresIn = response.jsonPath().getInt("expires_in");
        return new Cached(response.jsonPath().getString("access_token"), Instant.now().plusSeconds(expiresIn));
    }
}
