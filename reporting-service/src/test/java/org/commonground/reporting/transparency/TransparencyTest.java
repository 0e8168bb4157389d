package org.commonground.reporting.transparency;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.commonground.reporting.testing.Community;
import org.junit.jupiter.api.Test;

/** The transparency report: JSON, CSV and a printable page; only consenting members are named, and what they wrote is escaped. */
@QuarkusTest
class TransparencyTest {

    private static final String MONTH = YearMonth.now(ZoneOffset.UTC).toString();

    @Test
    void theReportShowsFundingBudgetDecisionsAndOnlyTheMembersWhoChoseRecognition() {
        Community.Built c = Community.of(UUID.randomUUID(), UUID.randomUUID());
        String p = c.partnership().toString();
        String now = Instant.now().toString();
        UUID line = UUID.randomUUID();
        EventBus.publish(EventType.GUIDELINES_PUBLISHED, p, Community.node("partnershipId", p, "fundingAmount", "15000.00", "currency", "EUR",
                "fundingSource", "Acme Hardware community fund", "at", now).put("version", 1));
        EventBus.publish(EventType.BUDGET_LINE_PLANNED, p, Community.node("lineId", line.toString(), "partnershipId", p, "category", "Tools",
                "planned", "8000.00", "currency", "EUR", "at", now));
        EventBus.publish(EventType.BUDGET_SPENT, p, Community.node("actualId", UUID.randomUUID().toString(), "lineId", line.toString(),
                "partnershipId", p, "amount", "2350.40", "currency", "EUR", "spentOn", LocalDate.now(ZoneOffset.UTC).toString(), "at", now));
        ObjectNode decision = Community.node("decisionId", UUID.randomUUID().toString(), "partnershipId", p, "kind", "BUDGET_CHANGE",
                "summary", "Budget line 'Tools' planned at 8000.00 EUR", "rationale", "=HYPERLINK(\"x\") drills, saws", "at", now);
        decision.putNull("initiativeId");
        EventBus.publish(EventType.DECISION_RECORDED, p, decision);
        String ada = c.members().get(0);
        String ben = c.members().get(1);
        EventBus.publish(EventType.MEMBER_PUBLIC_PROFILE_PUBLISHED, ada, Community.node("memberId", ada,
                "displayName", "<script>alert('x')</script> Ada", "at", now));
        EventBus.publish(EventType.MEMBER_PUBLIC_PROFILE_PUBLISHED, ben, Community.node("memberId", ben, "displayName", "Ben Withdrawn", "at", now));
        String url = "/api/public/reports/transparency?partnershipId=" + p + "&period=" + MONTH;
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().accept("application/json").get(url).then().statusCode(200)
                .body("recognition.displayName", hasItem("Ben Withdrawn")).body("decisions.size()", equalTo(1))
                .body("pools[0].recipients", equalTo("12")).body("recognition.size()", equalTo(2))
                .body("budget[0].spentToDate", equalTo("2350.40")));

        // Ben withdraws public recognition: his name leaves the report at once, his work still counts
        ObjectNode withdrawn = Community.node("memberId", ben, "purpose", "public-recognition", "reason", "member", "at", Instant.now().toString());
        withdrawn.putNull("scope");
        EventBus.publish(EventType.CONSENT_WITHDRAWN, ben, withdrawn);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().accept("application/json").get(url).then()
                .body("recognition.displayName", not(hasItem("Ben Withdrawn"))));
        given().accept("application/json").get(url).then().statusCode(200)
                .body("funding.amount", equalTo("15000.00")).body("funding.source", equalTo("Acme Hardware community fund"))
                .body("budget[0].planned", equalTo("8000.00")).body("budget[0].spentInPeriod", equalTo("2350.40"))
                .body("pools[0].total", equalTo("2000.00")).body("pools[0].recipients", equalTo("12"))
                .body("initiatives[0].stage", equalTo("CO_DESIGN"))
                .body("scorecard.figures.flatten().find { it.key == 'activeMembers' }.value", equalTo("12"));

        // Ada is erased: her name leaves too, her contribution still counts
        EventBus.publish(EventType.MEMBER_ERASED, ada, Community.node("memberId", ada, "at", Instant.now().toString()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().accept("application/json").get(url).then()
                .body("recognition.size()", equalTo(0))
                .body("scorecard.figures.flatten().find { it.key == 'activeMembers' }.value", equalTo("12")));
        EventBus.publish(EventType.MEMBER_PUBLIC_PROFILE_PUBLISHED, ada, Community.node("memberId", ada,
                "displayName", "<script>alert('x')</script> Ada", "at", Instant.now().toString()));
        String named = c.members().get(2);
        EventBus.publish(EventType.MEMBER_PUBLIC_PROFILE_PUBLISHED, named, Community.node("memberId", named,
                "displayName", "<script>alert('x')</script> Ada", "at", Instant.now().toString()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().accept("application/json").get(url).then()
                .body("recognition.size()", equalTo(1)));
        // the printable page escapes what members wrote
        given().accept("text/html").get(url).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ada"))
                .body(not(containsString("<script>alert"))).body(not(containsString("Ben Withdrawn")))
                .body(containsString("<caption>Budget against actuals</caption>"));
        // the CSV defuses formulas
        given().accept("text/csv").get(url).then().statusCode(200).contentType(containsString("text/csv"))
                .body(containsString("\"'=HYPERLINK(\"\"x\"\") drills, saws\"")).body(containsString("\"funding\",\"Acme Hardware community fund\""));
    }

    private static void impactStories(String member, boolean granted) {
        ObjectNode decision = Community.node("memberId", member, "purpose", "impact-stories", "at", Instant.now().toString());
        decision.putNull("scope");
        if (granted) {
            decision.putNull("expiresAt").put("noticeVersion", 1);
        } else {
            decision.put("reason", "member");
        }
        EventBus.publish(granted ? EventType.CONSENT_GRANTED : EventType.CONSENT_WITHDRAWN, member, decision);
    }

    @Test
    void theReportShowsTheShowcasesPublicNowUnderTheirAuthorsNamesAndTheLessonsOfThePeriod() {
        Community.Built c = Community.of(UUID.randomUUID(), UUID.randomUUID());
        String p = c.partnership().toString();
        String i = c.initiative().toString();
        String ada = c.members().get(0);
        String ben = c.members().get(1);
        impactStories(ada, true);
        impactStories(ben, true);
        String shared = UUID.randomUUID().toString();
        String hidden = UUID.randomUUID().toString();
        for (String showcase : List.of(shared, hidden)) {
            ObjectNode published = Community.node("showcaseId", showcase, "initiativeId", i, "partnershipId", p,
                    "title", showcase.equals(shared) ? "Gear tuning for everyone" : "A story taken down", "publishedAt", Instant.now().toString(),
                    "at", Instant.now().toString());
            published.putArray("authors").add(Community.node("memberId", ada, "displayName", "Ada L."))
                    .add(Community.node("memberId", ben, "displayName", "Ben <b>K.</b>"));
            EventBus.publish(EventType.SHOWCASE_PUBLISHED, i, published);
        }
        EventBus.publish(EventType.SHOWCASE_UNPUBLISHED, i, Community.node("showcaseId", hidden, "initiativeId", i, "partnershipId", p,
                "at", Instant.now().toString()));
        EventBus.publish(EventType.LESSON_RECORDED, i, Community.node("lessonId", UUID.randomUUID().toString(), "initiativeId", i,
                "partnershipId", p, "kind", "COMMITTEE", "stage", "PILOT", "whatWorked", "Saturday mornings", "whatDidNot", "Weekday evenings",
                "doDifferently", "Order parts early", "forWhom", "Repair pilots", "at", Instant.now().toString()));
        String url = "/api/public/reports/transparency?partnershipId=" + p + "&period=" + MONTH;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().accept("application/json").get(url).then().statusCode(200)
                .body("showcases.title", equalTo(List.of("Gear tuning for everyone")))
                .body("showcases[0].authors", equalTo(List.of("Ada L.", "Ben <b>K.</b>")))
                .body("showcases[0].initiative", equalTo("Repair school"))
                .body("lessons.whatWorked", equalTo(List.of("Saturday mornings"))));
        given().accept("text/html").get(url).then().statusCode(200).body(containsString("Ben &lt;b&gt;K.&lt;/b&gt;"))
                .body(containsString("Order parts early")).body(not(containsString("A story taken down")));

        // a co-author withdraws impact-stories: the showcase leaves the report as soon as reporting hears it
        impactStories(ben, false);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().accept("application/json").get(url).then()
                .body("showcases.size()", equalTo(0)).body("lessons.size()", equalTo(1)));
    }

    @Test
    void aBadPeriodOrAnUnknownPartnershipIsAProblemInEveryFormat() {
        given().accept("application/json").get("/api/public/reports/transparency?partnershipId=" + UUID.randomUUID() + "&period=2026-Q5")
                .then().statusCode(400).contentType("application/problem+json");
        given().accept("text/csv").get("/api/public/reports/transparency?partnershipId=" + UUID.randomUUID() + "&period=" + MONTH)
                .then().statusCode(404);
        given().accept("text/html").get("/api/public/reports/transparency?period=" + MONTH).then().statusCode(400);
    }
}
