package org.commonground.system;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * From a verified contribution to a published allocation and the member's explanation, through the gateway: the
 * contribution travels from initiative-service to benefit-service's ledger over Kafka.
 */
class BenefitFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static RequestSpecification as(String user) {
        return Suite.api().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    private static RequestSpecification asAcme() {
        return Suite.api().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).contentType(ContentType.JSON);
    }

    @Test
    void aVerifiedContributionBecomesAPublishedAllocationThatTheMemberSeesExplained() {
        Suite.joined("bob");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String partnership = as("sam").body("{\"name\":\"Bike kitchen " + UUID.randomUUID() + "\",\"partnerName\":\"Acme Hardware\","
                        + "\"partnerOrganization\":\"acme\",\"purpose\":\"Fix bikes together and lend them to members who need one.\","
                        + "\"memberNeeds\":\"Getting to work is hard without a bike.\",\"partnerContributes\":\"Parts and a workshop.\","
                        + "\"communityContributes\":\"Mechanics and riders.\"}")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");

        // the benefit policy, once benefit-service has learned of the partnership and its steward
        String terms = "{\"partnershipId\":\"" + partnership + "\",\"weights\":{\"CONTENT\":\"1\",\"EVENT_ORGANIZATION\":\"1\","
                + "\"ADVISORY\":\"1\",\"MENTORING\":\"1\",\"TRAINING\":\"2\",\"FACILITATION\":\"1\",\"RESEARCH\":\"1\",\"OUTREACH\":\"1\","
                + "\"OTHER\":\"1\"},\"formats\":[\"STIPEND\"],\"reviewOn\":\"" + today.plusMonths(6) + "\"}";
        String key = UUID.randomUUID().toString();
        Awaitility.await().atMost(PATIENCE).until(() -> as("sam").header("Idempotency-Key", key).body(terms).post("/api/policies")
                .statusCode() == 201);
        String policy = as("sam").header("Idempotency-Key", key).body(terms).post("/api/policies").then().statusCode(201).extract().path("id");
        as("sam").post("/api/policies/" + policy + "/publish").then().statusCode(200);

        // bob takes part in an initiative, records half an hour of training, and sam verifies it (2 × 0.5 h × HIGH 3 = 3 points)
        String proposal = "{\"kind\":\"PROGRAM\",\"title\":\"Saturday bike school\",\"problem\":\"Nobody can fix a chain.\","
                + "\"approach\":\"Teach one repair a week.\"}";
        String proposalKey = UUID.randomUUID().toString();
        Awaitility.await().atMost(PATIENCE).until(() -> as("bob").header("Idempotency-Key", proposalKey).body(proposal)
                .post("/api/partnerships/" + partnership + "/initiatives").statusCode() == 201);
        String initiative = as("bob").header("Idempotency-Key", proposalKey).body(proposal)
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201, 204));
        String contribution = as("bob").body("{\"type\":\"TRAINING\",\"description\":\"Taught how to fix a chain.\",\"hours\":0.5,"
                        + "\"occurredOn\":\"" + today + "\"}")
                .post("/api/initiatives/" + initiative + "/contributions").then().statusCode(201).extract().path("id");
        as("sam").body("{\"impact\":\"HIGH\"}").post("/api/contributions/" + contribution + "/verify").then().statusCode(200);
        Awaitility.await().atMost(PATIENCE).untilAsserted(() -> Suite.api().get("/api/public/ledger/" + partnership).then()
                .statusCode(200).body("items.contributionId", hasItem(contribution)));

        // the partner puts up a pool; sam computes the allocation, the partner checks and publishes it
        String pool = asAcme().body("{\"partnershipId\":\"" + partnership + "\",\"name\":\"Spring stipends\",\"amount\":\"90.00\","
                        + "\"currency\":\"EUR\",\"format\":\"STIPEND\",\"periodFrom\":\"" + today.minusDays(30) + "\",\"periodTo\":\""
                        + today + "\",\"method\":\"PROPORTIONAL\"}")
                .post("/api/pools").then().statusCode(201).extract().path("id");
        JsonPath draft = as("sam").post("/api/pools/" + pool + "/allocations").then().statusCode(201).extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertEquals(List.of("90.00"), draft.getList("lines.amount"));
        as("sam").post("/api/allocations/" + draft.getString("id") + "/publish").then().statusCode(403).body("rule", equalTo("four-eyes"));
        asAcme().post("/api/allocations/" + draft.getString("id") + "/publish").then().statusCode(200).body("status", equalTo("PUBLISHED"));

        // bob sees what he received and why; anyone sees the pool's arithmetic and verifies the ledger
        as("bob").get("/api/members/me/benefits").then().statusCode(200)
                .body("items.find { it.pool.id == '" + pool + "' }.amount", equalTo("90.00"))
                .body("items.find { it.pool.id == '" + pool + "' }.contributions.points", hasItem("3"));
        Suite.api().get("/api/public/pools/" + pool).then().statusCode(200).body("status", equalTo("ALLOCATED"))
                .body("allocated", equalTo("90.00"));
        Suite.api().get("/api/public/ledger/" + partnership + "/verification").then().statusCode(200).body("valid", equalTo(true));
    }
}
