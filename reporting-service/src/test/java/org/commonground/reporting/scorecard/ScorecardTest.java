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
import org.commonground.reporting.testing.Community;
import org.junit.jupiter.api.Test;

/** The scorecard and participation gaps of a partnership, built from events on the real test Kafka. */
@QuarkusTest
class ScorecardTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String MONTH = YearMonth.now(ZoneOffset.UTC).toString();

    private static String figure(JsonPath card, String key) {
        return card.getString("sections.figures.flatten().find { it.key == '" + key + "' }.value");
    }

    @Test
    void theScorecardShowsEachMeasureWithItsDefinitionAndHidesSmallGroups() {
        UUID groupA = UUID.randomUUID();
        UUID groupB = UUID.randomUUID();
        UUID partnership = Community.of(groupA, groupB).partnership();
        await().atMost(Duration.ofSeconds(90)).until(() -> "10".equals(figure(given().get("/api/public/scorecard?partnershipId=" + partnership
                + "&period=" + MONTH).then().extract().jsonPath(), "answers")) && "12".equals(figure(given()
                .get("/api/public/scorecard?partnershipId=" + partnership + "&period=" + MONTH).then().extract().jsonPath(), "activeMembers"))
                && "2000.00".equals(figure(given().get("/api/public/scorecard?partnershipId=" + partnership + "&period=" + MONTH).then()
                        .extract().jsonPath(), "totalBenefits")));
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
                // three mentors: a small group, so how much they did is not shown either
                () -> org.junit.jupiter.api.Assertions.assertEquals("fewer than 10 members: not shown", figure(card, "skillContributions")),
                // five answered 4 and five answered 5: both counts are hidden, and the mean (4.5 of 10) would give them away
                () -> org.junit.jupiter.api.Assertions.assertEquals("fewer than 10", figure(card, "satisfaction4")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("not shown: it would reveal a small count of answers",
                        figure(card, "meanSatisfaction")),
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

    private static void role(EventType type, String roleId, String member, String kind, String partnership, LocalDate startsOn,
            LocalDate lastDay) {
        ObjectNode role = Community.node("roleId", roleId, "memberId", member, "role", kind, "startsOn", startsOn.toString(),
                "endsOn", startsOn.plusMonths(3).toString(), "at", Instant.now().toString());
        if (lastDay == null) {
            role.putNull("lastDay");
        } else {
            role.put("lastDay", lastDay.toString());
        }
        if (type == EventType.COMMITTEE_ROLE_CHANGED) {
            role.put("initiativeId", UUID.randomUUID().toString()).put("partnershipId", partnership);
        } else {
            role.put("groupId", UUID.randomUUID().toString());
        }
        EventBus.publish(type, type == EventType.COMMITTEE_ROLE_CHANGED ? role.path("initiativeId").asText() : member, role);
    }

    @Test
    void membersWhoTookANewRoleCountOnceUnderTheirMostSeniorRoleAndSmallGroupsAreHidden() {
        Community.Built built = Community.of(UUID.randomUUID(), UUID.randomUUID());
        String p = built.partnership().toString();
        List<String> m = built.members();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < 10; i++) {
            role(EventType.COMMITTEE_ROLE_CHANGED, UUID.randomUUID().toString(), m.get(i), "seat", p, today, null);
        }
        role(EventType.COMMITTEE_ROLE_CHANGED, UUID.randomUUID().toString(), m.get(0), "lead", p, today, null);
        role(EventType.GROUP_ROLE_CHANGED, UUID.randomUUID().toString(), m.get(1), "lead", null, today, null);
        role(EventType.GROUP_ROLE_CHANGED, UUID.randomUUID().toString(), m.get(2), "shadow", null, today, null);
        // not counted: a group lead who is not active in this partnership, a term still to come, a term cancelled before it began
        role(EventType.GROUP_ROLE_CHANGED, UUID.randomUUID().toString(), UUID.randomUUID().toString(), "lead", null, today, null);
        role(EventType.COMMITTEE_ROLE_CHANGED, UUID.randomUUID().toString(), m.get(10), "lead", p, today.plusDays(1), null);
        String cancelled = UUID.randomUUID().toString();
        role(EventType.GROUP_ROLE_CHANGED, cancelled, m.get(11), "lead", null, today, null);
        role(EventType.GROUP_ROLE_CHANGED, cancelled, m.get(11), "lead", null, today, today.minusDays(1));

        String url = "/api/public/scorecard?partnershipId=" + p + "&period=" + MONTH;
        await().atMost(Duration.ofSeconds(90)).until(() -> "10".equals(figure(given().get(url).then().extract().jsonPath(), "newRoles"))
                && "12".equals(figure(given().get(url).then().extract().jsonPath(), "activeMembers")));
        JsonPath card = given().get(url).then().statusCode(200).extract().jsonPath();
        // two leads, a shadow and seven seats: each a small group, none pinned down by the total of ten
        org.junit.jupiter.api.Assertions.assertAll(
                () -> org.junit.jupiter.api.Assertions.assertEquals("fewer than 10", figure(card, "newRolesLead")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("fewer than 10", figure(card, "newRolesShadow")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("fewer than 10", figure(card, "newRolesCommittee")),
                () -> org.junit.jupiter.api.Assertions.assertEquals(Measures.NEW_ROLES,
                        card.getString("sections.figures.flatten().find { it.key == 'newRoles' }.definition")));
    }

    @Test
    void milestoneProgressIsMeasuredAsItStoodAtTheEndOfThePeriod() {
        UUID partnership = Community.of(UUID.randomUUID(), UUID.randomUUID()).partnership();
        String p = partnership.toString();
        YearMonth last = YearMonth.now(ZoneOffset.UTC).minusMonths(1);
        LocalDate d = last.atDay(1);
        String school = UUID.randomUUID().toString();
        String clinic = UUID.randomUUID().toString();
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        // a: due on the 5th, reached on the 4th; b: due on the 10th, half done on the 21st; c: due on the 26th, reached on the 27th
        milestone(a, school, p, 1, 0, d.plusDays(4), null, d.plusDays(1));
        milestone(b, school, p, 3, 0, d.plusDays(9), null, d.plusDays(1));
        milestone(c, clinic, p, 1, 0, d.plusDays(25), null, d.plusDays(2));
        milestone(a, school, p, 1, 100, d.plusDays(4), d.plusDays(3), d.plusDays(3));
        milestone(b, school, p, 3, 50, d.plusDays(9), null, d.plusDays(20));
        milestone(c, clinic, p, 1, 100, d.plusDays(25), d.plusDays(26), d.plusDays(26));
        // after the period: b is finished, which the period's progress must not show
        milestone(b, school, p, 3, 100, d.plusDays(9), LocalDate.now(ZoneOffset.UTC), Instant.now());

        String url = "/api/public/scorecard?partnershipId=" + p + "&period=" + last;
        await().atMost(Duration.ofSeconds(90)).until(() -> "81".equals(figure(given().get(url).then().extract().jsonPath(), "planProgress")));
        JsonPath card = given().get(url).then().statusCode(200).extract().jsonPath();
        // by hand: the school's plan (1·100 + 3·50) ÷ 4 = 62.5 → 62, the clinic's 100: mean 81; a and c reached, only a on time
        org.junit.jupiter.api.Assertions.assertAll(
                () -> org.junit.jupiter.api.Assertions.assertEquals("2", figure(card, "milestonesReached")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("0.333", figure(card, "milestonesOnTime")),
                () -> org.junit.jupiter.api.Assertions.assertEquals("+2", card.getString(
                        "sections.figures.flatten().find { it.key == 'milestonesReached' }.change")));
    }

    private static void milestone(String id, String initiative, String partnership, int weight, int progress, LocalDate due, LocalDate done,
            Object at) {
        ObjectNode m = Community.node("milestoneId", id, "initiativeId", initiative, "partnershipId", partnership, "title", "Step",
                "dueOn", due.toString(), "at", at instanceof LocalDate day ? day.atTime(12, 0).toInstant(ZoneOffset.UTC).toString() : at.toString());
        m.put("weight", weight).put("progress", progress);
        if (done == null) {
            m.putNull("doneOn");
        } else {
            m.put("doneOn", done.toString());
        }
        EventBus.publish(EventType.INITIATIVE_MILESTONE_CHANGED, initiative, m);
    }

    @Test
    void rebuildingFromTheTopicsGivesTheSameViewsAsTheLiveConsumers() {
        UUID partnership = Community.of(UUID.randomUUID(), UUID.randomUUID()).partnership();
        String url = "/api/public/scorecard?partnershipId=" + partnership + "&period=" + MONTH;
        await().atMost(Duration.ofSeconds(90)).until(() -> "10".equals(figure(given().get(url).then().extract().jsonPath(), "answers"))
                && "12".equals(figure(given().get(url).then().extract().jsonPath(), "activeMembers"))
                && "2000.00".equals(figure(given().get(url).then().extract().jsonPath(), "totalBenefits")));
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
