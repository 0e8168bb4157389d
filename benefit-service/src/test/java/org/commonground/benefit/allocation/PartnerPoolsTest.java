package org.commonground.benefit.allocation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.testing.Community;
import org.commonground.platform.security.PartnerPseudonyms;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** A partner reads how its pools were shared, each member by the pseudonym it knows them by, and never another's pools. */
@QuarkusTest
class PartnerPoolsTest {

    @Inject
    AgroalDataSource database;

    @Inject
    PartnerPseudonyms pseudonyms;

    private static String acme() {
        return Tokens.partner("partner-acme", "partner-acme-secret");
    }

    private static String globex() {
        return Tokens.partner("partner-globex", "partner-globex-secret");
    }

    @Test
    void aPartnerSeesItsPoolsSharesByItsOwnPseudonymsAndAnotherPartnerFindsNothing() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID alice = community.member("alice");
        UUID bob = community.member("bob");
        LocalDate day = LocalDate.now().minusDays(1);
        Community.verify(partnership, alice, "CONTENT", "3", "MEDIUM", day);
        Community.verify(partnership, bob, "TRAINING", "2", "LOW", day);
        await().atMost(Community.PATIENCE).until(() -> community.count("SELECT count(*) FROM credited_contribution WHERE partnership_id = '"
                + partnership + "' AND points IS NOT NULL") == 2);
        String pool = given().auth().oauth2(acme()).contentType(ContentType.JSON).body("{\"partnershipId\":\"" + partnership
                        + "\",\"name\":\"Stipends\",\"amount\":\"1000.00\",\"currency\":\"EUR\",\"format\":\"STIPEND\",\"periodFrom\":\""
                        + day.minusDays(10) + "\",\"periodTo\":\"" + day + "\",\"method\":\"PROPORTIONAL\"}")
                .post("/api/pools").then().statusCode(201).extract().path("id");

        // before it is shared: the pool, and no lines
        given().auth().oauth2(acme()).get("/api/partner/pools/" + pool).then().statusCode(200)
                .body("aggregate.status", equalTo("OPEN"), "lines.size()", equalTo(0));
        String allocation = given().auth().oauth2(Tokens.of("sam")).post("/api/pools/" + pool + "/allocations").then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(Tokens.of("olga")).post("/api/allocations/" + allocation + "/publish").then().statusCode(200);

        given().auth().oauth2(acme()).get("/api/partner/pools?partnershipId=" + partnership).then().statusCode(200)
                .body("id", hasItem(pool));
        given().auth().oauth2(acme()).get("/api/partner/pools").then().statusCode(200).body("id", hasItem(pool));
        JsonPath shared = given().auth().oauth2(acme()).get("/api/partner/pools/" + pool).then().statusCode(200).extract().jsonPath();
        assertEquals("ALLOCATED", shared.getString("aggregate.status"));
        assertEquals(List.of("857.14", "142.86"), shared.getList("lines.amount"));
        assertEquals(List.of(pseudonyms.of("acme", alice), pseudonyms.of("acme", bob)), shared.getList("lines.participant"));
        assertEquals(List.of("0.857143", "0.142857"), shared.getList("lines.share"));
        assertNotEquals(pseudonyms.of("acme", alice), pseudonyms.of("globex", alice));

        // another partner: not found, whether the pool, its partnership, or nothing at all
        given().auth().oauth2(globex()).get("/api/partner/pools/" + pool).then().statusCode(404).contentType("application/problem+json");
        String unknown = given().auth().oauth2(globex()).get("/api/partner/pools?partnershipId=" + UUID.randomUUID()).then().statusCode(404)
                .extract().path("detail");
        String another = given().auth().oauth2(globex()).get("/api/partner/pools?partnershipId=" + partnership).then().statusCode(404)
                .extract().path("detail");
        assertEquals(unknown.replaceAll("[0-9a-f-]{36}", "<id>"), another.replaceAll("[0-9a-f-]{36}", "<id>"), "nothing tells them apart");
        given().auth().oauth2(globex()).get("/api/partner/pools").then().statusCode(200).body("id", org.hamcrest.Matchers.not(hasItem(pool)));
        given().auth().oauth2(acme()).get("/api/partner/pools/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(Tokens.of("alice")).get("/api/partner/pools/" + pool).then().statusCode(403);
        given().get("/api/partner/pools/" + pool).then().statusCode(401);
    }
}
