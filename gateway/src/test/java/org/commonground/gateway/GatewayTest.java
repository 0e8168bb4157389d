package org.commonground.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(UpstreamStub.class)
class GatewayTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void anApiRouteWithoutATokenIsA401Problem() {
        given().get("/api/members/me")
                .then().statusCode(401).contentType(PROBLEM)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("urn:commonground:problem:unauthenticated"), "status", equalTo(401));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeadersWhetherTheGatewayOrAServiceGivesIt() {
        for (var response : java.util.List.of(given().get("/api/public/partnerships?limit=5"), given().get("/api/members/me"),
                given().get("/api/nothing-here"))) {
            response.then().header("X-Content-Type-Options", equalTo("nosniff")).header("X-Frame-Options", equalTo("DENY"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header("Strict-Transport-Security", equalTo("max-age=31536000; includeSubDomains"));
        }
    }

    @Test
    void onlyOperationsAServiceDeclaresAreForwarded() {
        String token = Tokens.of("alice");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> given().auth().oauth2(token).get("/api/members/nothing-declared").statusCode() == 404);
        given().auth().oauth2(token).get("/api/members/nothing-declared").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("No operation of the API serves /api/members/nothing-declared"));
        given().get("/api/public/partnerships/../../q/dev").then().statusCode(400);
        given().auth().oauth2(token).delete("/api/members/me").then().statusCode(405).contentType(PROBLEM);
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}")
                .put("/api/partnerships/" + java.util.UUID.randomUUID() + "/stewards/someone").then().statusCode(200)
                .body("method", equalTo("PUT"));
        given().auth().oauth2(token).get("/api/members/me").then().statusCode(200);
    }

    @Test
    void aPublicRoutePassesWithoutAToken() {
        given().get("/api/public/partnerships?limit=5")
                .then().statusCode(200).body("uri", equalTo("/api/public/partnerships?limit=5"));
    }

    @Test
    void theTokenIsCheckedAndPassedOnUnchanged() {
        String token = Tokens.of("alice");
        given().auth().oauth2(token).get("/api/members/me")
                .then().statusCode(200)
                .body("method", equalTo("GET"), "uri", equalTo("/api/members/me"),
                        "authorization", equalTo("Bearer " + token), "forwardedFor", notNullValue());
    }

    @Test
    void aTokenWithATamperedSignatureIsRefused() {
        String token = Tokens.of("alice");
        int dot = token.lastIndexOf('.');
        char flipped = token.charAt(dot + 5) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, dot + 5) + flipped + token.substring(dot + 6);
        given().auth().oauth2(tampered).get("/api/members/me")
                .then().statusCode(401).contentType(PROBLEM).body("type", equalTo("urn:commonground:problem:unauthenticated"));
    }

    @Test
    void aTokenWithAlteredClaimsIsRefused() {
        String[] parts = Tokens.of("alice").split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"member\"", "\"admin\"");
        String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        given().auth().oauth2(altered).get("/api/members/me").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String[] parts = Tokens.of("alice").split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        given().auth().oauth2(none + "." + parts[1] + ".").get("/api/members/me").then().statusCode(401).contentType(PROBLEM);
    }

    @Test
    void aRequestIdIsMadeForwardedAndReturned() {
        String id = given().auth().oauth2(Tokens.of("alice")).get("/api/members/me")
                .then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .extract().header("X-Request-Id");
        given().auth().oauth2(Tokens.of("alice")).header("X-Request-Id", "mobile-42").get("/api/members/me")
                .then().statusCode(200).header("X-Request-Id", "mobile-42").body("requestId", equalTo("mobile-42"));
        given().get("/api/members/me").then().statusCode(401).header("X-Request-Id", notNullValue());
        org.junit.jupiter.api.Assertions.assertNotNull(id);
    }

    @Test
    void aBodyIsForwardedWhole() {
        String body = "{\"name\":\"" + "n".repeat(200_000) + "\"}";
        given().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON).body(body)
                .post("/api/partnerships")
                .then().statusCode(200).body("method", equalTo("POST"), "bodyLength", equalTo(body.length()));
    }

    @Test
    void anOversizedBodyIsRefusedWith413() {
        given().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON).body("{\"x\":\"" + "x".repeat(1_100_000) + "\"}")
                .post("/api/partnerships")
                .then().statusCode(413).contentType(PROBLEM).body("type", equalTo("urn:commonground:problem:payload-too-large"));
    }

    @Test
    void aServiceThatIsDownIsA502ProblemAtOnce() {
        long started = System.nanoTime();
        given().auth().oauth2(Tokens.of("alice")).get("/api/members/me/benefits")
                .then().statusCode(502).contentType(PROBLEM)
                .body("type", equalTo("urn:commonground:problem:bad-gateway"), "detail", containsString("benefit-service"));
        org.hamcrest.MatcherAssert.assertThat((System.nanoTime() - started) / 1_000_000L, lessThan(5_000L));
    }

    @Test
    void aServiceThatDoesNotAnswerIsA504ProblemAfterTheTimeout() {
        given().auth().oauth2(Tokens.of("olga")).get("/api/reports/silent")
                .then().statusCode(504).contentType(PROBLEM)
                .body("type", equalTo("urn:commonground:problem:gateway-timeout"), "detail", containsString("reporting-service"))
                .time(lessThan(5_000L));
    }

    @Test
    void aPathNoServiceOwnsIsA404Problem() {
        given().auth().oauth2(Tokens.of("alice")).get("/api/nothing-here")
                .then().statusCode(404).contentType(PROBLEM).body("type", equalTo("urn:commonground:problem:not-found"));
    }

    @Test
    void aPathThatClimbsOutOfThePublicAreaIsRefused() {
        given().urlEncodingEnabled(false).get("/api/public/../members/me")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(401), equalTo(404)))
                .contentType(PROBLEM);
    }

    @Test
    void theApiOfEveryServiceIsOneDocumentAndAServiceThatIsDownIsNamed() {
        given().get("/openapi").then().statusCode(200)
                .body("openapi", equalTo("3.1.0"),
                        "paths.'/api/members/me'.get.tags", org.hamcrest.Matchers.hasItem("member-service"),
                        "components.schemas.Profile.type", equalTo("object"),
                        "components.securitySchemes.bearer.scheme", equalTo("bearer"),
                        "paths.'/api/members/me'.get.security[0]", org.hamcrest.Matchers.hasKey("bearer"),
                        "paths.'/api/consent-purposes'.get.security", org.hamcrest.Matchers.empty(),
                        "x-unavailable-services", equalTo(java.util.List.of("benefit-service")));
    }
}
