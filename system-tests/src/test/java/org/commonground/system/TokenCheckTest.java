package org.commonground.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** Through the gateway, only a valid token from the Commonground realm opens a route that needs one. */
class TokenCheckTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String UNAUTHENTICATED = "urn:commonground:problem:unauthenticated";

    private static void refused(String token) {
        Suite.api().auth().oauth2(token).get("/api/members/me")
                .then().statusCode(401).contentType(PROBLEM).body("type", equalTo(UNAUTHENTICATED));
    }

    @Test
    void noTokenIsRefused() {
        Suite.api().get("/api/members/me").then().statusCode(401).contentType(PROBLEM).body("type", equalTo(UNAUTHENTICATED));
    }

    @Test
    void aTamperedSignatureIsRefused() {
        String token = Tokens.of("alice");
        int dot = token.lastIndexOf('.');
        refused(token.substring(0, dot + 3) + (token.charAt(dot + 3) == 'x' ? 'y' : 'x') + token.substring(dot + 4));
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = Tokens.shortLived("alice");
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> refused(token));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        refused(Tokens.fromAnotherIssuer());
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String[] parts = Tokens.of("olga").split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        refused(none + "." + parts[1] + ".");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String token = Tokens.forAnotherAudience("alice");
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertFalse(claims.contains("commonground-api"), claims);
        refused(token);
    }

    @Test
    void anHs256TokenSignedWithTheRealmsPublicKeyIsRefused() throws Exception {
        // the classic algorithm confusion: the public key (which anyone can fetch) used as an HMAC secret
        var jwks = Suite.api().baseUri(Tokens.realm()).get("/protocol/openid-connect/certs").then().statusCode(200).extract().jsonPath();
        String kid = jwks.getString("keys.find { it.use == 'sig' && it.kty == 'RSA' }.kid");
        java.math.BigInteger n = new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwks.getString("keys.find { it.kid == '" + kid + "' }.n")));
        java.math.BigInteger e = new java.math.BigInteger(1, Base64.getUrlDecoder().decode(jwks.getString("keys.find { it.kid == '" + kid + "' }.e")));
        byte[] publicKey = java.security.KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.RSAPublicKeySpec(n, e)).getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8)).encodeToString(publicKey)
                + "\n-----END PUBLIC KEY-----\n";
        String claims = Tokens.of("olga").split("\\.")[1];
        for (byte[] secret : java.util.List.of(publicKey, pem.getBytes(StandardCharsets.UTF_8))) {
            String header = Base64.getUrlEncoder().withoutPadding().encodeToString(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal((header + "." + claims)
                    .getBytes(StandardCharsets.UTF_8)));
            refused(header + "." + claims + "." + signature);
        }
    }

    @Test
    void aPartnerTokenOnAMemberRouteIsForbidden() {
        String acme = Tokens.partner("partner-acme", "partner-acme-secret");
        Suite.api().auth().oauth2(acme).get("/api/members/me").then().statusCode(403).contentType(PROBLEM);
        Suite.api().auth().oauth2(acme).contentType("application/json").body("{\"granted\":true}")
                .put("/api/members/me/consents/partner-profile-sharing").then().statusCode(403);
        Suite.api().auth().oauth2(Tokens.of("alice")).get("/api/partner/me").then().statusCode(403);
    }

    @Test
    void aMemberTokenOnAnAdminRouteIsForbidden() {
        Suite.api().auth().oauth2(Tokens.of("alice")).get("/api/reports/read-models")
                .then().statusCode(403).contentType(PROBLEM).body("type", equalTo("urn:commonground:problem:forbidden"));
        Suite.api().auth().oauth2(Tokens.of("olga")).get("/api/reports/read-models").then().statusCode(200);
    }

    @Test
    void aPartnerClientCredentialsTokenWorks() {
        Suite.api().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).get("/api/partner/me")
                .then().statusCode(200).body("organization", equalTo("acme"));
    }

    /**
     * An account disabled in Keycloak signs in no more and refreshes no more, at once; an access token it already holds
     * is checked by signature, so it is accepted until it expires — which the realm keeps to five minutes (the README
     * says so), and this checks the realm issues no longer-lived one.
     */
    @Test
    void aDisabledAccountGetsNoNewTokenAndItsLastTokenLivesAtMostFiveMinutes() {
        String user = "neighbour-28"; // a demo neighbour no other test uses
        Suite.joined(user);
        var grant = java.util.Map.of("grant_type", "password", "client_id", "web", "username", user, "password", user, "scope", "openid");
        var tokens = Suite.api().baseUri(Tokens.realm()).formParams(grant).post("/protocol/openid-connect/token")
                .then().statusCode(200).extract().jsonPath();
        String access = tokens.getString("access_token");
        var claims = io.restassured.path.json.JsonPath.from(new String(Base64.getUrlDecoder().decode(access.split("\\.")[1]),
                StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertTrue(claims.getLong("exp") - claims.getLong("iat") <= 300,
                "access tokens must live at most five minutes: " + claims.getLong("exp") + " - " + claims.getLong("iat"));
        Suite.api().auth().oauth2(access).get("/api/members/me").then().statusCode(200);

        KeycloakAdmin.enabled(user, false);
        try {
            Suite.api().baseUri(Tokens.realm()).formParams(grant).post("/protocol/openid-connect/token").then().statusCode(
                    org.hamcrest.Matchers.oneOf(400, 401));
            Suite.api().baseUri(Tokens.realm()).formParams(java.util.Map.of("grant_type", "refresh_token", "client_id", "web",
                    "refresh_token", tokens.getString("refresh_token"))).post("/protocol/openid-connect/token").then()
                    .statusCode(org.hamcrest.Matchers.oneOf(400, 401));
            // the documented window: the token already issued still opens the API until its exp
            Suite.api().auth().oauth2(access).get("/api/members/me").then().statusCode(200);
        } finally {
            KeycloakAdmin.enabled(user, true);
        }
    }
}
