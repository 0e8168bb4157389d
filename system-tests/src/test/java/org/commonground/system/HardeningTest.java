package org.commonground.system;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** What the suite shows of itself in production configuration: no developer pages, no undeclared routes, no internals. */
class HardeningTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void swaggerUiIsOffInProduction() {
        Suite.api().get("/q/swagger-ui").then().statusCode(404);
        Suite.api().get("/q/swagger-ui/index.html").then().statusCode(404);
        Suite.api().get("/q/dev-ui").then().statusCode(404);
        Suite.api().get("/openapi").then().statusCode(200); // the API document itself stays: partners build on it
    }

    @Test
    void theGatewayForwardsOnlyDeclaredOperations() {
        String token = Tokens.of("alice");
        Suite.api().auth().oauth2(token).get("/api/members/me/nothing-here").then().statusCode(404).contentType(PROBLEM)
                .body("detail", containsString("No operation of the API serves"));
        Suite.api().delete("/api/public/partnerships").then().statusCode(405).contentType(PROBLEM);
        Suite.api().get("/api/public/partnerships").then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff")).header("X-Frame-Options", equalTo("DENY"))
                .header("Referrer-Policy", equalTo("no-referrer"));
    }

    @Test
    void errorsTellWhatIsWrongAndNothingOfTheInternals() {
        String token = Tokens.of("alice");
        for (var response : java.util.List.of(
                Suite.api().auth().oauth2(token).contentType(ContentType.JSON).body("{\"displayName\": [1, {\"x\": ")
                        .put("/api/members/me"),
                Suite.api().auth().oauth2(token).contentType(ContentType.JSON).body("{\"granted\": \"perhaps\"}")
                        .put("/api/members/me/consents/impact-stories"),
                Suite.api().get("/api/public/initiatives/not-a-uuid"),
                Suite.api().get("/api/public/scorecard?partnershipId=x&period=2026-Q9"))) {
            response.then().statusCode(org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                            .and(org.hamcrest.Matchers.lessThan(500))).contentType(PROBLEM)
                    .body(not(containsString("Exception")), not(containsString("at org.")), not(containsString("at io.")),
                            not(containsString("quarkus")), not(containsString("hibernate")), not(containsString("vertx")));
        }
    }
}
