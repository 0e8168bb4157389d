package org.commonground.reporting.scorecard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.commonground.platform.testing.Tokens;
import org.commonground.reporting.testing.Community;
import org.junit.jupiter.api.Test;

/** A partner reads its own partnerships' scorecards through the partner API, and finds no one else's. */
@QuarkusTest
class PartnerScorecardTest {

    private static final String MONTH = YearMonth.now(ZoneOffset.UTC).toString();

    @Test
    void aPartnerReadsItsOwnScorecardAndAnotherPartnersIsNotFound() {
        String p = UUID.randomUUID().toString();
        EventBus.publish(EventType.PARTNERSHIP_PUBLISHED, p, Community.node("partnershipId", p, "name", "Tool library", "partnerName", "Acme",
                "partnerOrganization", "acme", "at", Instant.now().toString()));
        String acme = Tokens.partner("partner-acme", "partner-acme-secret");
        String globex = Tokens.partner("partner-globex", "partner-globex-secret");
        String url = "/api/partner/scorecard?partnershipId=" + p + "&period=" + MONTH;
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(acme).get(url).statusCode() == 200);
        given().auth().oauth2(acme).get(url).then().body("partnershipId", equalTo(p), "period", equalTo(MONTH),
                "sections.name[0]", equalTo("access"));
        String another = given().auth().oauth2(globex).get(url).then().statusCode(404).extract().path("detail");
        String unknown = given().auth().oauth2(globex).get(url.replace(p, UUID.randomUUID().toString())).then().statusCode(404)
                .extract().path("detail");
        assertEquals(unknown.replaceAll("[0-9a-f-]{36}", "<id>"), another.replaceAll("[0-9a-f-]{36}", "<id>"), "nothing tells them apart");
        given().auth().oauth2(acme).get("/api/partner/scorecard?partnershipId=" + p + "&period=2026-Q5").then().statusCode(400);
        given().auth().oauth2(Tokens.of("alice")).get(url).then().statusCode(403);
        given().get(url).then().statusCode(401);
    }
}
