package org.commonground.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.either;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import java.time.Duration;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** When a service is down the gateway says so at once, as a problem detail, and recovers when it is back. */
class ServiceOutageTest {

    @Test
    void aStoppedServiceIsAProblemWithinFiveSecondsAndServesAgainWhenRestarted() {
        String olga = Tokens.of("olga");
        Suite.api().auth().oauth2(olga).get("/api/reports/read-models").then().statusCode(200);
        Suite.stop("reporting-service");
        try {
            Suite.api().auth().oauth2(olga).get("/api/reports/read-models")
                    .then().statusCode(either(equalTo(502)).or(equalTo(503)))
                    .contentType("application/problem+json")
                    .body("detail", containsString("reporting-service"))
                    .time(lessThan(5_000L));
            // the other services are not affected
            Suite.api().get("/api/public/partnerships").then().statusCode(200);
        } finally {
            Suite.start("reporting-service");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                Suite.api().auth().oauth2(olga).get("/api/reports/read-models").then().statusCode(200));
    }
}
