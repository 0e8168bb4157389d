package org.commonground.system;

import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** A member who just joined proposes an initiative: initiative-service knows her from member-service's event. */
class InitiativeFlowTest {

    private static RequestSpecification as(String user) {
        return Suite.api().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    @Test
    void aMemberProposesAnInitiativeThatAStewardTakesIntoCoDesign() {
        Suite.joined("carol");
        String partnership = as("sam").body("{\"name\":\"Reading club " + UUID.randomUUID() + "\",\"partnerName\":\"City library\","
                        + "\"purpose\":\"Read together, and lend the books the library would otherwise discard.\","
                        + "\"memberNeeds\":\"Books are expensive.\",\"partnerContributes\":\"Books and a room.\","
                        + "\"communityContributes\":\"Readers and hosts.\"}")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        String body = "{\"kind\":\"PROGRAM\",\"title\":\"Books for teens\",\"problem\":\"Teens have nothing to read.\","
                + "\"approach\":\"A teen shelf chosen by teens.\"}";
        String key = UUID.randomUUID().toString();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> as("carol").header("Idempotency-Key", key).body(body)
                .post("/api/partnerships/" + partnership + "/initiatives").statusCode() == 201);
        String initiative = as("carol").header("Idempotency-Key", key).body(body)
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().path("id");
        as("sam").body("{\"to\":\"CO_DESIGN\",\"rationale\":\"The teens' council asked for it.\"}")
                .post("/api/initiatives/" + initiative + "/transitions").then().statusCode(200).body("stage", equalTo("CO_DESIGN"));
        Suite.api().get("/api/public/initiatives/" + initiative).then().statusCode(200).body("stage", equalTo("CO_DESIGN"));
        Suite.api().get("/api/public/partnerships/" + partnership + "/decisions").then().statusCode(200)
                .body("items[0].rationale", equalTo("The teens' council asked for it."));
    }
}
