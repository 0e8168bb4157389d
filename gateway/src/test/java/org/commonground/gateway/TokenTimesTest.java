package org.commonground.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;

/**
 * A token's times, checked by the gateway: not before its {@code nbf}, not after its {@code exp}. Keycloak never issues
 * a token that is not yet valid, so this test signs its own with a key it holds, configured as the gateway's only
 * verification key (the realm's other checks stay as configured: issuer and audience); a token made the same way with
 * valid times passes, so a refusal here is for the time alone.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamStub.class)
@TestProfile(TokenTimesTest.OwnKey.class)
class TokenTimesTest {

    static final String ISSUER = "https://identity.commonground.test/realms/commonground";
    static final KeyPair KEYS = keys();

    public static class OwnKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.oidc.public-key", Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded()),
                    "quarkus.oidc.token.issuer", ISSUER, "quarkus.keycloak.devservices.enabled", "false",
                    "quarkus.oidc.auth-server-url", "", "quarkus.oidc.discovery-enabled", "false");
        }
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(Consumer<JwtClaims> times) throws JoseException {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience("commonground-api");
        claims.setSubject("a-member");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setClaim("realm_access", Map.of("roles", List.of("member")));
        times.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(KEYS.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static NumericDate minutesFromNow(int minutes) {
        NumericDate at = NumericDate.now();
        at.addSeconds(minutes * 60L);
        return at;
    }

    @Test
    void aTokenWithValidTimesPasses() throws JoseException {
        String token = token(c -> c.setNotBefore(minutesFromNow(-1)));
        given().auth().oauth2(token).get("/api/members/me").then().statusCode(200).body("uri", equalTo("/api/members/me"));
    }

    @Test
    void aTokenThatIsNotYetValidIsRefused() throws JoseException {
        String token = token(c -> c.setNotBefore(minutesFromNow(10)));
        given().auth().oauth2(token).get("/api/members/me").then().statusCode(401);
    }

    @Test
    void anExpiredTokenIsRefused() throws JoseException {
        String token = token(c -> {
            c.setIssuedAt(minutesFromNow(-20));
            c.setExpirationTime(minutesFromNow(-10));
        });
        given().auth().oauth2(token).get("/api/members/me").then().statusCode(401);
    }

    @Test
    void aTokenAcceptedBeforeIsRefusedFromItsExpiryOn() throws JoseException {
        // verified tokens are remembered (VerifiedTokens): never past their exp
        NumericDate soon = NumericDate.now();
        soon.addSeconds(3);
        String token = token(c -> c.setExpirationTime(soon));
        given().auth().oauth2(token).get("/api/members/me").then().statusCode(200);
        given().auth().oauth2(token).get("/api/members/me").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(200))
                .untilAsserted(() -> given().auth().oauth2(token).get("/api/members/me").then().statusCode(401));
    }

    @Test
    void anAlteredCopyOfAnAcceptedTokenIsRefused() throws JoseException {
        String token = token(c -> c.setNotBefore(minutesFromNow(-1)));
        given().auth().oauth2(token).get("/api/members/me").then().statusCode(200);
        int dot = token.lastIndexOf('.');
        String altered = token.substring(0, dot + 3) + (token.charAt(dot + 3) == 'x' ? 'y' : 'x') + token.substring(dot + 4);
        given().auth().oauth2(altered).get("/api/members/me").then().statusCode(401);
        given().auth().oauth2(token).get("/api/members/me").then().statusCode(200);
    }

    @Test
    void aTokenOfAnotherIssuerSignedWithTheSameKeyIsRefused() throws JoseException {
        String token = token(c -> c.setIssuer("https://identity.elsewhere.test/realms/commonground"));
        given().auth().oauth2(token).get("/api/members/me").then().statusCode(401);
    }
}
