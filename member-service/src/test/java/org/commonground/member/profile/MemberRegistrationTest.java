package org.commonground.member.profile;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.commonground.member.testing.Community;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MemberRegistrationTest {

    @Inject
    AgroalDataSource database;

    /** carol starts every test as someone who has not joined yet */
    @BeforeEach
    void carolHasNotJoined() {
        new Community(database).forget("carol");
    }

    @Test
    void aMemberJoinsOnceBoundToTheirToken() {
        String id = given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Carol C.\"}")
                .post("/api/members")
                .then().statusCode(201)
                .header("Location", "/api/members/me")
                .header("ETag", notNullValue())
                .body("displayName", equalTo("Carol C."), "id", notNullValue(), "joinedAt", notNullValue())
                .extract().path("id");

        given().auth().oauth2(Tokens.of("carol")).get("/api/members/me")
                .then().statusCode(200).body("id", equalTo(id), "displayName", equalTo("Carol C."));

        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Carol again\"}")
                .post("/api/members")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:commonground:problem:conflict"), "detail", containsString(id));
    }

    @Test
    void aRetriedJoinWithItsIdempotencyKeyGetsTheFirstAnswer() {
        String key = java.util.UUID.randomUUID().toString();
        String id = given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"displayName\":\"Carol C.\"}").post("/api/members").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"displayName\":\"Carol C.\"}").post("/api/members")
                .then().statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(id));
    }

    @Test
    void withoutATokenNobodyJoins() {
        given().contentType(ContentType.JSON).body("{\"displayName\":\"Nobody\"}")
                .post("/api/members")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("urn:commonground:problem:unauthenticated"));
    }

    @Test
    void aForgedTokenIsRefused() {
        String token = Tokens.of("carol");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);
        given().auth().oauth2(forged).get("/api/members/me")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void onlyMembersJoin() {
        given().auth().oauth2(Tokens.of("audrey")).contentType(ContentType.JSON).body("{\"displayName\":\"Audrey\"}")
                .post("/api/members")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:commonground:problem:forbidden"));
    }

    @Test
    void aBlankNameIsRefusedNamingTheFieldAndNothingIsWritten() {
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).body("{\"displayName\":\"  \"}")
                .post("/api/members")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:commonground:problem:validation"),
                        "errors.field", hasItem("displayName"));
        notJoined("carol");
    }

    @Test
    void roleAndIdCannotBeSetThroughRegistration() {
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Carol\",\"role\":\"admin\"}")
                .post("/api/members")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("role"));
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON)
                .body("{\"displayName\":\"Carol\",\"id\":\"00000000-0000-0000-0000-000000000001\"}")
                .post("/api/members")
                .then().statusCode(400).body("errors.field", hasItem("id"));
        notJoined("carol");
    }

    @Test
    void malformedJsonIsABadRequestAndNothingIsWritten() {
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).body("{\"displayName\": ")
                .post("/api/members")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:commonground:problem:malformed-body"));
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON)
                .post("/api/members")
                .then().statusCode(400).contentType("application/problem+json");
        notJoined("carol");
    }

    @Test
    void aTooLongNameIsRefused() {
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON)
                .body("{\"displayName\":\"" + "x".repeat(81) + "\"}")
                .post("/api/members")
                .then().statusCode(400).body("errors.field", hasItem("displayName"),
                        "errors.message", hasItem(containsString("80")));
        notJoined("carol");
    }

    private static void notJoined(String user) {
        given().auth().oauth2(Tokens.of(user)).get("/api/members/me")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
