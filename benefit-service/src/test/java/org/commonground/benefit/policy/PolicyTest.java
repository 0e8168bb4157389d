package org.commonground.benefit.policy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.UUID;
import org.commonground.benefit.testing.Community;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PolicyTest {

    @Inject
    AgroalDataSource database;

    private long policies(Community community, UUID partnership) {
        return community.count("SELECT count(*) FROM benefit_policy WHERE partnership_id = '" + partnership + "'");
    }

    private static io.restassured.response.ValidatableResponse draft(String user, String body) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON).body(body).post("/api/policies").then();
    }

    @Test
    void aStewardDraftsAndPublishesAPolicyThatAnyoneCanRead() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        String id = draft("sam", Community.terms(partnership, "\"capShare\":\"0.4\",\"floorShare\":\"0.05\"")).statusCode(201)
                .body("status", equalTo("DRAFT")).body("version", equalTo(1)).body("impactMultipliers.HIGH", equalTo("3"))
                .extract().path("id");
        given().get("/api/public/policies/" + id).then().statusCode(404);
        given().get("/api/public/policies?partnershipId=" + partnership).then().statusCode(200).body("items.size()", equalTo(0));

        given().auth().oauth2(Tokens.of("sam")).post("/api/policies/" + id + "/publish").then().statusCode(200)
                .body("status", equalTo("PUBLISHED"));
        given().get("/api/public/policies/" + id).then().statusCode(200)
                .body("weights.CONTENT", equalTo("2")).body("weights.OTHER", equalTo("0")).body("capShare", equalTo("0.4"))
                .body("floorShare", equalTo("0.05")).body("recentDecay", equalTo("0.5"))
                .body("formats", contains("STIPEND", "PROFESSIONAL_DEVELOPMENT"))
                .body("rules", hasItem(org.hamcrest.Matchers.startsWith("points = weight")));
    }

    @Test
    void aPublishedVersionNeverChangesAndAChangeIsANewVersionWithANote() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        String first = Community.publishedPolicy(partnership, null);
        String etag = given().auth().oauth2(Tokens.of("sam")).get("/api/policies/" + first).then().statusCode(200).extract().header("ETag");
        given().auth().oauth2(Tokens.of("sam")).header("If-Match", etag).contentType(ContentType.JSON).body(Community.terms(partnership, null))
                .put("/api/policies/" + first).then().statusCode(409).body("rule", equalTo("published-is-immutable"));

        draft("sam", Community.terms(partnership, null)).statusCode(400).body("errors.field", hasItem("changeNote"));
        String second = draft("sam", Community.terms(partnership, "\"changeNote\":\"Mentoring counts more: members asked for it.\""))
                .statusCode(201).body("version", equalTo(2)).extract().path("id");
        draft("sam", Community.terms(partnership, "\"changeNote\":\"A second draft.\"")).statusCode(409).body("rule", equalTo("one-draft"));
        given().auth().oauth2(Tokens.of("sam")).post("/api/policies/" + second + "/publish").then().statusCode(200);
        given().get("/api/public/policies?partnershipId=" + partnership).then().statusCode(200).body("items.version", contains(2, 1))
                .body("items[0].changeNote", equalTo("Mentoring counts more: members asked for it."));
    }

    @Test
    void aDraftChangesOnlyWithTheVersionItWasReadAt() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        var created = draft("sam", Community.terms(partnership, null)).statusCode(201).extract();
        String id = created.path("id");
        String etag = created.header("ETag");
        given().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON).body(Community.terms(partnership, "\"capShare\":\"0.5\""))
                .put("/api/policies/" + id).then().statusCode(428);
        given().auth().oauth2(Tokens.of("sam")).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Community.terms(partnership, "\"capShare\":\"0.5\"")).put("/api/policies/" + id).then().statusCode(200)
                .body("capShare", equalTo("0.5"));
        given().auth().oauth2(Tokens.of("sam")).header("If-Match", etag).contentType(ContentType.JSON)
                .body(Community.terms(partnership, "\"capShare\":\"0.6\"")).put("/api/policies/" + id).then().statusCode(412);
    }

    @Test
    void badTermsAreRefusedNamingTheFieldAndNothingIsWritten() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        String negative = Community.terms(partnership, null).replace("\"CONTENT\":\"2\"", "\"CONTENT\":\"-2\"");
        draft("sam", negative).statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("weights.CONTENT"));
        String missing = Community.terms(partnership, null).replace("\"OUTREACH\":\"1\",", "");
        draft("sam", missing).statusCode(400).body("errors.field", hasItem("weights.OUTREACH"));
        draft("sam", Community.terms(partnership, "\"capShare\":\"0.1\",\"floorShare\":\"0.2\"")).statusCode(400)
                .body("errors.field", hasItem("floorShare"));
        draft("sam", Community.terms(partnership, "\"impactMultipliers\":{\"LOW\":\"-1\"}")).statusCode(400)
                .body("errors.field", hasItem("impactMultipliers.LOW"));
        draft("sam", Community.terms(partnership, null).replace("\"STIPEND\"", "\"GOLD\"")).statusCode(400)
                .body("errors.field", hasItem(org.hamcrest.Matchers.startsWith("formats")));
        draft("sam", Community.terms(partnership, "\"recentDecay\":\"1.5\"")).statusCode(400).body("errors.field", hasItem("recentDecay"));
        draft("sam", Community.terms(partnership, "\"impactMultipliers\":{\"HIGH\":null}")).statusCode(400)
                .body("errors.field", hasItem("impactMultipliers.HIGH"));
        draft("sam", Community.terms(partnership, null).replace("\"CONTENT\":\"2\"", "\"CONTENT\":null")).statusCode(400)
                .body("errors.field", hasItem("weights.CONTENT"));
        draft("sam", Community.terms(partnership, null).replace("\"CONTENT\":\"2\"", "\"CONTENT\":\"99999999\"")).statusCode(400)
                .body("errors.field", hasItem("weights.CONTENT"));
        draft("sam", Community.terms(partnership, null).replaceAll("\"reviewOn\":\"[0-9-]+\"", "\"reviewOn\":\"2020-01-01\""))
                .statusCode(400).body("errors.field", hasItem("reviewOn"));
        assertEquals(0, policies(community, partnership));
    }

    @Test
    void onlyThePartnershipsStewardsAndAdminsWritePolicies() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        draft("alice", Community.terms(partnership, null)).statusCode(403);
        draft("tess", Community.terms(partnership, null)).statusCode(403); // a steward, not of this partnership
        draft("audrey", Community.terms(partnership, null)).statusCode(403);
        given().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).contentType(ContentType.JSON)
                .body(Community.terms(partnership, null)).post("/api/policies").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Community.terms(partnership, null)).post("/api/policies").then().statusCode(401);
        assertEquals(0, policies(community, partnership));
        String id = draft("olga", Community.terms(partnership, null)).statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.of("tess")).post("/api/policies/" + id + "/publish").then().statusCode(403);
        // the auditor reads the draft, and changes nothing
        given().auth().oauth2(Tokens.of("audrey")).get("/api/policies/" + id).then().statusCode(200).body("status", equalTo("DRAFT"));
        given().auth().oauth2(Tokens.of("audrey")).post("/api/policies/" + id + "/publish").then().statusCode(403);
        draft("sam", Community.terms(UUID.randomUUID(), null)).statusCode(404);
    }
}
