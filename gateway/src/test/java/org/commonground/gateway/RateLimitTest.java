package org.commonground.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** Over its limit, a caller gets 429 with Retry-After, whoever it is: a subject, a partner's client, an address. */
@QuarkusTest
@QuarkusTestResource(UpstreamStub.class)
@TestProfile(RateLimitTest.LowLimits.class)
class RateLimitTest {

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.rate-limit.per-subject-per-minute", "6", "gateway.rate-limit.per-subject-burst", "5",
                    "gateway.rate-limit.per-client-per-minute", "6", "gateway.rate-limit.per-client-burst", "3",
                    "gateway.rate-limit.per-address-per-minute", "6", "gateway.rate-limit.per-address-burst", "4");
        }
    }

    @Test
    void aSubjectOverItsLimitIsToldToWaitAndOthersAreNot() {
        String carol = Tokens.of("carol");
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(carol).get("/api/members/me").then().statusCode(200);
        }
        given().auth().oauth2(carol).get("/api/members/me").then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", equalTo("10")) // one request every 10 s at 6 a minute
                .body("type", equalTo("urn:commonground:problem:too-many-requests"), "detail", containsString("try again in 10 s"));
        given().auth().oauth2(Tokens.of("tess")).get("/api/members/me").then().statusCode(200);
    }

    @Test
    void aPartnerClientHasALimitOfItsOwn() {
        String acme = Tokens.partner("partner-acme", "partner-acme-secret");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(acme).get("/api/partner/me").then().statusCode(200);
        }
        given().auth().oauth2(acme).get("/api/partner/me").then().statusCode(429).body("detail", containsString("partner-acme"));
    }

    @Test
    void anAddressWithoutATokenIsLimitedToo() {
        int passed = 0;
        int refused = 0;
        for (int i = 0; i < 8; i++) {
            int status = given().get("/api/public/partnerships").statusCode();
            passed += status == 200 ? 1 : 0;
            refused += status == 429 ? 1 : 0;
        }
        assertTrue(passed <= 4, passed + " passed");
        assertEquals(8, passed + refused);
    }

    @Test
    void theBucketRefillsAtItsRate() {
        RateLimits limits = new RateLimits();
        RateLimits.Limit limit = new RateLimits.Limit(60, 2); // one a second, two at once
        long t = 0;
        assertEquals(0, limits.take("k", limit, t));
        assertEquals(0, limits.take("k", limit, t));
        assertEquals(1, limits.take("k", limit, t), "empty: a token is back in a second");
        assertEquals(0, limits.take("k", limit, t + 1_000_000_000L), "refilled one");
        assertEquals(1, limits.take("k", limit, t + 1_000_000_000L));
        assertEquals(0, limits.take("other", limit, t), "each key its own bucket");
        limits.forgetIdle(java.time.Duration.ofSeconds(5), t + 10_000_000_000L);
        assertEquals(0, limits.size(), "idle buckets are forgotten");
    }
}
