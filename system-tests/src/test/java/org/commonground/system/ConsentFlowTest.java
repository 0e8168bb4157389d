package org.commonground.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** A member's consent, from her decision to the public tally, through the gateway with real tokens. */
class ConsentFlowTest {

    static long members(String purpose) {
        return ((Number) Suite.api().get("/api/public/consents").then().statusCode(200).extract()
                .path("purposes.find { it.purpose == '" + purpose + "' }.members")).longValue();
    }

    static boolean granted(String user, String purpose) {
        return Suite.api().auth().oauth2(Tokens.of(user)).get("/api/members/me/consents").then().statusCode(200)
                .extract().<Boolean>path("find { it.purpose == '" + purpose + "' && it.partnershipId == null }.granted");
    }

    static void decide(String user, String purpose, boolean granted) {
        Suite.api().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON).body("{\"granted\":" + granted + "}")
                .put("/api/members/me/consents/" + purpose)
                .then().statusCode(200).body("granted", equalTo(granted));
    }

    @Test
    void aliceGrantsPublicRecognitionAndThePublicTallyFollowsHerBothWays() {
        String alice = Tokens.of("alice");
        Suite.joined("alice");
        Suite.api().auth().oauth2(alice).contentType(ContentType.JSON).body("{\"displayName\":\"Alice again\"}")
                .post("/api/members").then().statusCode(409).contentType("application/problem+json");

        Suite.api().auth().oauth2(alice).get("/api/consent-purposes").then().statusCode(200)
                .body("$", hasSize(5), "purpose", hasItem("public-recognition"));
        if (granted("alice", "public-recognition")) {
            decide("alice", "public-recognition", false);
        }
        long before = members("public-recognition");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(20)).until(() -> members("public-recognition") == before);

        decide("alice", "public-recognition", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> members("public-recognition") == before + 1);

        decide("alice", "public-recognition", false);
        await().atMost(Duration.ofSeconds(20)).until(() -> members("public-recognition") == before);
    }

    @Test
    void anUnknownPurposeOrABodyThatIsNotGrantedTrueOrFalseChangesNothing() {
        Suite.joined("carol");
        var consentsBefore = Suite.api().auth().oauth2(Tokens.of("carol")).get("/api/members/me/consents").then()
                .statusCode(200).extract().asString();
        Suite.api().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).body("{\"granted\":true}")
                .put("/api/members/me/consents/sell-my-data")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("sell-my-data"));
        for (String body : List.of("{\"granted\":\"yes\"}", "{}", "{\"granted\":true,\"scope\":\"everything\"}", "nonsense")) {
            Suite.api().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).body(body)
                    .put("/api/members/me/consents/impact-stories")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        Suite.api().auth().oauth2(Tokens.of("carol")).get("/api/members/me/consents").then().statusCode(200)
                .body(equalTo(consentsBefore));
    }
}
