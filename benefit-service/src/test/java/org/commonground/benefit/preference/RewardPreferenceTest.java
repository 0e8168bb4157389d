package org.commonground.benefit.preference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RewardPreferenceTest {

    private static void choose(String member, String format) {
        given().auth().oauth2(Tokens.of(member)).contentType(ContentType.JSON).body("{\"format\":\"" + format + "\"}")
                .put("/api/reward-preferences/me")
                .then().statusCode(200).body("format", equalTo(format));
    }

    @Test
    void aMemberChoosesAndChangesTheirRewardFormat() {
        choose("alice", "STIPEND");
        choose("alice", "PROFESSIONAL_DEVELOPMENT");
        given().auth().oauth2(Tokens.of("alice")).get("/api/reward-preferences/me")
                .then().statusCode(200).body("format", equalTo("PROFESSIONAL_DEVELOPMENT"));
    }

    @Test
    void eachMemberSeesOnlyTheirOwnChoice() {
        choose("bob", "EXPOSURE");
        choose("tess", "STIPEND");
        given().auth().oauth2(Tokens.of("bob")).get("/api/reward-preferences/me")
                .then().statusCode(200).body("format", equalTo("EXPOSURE"));
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheFieldAndNothingChanges() {
        choose("carol", "EXPOSURE");
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).body("{\"format\":\"GOLD\"}")
                .put("/api/reward-preferences/me")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("format"));
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).body("{}")
                .put("/api/reward-preferences/me")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("format"));
        given().auth().oauth2(Tokens.of("carol")).get("/api/reward-preferences/me")
                .then().statusCode(200).body("format", equalTo("EXPOSURE"));
    }

    @Test
    void onlyMembersHaveRewardPreferences() {
        given().auth().oauth2(Tokens.of("audrey")).get("/api/reward-preferences/me").then().statusCode(403);
        given().get("/api/reward-preferences/me").then().statusCode(401).contentType("application/problem+json");
    }
}
