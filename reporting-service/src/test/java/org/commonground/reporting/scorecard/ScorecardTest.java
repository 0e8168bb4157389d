package org.commonground.reporting.scorecard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.junit.jupiter.api.Test;

/** The scorecard and participation gaps of a partnership, built from events on the real test Kafka. */
@QuarkusTest
class ScorecardTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String MONTH = YearMonth.now(ZoneOffset.UTC).toString();

    private static String figure(JsonPath card, String key) {
        return card.getString("sections.figures.flatten().find { it.key == '" + key + "' }.value");
    }

    private static ObjectNode node(String... pairs) {
        ObjectNode n = JSON.objectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            n.put(pairs[i], pairs[i + 1]);
        }
        return n;
    }

    /** A partnership of twelve members (eight in one group, four in another), all contributing, all paid. */
    private static UUID community(UUID groupA, UUID groupB) {
        UUID partnership = UUID.randomUUID();
        UUID initiative = UUID.randomUUID();
        String now = Instant.now().toString();
        String p = partnership.toString();
        String i = initiative.toString();
        UUID pool = UUID.randomUUID();
        EventBus.publish(EventType.PARTNERSHIP_PUBLISHED, p, node("partnershipId", p, "name", "Scorecard test", "partnerName", "Acme", "at", now));
        EventBus.publish(EventType.INITIATIVE_PROPOSED, i, node("initiativeId", i, "partnershipId", p, "title", "Repair school", "kind", "PILOT", "at", now));
        EventBus.publish(EventType.INITIATIVE_STAGE_CHANGED, i, node("initiativeId", i, "partnershipId", p, "from", "PROPOSED", "to", "CO_DESIGN", "at", now));
        List<String> members = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            String member = UUID.randomUUID().toString();
            members.add(member);
            ObjectNode joined = node("memberId", member, "at", now);
            joined.putArray("groupIds").add((m < 8 ? groupA : groupB).toString());
            EventBus.publish(EventType.MEMBER_JOINED, member, joined);
            EventBus.publish(EventType.INITIATIVE_PARTICIPANT_JOINED, i, node("initiativeId", i, "partnershipId", p, "memberId", member, "at", now));
            ObjectNode verified = node("contributionId", UUID.randomUUID().toString(), "memberId", member, "initiativeId", i, "partnershipId", p,
                    "type", m < 3 ? "MENTORING" : "CONTENT", "impact", "MEDIUM", "occurredOn", LocalDate.now(ZoneOffset.UTC).toString(), "at", now);
            verified.put("hours", 2);
            EventBus.publish(EventType.CONTRIBUTION_VERIFIED, member, verified);
            ObjectNode allocation = node("poolId", pool.toString(), "partnershipId", p, "memberId", member, "points", m == 0 ? "90" : "10",
                    "share", "0.1", "amount", m == 0 ? "900.00" : "100.00", "currency", "EUR", "format", "STIPEND", "at", now);
            allocation.put("policyVersion", 1);
            EventBus.publish(EventType.ALLOCATION_PUBLISHED, member, allocation);
            if (m < 10) {
                ObjectNode feedback = node("initiativeId", i, "partnershipId", p, "at", now);
                feedback.put("satisfaction", m < 5 ? 5 : 4).put("fairness", 4);
                EventBus.publish(EventType.INITIATIVE_FEEDBACK_SUBMITTED, i, feedback);
            }
        }
        return partnership;
    }

    @Test
    void theScorecardShowsEachMeasureWithItsDefinitionAndHidesSmallGroups() {
        UUID groupA = UUID.randomUUID();
        UUID groupB = UUID.randomUUID();
        UUID partnership = community(groupA, groupB);
        await().atMost(Duration.ofSeconds(90)).until(() -> "10".equals(figure(given().get("/api/public/scorecard?partnershipId=" + partnership
                + "&period=" + MONTH).then().extract().jsonPath(), "answers")) && "12".equals(figure(given()
                .get("/api/public/scorecard?partnershipId=" + partnership + "&period=" + MONTH).then().extract().jsonPath(), "activeMembers")));
        JsonPath card = given().get("/api/public/scorecard?partnershipId=" + partnership + "&period=" + MONTH).then().statusCode(200)
                .extract().jsonPath();
        org.junit.jupiter.api.Assertions.assertAll(
                () -> org.junit.jupiter.api.Assertions.assertEquals("12", figure(card, "activeMembers")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("1.000", figure(card, "shareReceivingBenefit")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("2000.00", figure(card, "totalBenefits")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("100.00", figure(card, "medianBenefit")),
                // by hand: eleven of 100 and one of 900; Σ|xi − xj| = 2·11·800 = 17600; 2n²x̄ = 2·144·(2000/12) = 48000
                () -> org.junit.jupiter.api.Assertions.assertEquals("0.3667", figure(card, "gini")),
                // points followed money exactly (90:10 each for 900:100 each)
                () -> org.junit.jupiter.api.Assertions.assertEquals("0", figure(card, "pointsBenefitsGap")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("fewer than 10", figure(card, "skillMembers")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("3", figure(card, "skillContributions")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("4.50", figure(card, "meanSatisfaction")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("1", figure(card, "initiativesCO_DESIGN")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("12", figure(card, "participantsReached")));
        given().get("/api/public/scorecard?partnershipId=" + partnership + "&period=" + MONTH).then()
                .body("sections.figures.flatten().definition", hasItem(Measures.GINI))
                .body("previousPeriod", equalTo(YearMonth.now(ZoneOffset.UTC).minusMonths(1).toString()))
                .body("sections.figures.flatten().find { it.key == 'activeMembers' }.change", equalTo("+12"));

        // participation gaps: both groups are small, and neither can be worked out from the total
        given().get("/api/public/participation?partnershipId=" + partnership + "&period=" + MONTH).then().statusCode(200)
                .body("groups.find { it.groupId == '" + groupA + "' }.members", equalTo("fewer than 10"))
                .body("groups.find { it.groupId == '" + groupB + "' }.participants", equalTo("fewer than 10"))
                .body("initiatives[0].participants", equalTo("12"));
    }

    @Test
    void rebuildingFromTheTopicsGivesTheSameViewsAsTheLiveConsumers() {
        UUID partnership = community(UUID.randomUUID(), UUID.randomUUID());
        String url = "/api/public/scorecard?partnershipId=" + partnership + "&period=" + MONTH;
        await().atMost(Duration.ofSeconds(90)).until(() -> "10".equals(figure(given().get(url).then().extract().jsonPath(), "answers"))
                && "12".equals(figure(given().get(url).then().extract().jsonPath(), "activeMembers")));
        Object live = given().get(url).then().extract().jsonPath().get("sections");

        given().auth().oauth2(org.commonground.platform.testing.Tokens.of("sam")).post("/api/reports/read-models/rebuild").then().statusCode(403);
        given().auth().oauth2(org.commonground.platform.testing.Tokens.of("olga")).post("/api/reports/read-models/rebuild").then()
                .statusCode(200).body("allSame", equalTo(true)).body("replaced", equalTo(false))
                .body("tables.find { it.table == 'contribution_fact' }.same", equalTo(true));
        given().auth().oauth2(org.commonground.platform.testing.Tokens.of("olga")).post("/api/reports/read-models/rebuild?replace=true")
                .then().statusCode(200).body("allSame", equalTo(true)).body("replaced", equalTo(true));
        org.junit.jupiter.api.Assertions.assertEquals(live, given().get(url).then().extract().jsonPath().get("sections"));
    }

    @Test
    void badPeriodsAndUnknownPartnershipsAreProblems() {
        given().get("/api/public/scorecard?partnershipId=" + UUID.randomUUID() + "&period=2026-Q5").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("period"));
        given().get("/api/public/scorecard?partnershipId=" + UUID.randomUUID() + "&period=" + (LocalDate.now().getYear() + 1)).then()
                .statusCode(400).body("errors.field", hasItem("period"));
        given().get("/api/public/scorecard?partnershipId=" + UUID.randomUUID() + "&period=" + MONTH).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/public/scorecard?partnershipId=not-an-id&period=" + MONTH).then().statusCode(400)
                .body("errors.field", hasItem("partnershipId"));
        given().get("/api/public/participation?partnershipId=" + UUID.randomUUID() + "&period=2026-13").then().statusCode(400);
    }
}
