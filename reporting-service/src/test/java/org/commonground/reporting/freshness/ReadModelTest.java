package org.commonground.reporting.freshness;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReadModelTest {

    @Test
    void adminsAndAuditorsSeeHowFreshEachReadModelIs() {
        for (String user : new String[] {"olga", "audrey"}) {
            given().auth().oauth2(Tokens.of(user)).get("/api/reports/read-models")
                    .then().statusCode(200)
                    .body("name", hasItems("scorecard", "participation-gaps", "transparency-report", "dashboard"));
        }
    }

    @Test
    void membersStewardsAndPartnersMayNot() {
        for (String user : new String[] {"alice", "sam"}) {
            given().auth().oauth2(Tokens.of(user)).get("/api/reports/read-models")
                    .then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("urn:commonground:problem:forbidden"));
        }
        given().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).get("/api/reports/read-models")
                .then().statusCode(403);
        given().get("/api/reports/read-models").then().statusCode(401);
    }
}
