package org.commonground.initiative.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import org.commonground.platform.testing.Tokens;

/** A committee member records the lessons a transition to EVALUATION, SCALED or RETIRED needs. */
public final class Lessons {

    private Lessons() {
    }

    public static final String LESSON = """
            {"whatWorked":"Small groups of four learned fastest.","whatDidNot":"Saturday mornings clashed with the market.",
             "doDifferently":"Start at two in the afternoon and book the hall a season ahead.",
             "forWhom":"Anyone running hands-on sessions in the hall"}""";

    /** {@code user} (on the committee) records a lesson in the initiative's current stage */
    public static void recorded(String user, String initiative) {
        given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON).body(LESSON)
                .post("/api/initiatives/" + initiative + "/lessons").then().statusCode(201);
    }
}
