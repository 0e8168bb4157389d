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
}
