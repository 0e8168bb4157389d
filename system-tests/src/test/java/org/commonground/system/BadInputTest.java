package org.commonground.system;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** Bad input through the gateway gets a clear problem detail and changes nothing. */
class BadInputTest {

    private static int partnerships() {
        int count = 0;
        String cursor = "";
        do {
            var page = Suite.api().queryParam("limit", 100).queryParam("cursor", cursor).get("/api/public/partnerships")
                    .then().statusCode(200).extract().jsonPath();
            count += page.getList("items").size();
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return count;
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndNothingIsWritten() {
        int before = partnerships();
        Suite.api().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON)
                .body("{\"name\":\"Big\",\"partnerName\":\"Acme\",\"memberNeeds\":\"Members need this.\",\"partnerContributes\":\"Money and tools.\",\"communityContributes\":\"Time and care.\",\"purpose\":\"" + "p".repeat(2_000_000) + "\"}")
                .post("/api/partnerships")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("urn:commonground:problem:payload-too-large"));
        assertEquals(before, partnerships());
    }

    @Test
    void malformedJsonIsA400ProblemAndNothingIsWritten() {
        int before = partnerships();
        Suite.api().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON)
                .body("{\"name\":\"Half\",\"partnerName\":")
                .post("/api/partnerships")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:commonground:problem:malformed-body"));
        assertEquals(before, partnerships());
    }
}
