package org.commonground.benefit.preference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.commonground.benefit.testing.Community;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RewardPreferenceTest {

    @Inject
    AgroalDataSource database;

    private static io.restassured.response.ValidatableResponse choose(String user, String body) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON).body(body).put("/api/members/me/reward-preferences").then();
    }

    @Test
    void aMemberWhoNeverChoseAcceptsEveryFormatAndChoosesTheirOwnOrder() {
        new Community(database).member("alice");
        given().auth().oauth2(Tokens.of("alice")).get("/api/members/me/reward-preferences").then().statusCode(200)
                .body("chosen", equalTo(false)).body("accepts", contains("STIPEND", "PROFESSIONAL_DEVELOPMENT", "EXPOSURE"));
        choose("alice", "{\"accepts\":[\"EXPOSURE\",\"STIPEND\"]}").statusCode(200).body("accepts", contains("EXPOSURE", "STIPEND"));
        given().auth().oauth2(Tokens.of("alice")).get("/api/members/me/reward-preferences").then().statusCode(200)
                .body("chosen", equalTo(true)).body("accepts", contains("EXPOSURE", "STIPEND"));
    }

    @Test
    void eachMemberSeesAndChangesOnlyTheirOwn() {
        Community community = new Community(database);
        community.member("bob");
        community.member("tess");
        choose("bob", "{\"accepts\":[\"EXPOSURE\"]}").statusCode(200);
        choose("tess", "{\"accepts\":[]}").statusCode(200).body("accepts.size()", equalTo(0));
        given().auth().oauth2(Tokens.of("bob")).get("/api/members/me/reward-preferences").then().body("accepts", contains("EXPOSURE"));
    }

    @Test
    void anUnknownOrRepeatedFormatIsRefusedNamingTheFieldAndNothingChanges() {
        new Community(database).member("carol");
        choose("carol", "{\"accepts\":[\"EXPOSURE\"]}").statusCode(200);
        choose("carol", "{\"accepts\":[\"GOLD\"]}").statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(org.hamcrest.Matchers.startsWith("accepts")));
        choose("carol", "{\"accepts\":[\"EXPOSURE\",\"EXPOSURE\"]}").statusCode(400).body("errors.field", hasItem("accepts"));
        choose("carol", "{}").statusCode(400).body("errors.field", hasItem("accepts"));
        given().auth().oauth2(Tokens.of("carol")).get("/api/members/me/reward-preferences").then().body("accepts", contains("EXPOSURE"));
    }

    @Test
    void onlyMembersHaveRewardPreferencesAndBenefits() {
        given().auth().oauth2(Tokens.of("audrey")).get("/api/members/me/reward-preferences").then().statusCode(403);
        given().auth().oauth2(Tokens.of("audrey")).get("/api/members/me/benefits").then().statusCode(403);
        given().get("/api/members/me/reward-preferences").then().statusCode(401).contentType("application/problem+json");
        given().get("/api/members/me/benefits").then().statusCode(401);
    }
}
