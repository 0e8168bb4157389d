package org.commonground.reporting.dashboard;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.commonground.reporting.testing.Community;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DashboardTest {

    @Test
    void theDashboardPageItsScriptAndItsChartLibraryAreServedWithoutAToken() {
        given().get("/dashboard").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<html lang=\"en\">")).body(containsString("<script src=\"/dashboard/echarts.min.js\"></script>"))
                .body(containsString("aria-labelledby=\"over-time-caption\""))
                // only its own scripts; its one inline style by hash; nothing framed, posted or loaded from elsewhere
                .header("Content-Security-Policy", org.hamcrest.Matchers.allOf(containsString("script-src 'self';"),
                        containsString("style-src 'self' 'sha256-"), containsString("frame-ancestors 'none'"),
                        org.hamcrest.Matchers.not(containsString("unsafe-inline")), org.hamcrest.Matchers.not(containsString("unsafe-eval"))));
        given().get("/dashboard/dashboard.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("textContent"));
        given().get("/dashboard/echarts.min.js").then().statusCode(200).body(containsString("echarts"));
    }

    @Test
    void theSeriesCountsContributionsPerMonthAndHidesBenefitsOfFewRecipients() {
        Community.Built c = Community.of(UUID.randomUUID(), UUID.randomUUID());
        String month = YearMonth.now(ZoneOffset.UTC).toString();
        String url = "/api/public/dashboard/series?partnershipId=" + c.partnership() + "&months=3";
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().get(url).then().statusCode(200)
                .body("months.find { it.month == '" + month + "' }.contributions", equalTo(12))
                .body("months.find { it.month == '" + month + "' }.benefits", equalTo("2000.00")));
        given().get(url).then().body("months.size()", equalTo(3)).body("months.month", hasItem(month))
                .body("months.find { it.month == '" + month + "' }.hours", equalTo("24"));
        given().get("/api/public/dashboard/series?partnershipId=" + c.partnership() + "&months=99").then().statusCode(400)
                .body("errors.field", hasItem("months"));
        given().get("/api/public/dashboard/series?partnershipId=" + UUID.randomUUID()).then().statusCode(404);
    }
}
