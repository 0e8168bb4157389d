package org.commonground.system;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** The first steps of a community, end to end through the gateway, with real tokens. */
class CommunityFlowTest {

    @Test
    void aMemberJoinsAndChoosesHowToBeRewarded() {
        String bob = Tokens.of("bob");
        int status = Suite.api().auth().oauth2(bob).contentType(ContentType.JSON).body("{\"displayName\":\"Bob B.\"}")
                .post("/api/members").then().extract().statusCode();
        org.junit.jupiter.api.Assertions.assertTrue(status == 201 || status == 409, "joins, or had joined: " + status);
        Suite.api().auth().oauth2(bob).get("/api/members/me").then().statusCode(200).body("id", notNullValue());

        // benefit-service learns of the new member from member-service's event
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Suite.api().auth().oauth2(bob)
                .contentType(ContentType.JSON).body("{\"accepts\":[\"EXPOSURE\",\"STIPEND\"]}")
                .put("/api/members/me/reward-preferences").statusCode() == 200);
        Suite.api().auth().oauth2(bob).get("/api/members/me/reward-preferences").then().statusCode(200)
                .body("accepts", org.hamcrest.Matchers.contains("EXPOSURE", "STIPEND"));
    }

    @Test
    void aStewardStartsAPartnershipEveryoneCanRead() {
        String id = Suite.api().auth().oauth2(Tokens.of("tess")).contentType(ContentType.JSON)
                .body("{\"name\":\"Community garden\",\"partnerName\":\"Globex\",\"memberNeeds\":\"Members need this.\",\"partnerContributes\":\"Money and tools.\",\"communityContributes\":\"Time and care.\","
                        + "\"purpose\":\"Grow food together on the empty lot behind the school.\"}")
                .post("/api/partnerships")
                .then().statusCode(201).header("Location", notNullValue()).extract().path("id");
        Suite.api().get("/api/public/partnerships/" + id).then().statusCode(200).body("name", equalTo("Community garden"));
        Suite.api().queryParam("limit", 100).get("/api/public/partnerships").then().statusCode(200);
        Suite.api().auth().oauth2(Tokens.of("bob")).contentType(ContentType.JSON)
                .body("{\"name\":\"Mine\",\"partnerName\":\"Globex\",\"memberNeeds\":\"Members need this.\",\"partnerContributes\":\"Money and tools.\",\"communityContributes\":\"Time and care.\",\"purpose\":\"A partnership only for me and my friends.\"}")
                .post("/api/partnerships")
                .then().statusCode(403).body("type", equalTo("urn:commonground:problem:forbidden"));
    }
}
