package org.commonground.initiative.contribution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Participation, contributions and feedback, with every object-level rule, for real members and stewards. */
@QuarkusTest
class ContributionTest {

    @Inject
    AgroalDataSource database;

    String partnership;
    String initiative;
    String bob;
    String sam;

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    private long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String payload(String type, String key) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT payload FROM outbox WHERE type = '" + type + "' AND subject = '" + key + "' ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private String contribute(String user, double hours, LocalDate on) {
        return as(user).body("{\"type\":\"MENTORING\",\"description\":\"Taught two teens to fix a bike.\",\"hours\":" + hours
                        + ",\"occurredOn\":\"" + on + "\",\"evidence\":[\"https://example.org/photo/1\"]}")
                .post("/api/initiatives/" + initiative + "/contributions").then().statusCode(201).extract().path("id");
    }

    /** sam stewards a partnership; alice proposed an initiative in it; bob and sam take part */
    @BeforeEach
    void anInitiativeWithParticipants() throws SQLException {
        for (String user : List.of("alice", "bob", "carol", "sam")) {
            Members.known(user);
        }
        bob = Members.known("bob");
        sam = Members.known("sam");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Members.countKnown("alice", "bob", "carol", "sam")) == 4);
        try (var c = database.getConnection(); var s = c.createStatement()) {
            s.executeUpdate(Members.clearContributions("bob", "sam"));
        }
        partnership = as("sam").body("""
                        {"name":"Bike kitchen","partnerName":"Acme Hardware","partnerOrganization":"acme",
                         "purpose":"Fix bikes together and teach teens how.","memberNeeds":"Bikes are the only transport for many.",
                         "partnerContributes":"Tools and parts.","communityContributes":"Mechanics and time."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        initiative = as("alice").body("""
                        {"kind":"PILOT","title":"Teen bike school","problem":"Teens cannot fix their bikes.","approach":"Saturday lessons."}""")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(200);
        as("sam").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
    }

    @Test
    void aParticipantRecordsAndAnotherStewardVerifiesWithAnEachTime() throws SQLException {
        String id = contribute("bob", 2.5, LocalDate.now());
        assertTrue(payload("contribution.recorded.v1", id).contains("\"impact\":null"));
        as("sam").body("{\"impact\":\"HIGH\",\"note\":\"Great session\"}").post("/api/contributions/" + id + "/verify").then()
                .statusCode(200).body("status", equalTo("VERIFIED"), "impact", equalTo("HIGH"));
        String verified = payload("contribution.verified.v1", id);
        assertTrue(verified.contains("\"impact\":\"HIGH\"") && verified.contains("\"hours\":2.5") && verified.contains(bob), verified);
        assertEquals(2, count("SELECT count(*) FROM outbox WHERE message_key = '" + bob + "' AND subject = '" + id + "'"),
                "recorded and verified, keyed by member: one member's contributions stay in order");
        as("bob").get("/api/contributions/mine").then().statusCode(200).body("items[0].status", equalTo("VERIFIED"));
        as("sam").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(409);
    }

    @Test
    void onlyParticipantsRecordAndOnlyTheInitiativesStewardsDecide() {
        as("carol").body("{\"type\":\"OTHER\",\"description\":\"x\",\"hours\":1,\"occurredOn\":\"" + LocalDate.now() + "\"}")
                .post("/api/initiatives/" + initiative + "/contributions").then().statusCode(403);
        String id = contribute("bob", 1, LocalDate.now());
        as("tess").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(403);
        as("alice").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(403);
        given().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).contentType(ContentType.JSON)
                .body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(403);
        as("audrey").get("/api/initiatives/" + initiative + "/contributions").then().statusCode(200).body("items.id", hasItem(id));
        as("audrey").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(403);
        as("tess").get("/api/initiatives/" + initiative + "/contributions").then().statusCode(403);
        as("bob").get("/api/initiatives/" + initiative + "/contributions").then().statusCode(403);
    }

    @Test
    void aStewardOfAnotherInitiativeOfTheSamePartnershipIsRefused() {
        String other = as("alice").body("{\"kind\":\"PROGRAM\",\"title\":\"Another\",\"problem\":\"x\",\"approach\":\"y\"}")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
        as("sam").put("/api/initiatives/" + other + "/stewards/" + Tokens.subject("tess") + "?name=tess").then().statusCode(204);
        String id = contribute("bob", 1, LocalDate.now());
        as("tess").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(403);
        as("tess").get("/api/initiatives/" + other + "/contributions").then().statusCode(200);
        as("tess").put("/api/initiatives/" + initiative + "/stewards/" + Tokens.subject("tess")).then().statusCode(403);
    }

    @Test
    void aStewardRemovedFromThePartnershipLosesItsInitiativesAtOnceAndOneAddedGainsThem() {
        String id = contribute("bob", 1, LocalDate.now());
        // the initiative was proposed before tess stewarded the partnership, and sam stewarded it from the start
        as("olga").put("/api/partnerships/" + partnership + "/stewards/" + Tokens.subject("tess") + "?name=tess").then().statusCode(204);
        as("olga").delete("/api/partnerships/" + partnership + "/stewards/" + Tokens.subject("sam")).then().statusCode(204);
        as("sam").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(403);
        as("sam").get("/api/initiatives/" + initiative + "/contributions").then().statusCode(403);
        as("tess").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(200);
    }

    @Test
    void nobodyVerifiesTheirOwnContributionNorWithADisclosedInterest() {
        String own = contribute("sam", 1, LocalDate.now());
        as("sam").body("{\"impact\":\"HIGH\"}").post("/api/contributions/" + own + "/verify").then().statusCode(409)
                .body("rule", equalTo("own-contribution"));
        as("olga").body("{\"impact\":\"MEDIUM\"}").post("/api/contributions/" + own + "/verify").then().statusCode(200);
        String bobs = contribute("bob", 1, LocalDate.now());
        as("sam").body("{\"interest\":\"Bob is my nephew.\",\"since\":\"2010-01-01\"}").post("/api/partnerships/" + partnership + "/disclosures")
                .then().statusCode(201);
        as("sam").body("{\"impact\":\"HIGH\"}").post("/api/contributions/" + bobs + "/verify").then().statusCode(409)
                .body("rule", equalTo("conflict-of-interest"));
    }

    @Test
    void aRejectionIsDisputedOnceAndAnotherStewardDecides() throws SQLException {
        String id = contribute("bob", 3, LocalDate.now());
        as("sam").body("{\"reason\":\"No evidence of the session\"}").post("/api/contributions/" + id + "/reject").then()
                .statusCode(200).body("status", equalTo("REJECTED"));
        assertTrue(payload("contribution.rejected.v1", id).contains("No evidence"));
        as("alice").body("{\"reason\":\"Not mine\"}").post("/api/contributions/" + id + "/dispute").then().statusCode(403);
        as("bob").body("{\"reason\":\"The photo shows it\"}").post("/api/contributions/" + id + "/dispute").then().statusCode(200)
                .body("status", equalTo("DISPUTED"));
        as("sam").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(409)
                .body("rule", equalTo("dispute-goes-to-another-steward"));
        as("olga").put("/api/initiatives/" + initiative + "/stewards/" + Tokens.subject("tess") + "?name=tess").then().statusCode(204);
        as("tess").body("{\"reason\":\"Still no evidence\"}").post("/api/contributions/" + id + "/reject").then().statusCode(200);
        as("bob").body("{\"reason\":\"Again\"}").post("/api/contributions/" + id + "/dispute").then().statusCode(409)
                .body("rule", equalTo("one-dispute"));
    }

    @Test
    void aDisputeCannotMakeADayLongerThan24Hours() {
        LocalDate day = LocalDate.now();
        String first = contribute("bob", 20, day);
        as("sam").body("{\"reason\":\"Not this long\"}").post("/api/contributions/" + first + "/reject").then().statusCode(200);
        contribute("bob", 20, day); // the rejected hours left room on the day
        as("bob").body("{\"reason\":\"It was that long\"}").post("/api/contributions/" + first + "/dispute").then().statusCode(409)
                .body("rule", equalTo("day-has-24-hours"));
    }

    @Test
    void anAdminRevokesAVerifiedContributionWithAReason() throws SQLException {
        String id = contribute("bob", 1, LocalDate.now());
        as("olga").body("{\"reason\":\"x\"}").post("/api/contributions/" + id + "/revoke").then().statusCode(409);
        as("sam").body("{\"impact\":\"MEDIUM\"}").post("/api/contributions/" + id + "/verify").then().statusCode(200);
        as("sam").body("{\"reason\":\"x\"}").post("/api/contributions/" + id + "/revoke").then().statusCode(403);
        as("olga").body("{\"reason\":\"The session was double-counted\"}").post("/api/contributions/" + id + "/revoke").then()
                .statusCode(200).body("status", equalTo("REVOKED"));
        assertTrue(payload("contribution.revoked.v1", id).contains("double-counted"));
    }

    @Test
    void optingOutKeepsWhatWasRecordedAndIsNeverPenalised() throws SQLException {
        String id = contribute("bob", 2, LocalDate.now());
        as("bob").delete("/api/initiatives/" + initiative + "/participants/me").then().statusCode(204);
        as("bob").delete("/api/initiatives/" + initiative + "/participants/me").then().statusCode(204);
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'initiative.participant-left.v1' AND message_key = '" + initiative + "'"));
        as("bob").get("/api/contributions/mine").then().body("items.id", hasItem(id));
        as("sam").body("{\"impact\":\"MEDIUM\"}").post("/api/contributions/" + id + "/verify").then().statusCode(200);
        as("bob").body("{\"type\":\"OTHER\",\"description\":\"after leaving\",\"hours\":1,\"occurredOn\":\"" + LocalDate.now() + "\"}")
                .post("/api/initiatives/" + initiative + "/contributions").then().statusCode(403);
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
    }

    @Test
    void absurdContributionsAreRefusedNamingTheFieldAndNothingIsWritten() throws SQLException {
        String url = "/api/initiatives/" + initiative + "/contributions";
        LocalDate day = LocalDate.now();
        // the day starts empty for bob (his member id is the same in every run against a reused database)
        try (var c = database.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("DELETE FROM contribution WHERE member_id = '" + bob + "' AND occurred_on = '" + day + "'");
        }
        record Case(String body, String field) {
        }
        String base = "{\"type\":\"MENTORING\",\"description\":\"x\",\"occurredOn\":\"" + day + "\",";
        for (Case c : List.of(
                new Case(base + "\"hours\":0}", "hours"),
                new Case(base + "\"hours\":-1}", "hours"),
                new Case(base + "\"hours\":25}", "hours"),
                new Case(base + "\"hours\":1.234}", "hours"),
                new Case(base + "\"hours\":\"2\"}", "hours"),
                new Case("{\"type\":\"MENTORING\",\"description\":\"x\",\"hours\":1,\"occurredOn\":\"" + LocalDate.now().plusDays(1) + "\"}", "occurredOn"),
                new Case("{\"type\":\"JUGGLING\",\"description\":\"x\",\"hours\":1,\"occurredOn\":\"" + day + "\"}", "type"),
                new Case(base + "\"hours\":1,\"evidence\":[\"http://plain.example.org\"]}", "evidence[0]"),
                new Case(base + "\"hours\":1,\"evidence\":[\"https://e.org/\\u0000\"]}", "evidence[0]"),
                new Case("{\"type\":\"MENTORING\",\"description\":\"x\",\"hours\":1,\"occurredOn\":\"" + LocalDate.now().minusYears(1) + "\"}", "occurredOn"),
                new Case(base + "\"hours\":1,\"evidence\":[" + "\"https://e.org/x\",".repeat(10) + "\"https://e.org/y\"]}", "evidence"))) {
            as("bob").body(c.body()).post(url).then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(c.field()));
        }
        assertEquals(0, count("SELECT count(*) FROM contribution WHERE initiative_id = '" + initiative + "'"));
        contribute("bob", 20, day);
        as("bob").body(base + "\"hours\":5}").post(url).then().statusCode(400).body("errors.field", hasItem("hours"));
        assertEquals(1, count("SELECT count(*) FROM contribution WHERE initiative_id = '" + initiative + "'"));
    }

    @Test
    void participantsGiveFeedbackOncePerMonthAndMayChangeIt() throws SQLException {
        String url = "/api/initiatives/" + initiative + "/feedback/me";
        as("bob").body("{\"satisfaction\":4,\"fairness\":5,\"comment\":\"Good\"}").put(url).then().statusCode(200)
                .body("satisfaction", equalTo(4));
        as("bob").body("{\"satisfaction\":3,\"fairness\":5}").put(url).then().statusCode(200).body("satisfaction", equalTo(3));
        assertEquals(1, count("SELECT count(*) FROM feedback WHERE initiative_id = '" + initiative + "'"));
        as("carol").body("{\"satisfaction\":1,\"fairness\":1}").put(url).then().statusCode(403);
        as("bob").body("{\"satisfaction\":6,\"fairness\":5}").put(url).then().statusCode(400).body("errors.field", hasItem("satisfaction"));
        as("bob").body("{\"satisfaction\":3}").put(url).then().statusCode(400).body("errors.field", hasItem("fairness"));
        String event = payload("initiative.feedback-submitted.v1", initiative);
        assertTrue(event.contains("\"satisfaction\":3") && !event.contains(bob), "scores travel, not who gave them: " + event);
    }
}
