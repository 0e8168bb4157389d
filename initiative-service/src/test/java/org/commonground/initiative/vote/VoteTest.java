package org.commonground.initiative.vote;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pilot scales only on its published criteria, measured, and an approval vote that nobody can trace to a voter. */
@QuarkusTest
class VoteTest {

    @Inject
    AgroalDataSource database;

    String partnership;
    String initiative;

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    private long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private ValidatableResponse move(String to) {
        if (java.util.Set.of("EVALUATION", "SCALED", "RETIRED").contains(to)) {
            org.commonground.initiative.testing.Lessons.recorded("alice", initiative);
        }
        return as("sam").body("{\"to\":\"" + to + "\",\"rationale\":\"On the evidence.\"}")
                .post("/api/initiatives/" + initiative + "/transitions").then();
    }

    private String openVote(String purpose, String quorum, String threshold, Instant closesAt) {
        return as("sam").body("{\"purpose\":\"" + purpose + "\",\"question\":\"Shall the repair school become permanent?\","
                        + "\"electorate\":\"PARTICIPANTS\",\"quorum\":" + quorum + ",\"threshold\":" + threshold + ",\"closesAt\":\"" + closesAt + "\"}")
                .post("/api/initiatives/" + initiative + "/votes").then().statusCode(201).extract().path("id");
    }

    /** A pilot in evaluation: bob and carol took part, contributed, gave feedback; sam stewards it */
    @BeforeEach
    void aPilotInEvaluation() throws SQLException {
        for (String user : List.of("alice", "bob", "carol", "load-2")) {
            Members.known(user);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Members.countKnown("alice", "bob", "carol", "load-2")) == 4);
        try (var c = database.getConnection(); var s = c.createStatement()) {
            s.executeUpdate(Members.clearContributions("bob", "carol"));
        }
        partnership = as("sam").body("""
                        {"name":"Repair school","partnerName":"Acme Hardware","purpose":"Teach repairs on Saturdays.",
                         "memberNeeds":"Repairs are expensive.","partnerContributes":"Parts.","communityContributes":"Teachers."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        initiative = as("alice").body("{\"kind\":\"PILOT\",\"title\":\"Repair school\",\"problem\":\"Things get thrown away.\",\"approach\":\"Teach.\"}")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
        for (String user : List.of("bob", "carol")) {
            as(user).post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(200);
            as(user).post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
        }
        as("alice").body("{\"scope\":\"Four Saturdays.\",\"timeline\":\"This winter.\"}").put("/api/initiatives/" + initiative + "/plan").then().statusCode(200);
        as("alice").body("{\"title\":\"Sessions\",\"dueOn\":\"" + LocalDate.now().plusDays(30) + "\",\"weight\":1}")
                .post("/api/initiatives/" + initiative + "/milestones").then().statusCode(201);
        as("sam").body("""
                {"criteria":[{"metric":"ENGAGEMENT_RATE","threshold":0.5,"description":"Half stay active"},
                             {"metric":"MEAN_SATISFACTION","threshold":3,"description":"Glad they came"},
                             {"metric":"QUALITY_SCORE","threshold":3,"description":"Good work"}]}""")
                .put("/api/initiatives/" + initiative + "/criteria").then().statusCode(200);
        move("CO_DESIGN").statusCode(200);
        move("PILOT").statusCode(200);
        move("EVALUATION").statusCode(200);
    }

    private void meetTheCriteria() {
        for (String user : List.of("bob", "carol")) {
            String contribution = as(user).body("{\"type\":\"TRAINING\",\"description\":\"Taught a repair\",\"hours\":2,\"occurredOn\":\""
                            + LocalDate.now() + "\"}")
                    .post("/api/initiatives/" + initiative + "/contributions").then().statusCode(201).extract().path("id");
            as("sam").body("{\"impact\":\"MEDIUM\"}").post("/api/contributions/" + contribution + "/verify").then().statusCode(200);
            as(user).body("{\"satisfaction\":4,\"fairness\":4}").put("/api/initiatives/" + initiative + "/feedback/me").then().statusCode(200);
        }
        as("sam").body("{\"score\":4,\"note\":\"Careful, safe work\"}").put("/api/initiatives/" + initiative + "/quality").then().statusCode(200)
                .body("criteria.met", equalTo(List.of(true, true, true)));
    }

    @Test
    void aPilotScalesOnlyWithItsCriteriaMetAndAnApprovalVotePassed() throws SQLException {
        move("SCALED").statusCode(409).body("rule", equalTo("criteria-not-met"), "detail", containsString("QUALITY_SCORE is not measured yet"));
        meetTheCriteria();
        given().get("/api/public/initiatives/" + initiative + "/metrics").then().statusCode(200)
                .body("enrolled", equalTo(2), "active", equalTo(2), "engagementRate", equalTo("1"), "meanSatisfaction", nullValue(), "feedbackCount", equalTo(2),
                        "qualityScore", equalTo("4"));
        move("SCALED").statusCode(409).body("rule", equalTo("approval-vote"));

        String vote = openVote("SCALE", "0.5", "0.5", Instant.now().plusSeconds(3));
        as("bob").body("{\"choice\":\"NO\"}").put("/api/votes/" + vote + "/ballot").then().statusCode(200);
        as("bob").body("{\"choice\":\"YES\"}").put("/api/votes/" + vote + "/ballot").then().statusCode(200);
        as("carol").body("{\"choice\":\"YES\"}").put("/api/votes/" + vote + "/ballot").then().statusCode(200);
        as("load-2").body("{\"choice\":\"NO\"}").put("/api/votes/" + vote + "/ballot").then().statusCode(403);
        as("alice").body("{\"choice\":\"NO\"}").put("/api/votes/" + vote + "/ballot").then().statusCode(403);
        given().get("/api/public/votes/" + vote).then().statusCode(200).body("status", equalTo("OPEN"), "yes", nullValue(), "eligible", equalTo(2));
        assertEquals(2, count("SELECT count(*) FROM vote_ballot WHERE vote_id = '" + vote + "'"), "one ballot per voter, changed in place");

        await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(given().get("/api/public/votes/" + vote).then().extract().path("status")));
        // two voters: the result is public, the counts are not (they would tell who voted what)
        given().get("/api/public/votes/" + vote).then().body("passed", equalTo(true), "yes", nullValue(), "no", nullValue());
        assertEquals(0, count("SELECT count(*) FROM vote_ballot WHERE vote_id = '" + vote + "'"), "no ballot outlives the vote");
        assertEquals(0, count("SELECT count(*) FROM vote WHERE id = '" + vote + "' AND ballot_key IS NOT NULL"), "nor its key");
        as("bob").body("{\"choice\":\"NO\"}").put("/api/votes/" + vote + "/ballot").then().statusCode(409);

        move("SCALED").statusCode(200).body("stage", equalTo("SCALED"));
        given().get("/api/public/partnerships/" + partnership + "/decisions").then()
                .body("items.kind", hasItem("VOTE_RESULT"))
                .body("items.find { it.kind == 'STAGE_TRANSITION' && it.summary.contains('SCALED') }.summary", containsString("measured"));
    }

    @Test
    void scalingNeedsTheLatestScalingVoteUnderTheCurrentCriteria() throws SQLException {
        meetTheCriteria();
        as("sam").body("{\"purpose\":\"SCALE\",\"question\":\"Scale?\",\"electorate\":\"PARTICIPANTS\",\"quorum\":0.2,\"threshold\":0.5,"
                + "\"closesAt\":\"" + Instant.now().plusSeconds(60) + "\"}").post("/api/initiatives/" + initiative + "/votes").then()
                .statusCode(400).body("errors.field", hasItem("quorum"));
        String first = openVote("SCALE", "0.5", "0.5", Instant.now().plusSeconds(2));
        as("sam").body("{\"purpose\":\"SCALE\",\"question\":\"Again?\",\"electorate\":\"PARTICIPANTS\",\"quorum\":0.5,\"threshold\":0.5,"
                + "\"closesAt\":\"" + Instant.now().plusSeconds(60) + "\"}").post("/api/initiatives/" + initiative + "/votes").then()
                .statusCode(409).body("rule", equalTo("one-scaling-vote"));
        as("bob").body("{\"choice\":\"YES\"}").put("/api/votes/" + first + "/ballot").then().statusCode(200);
        as("carol").body("{\"choice\":\"YES\"}").put("/api/votes/" + first + "/ballot").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(given().get("/api/public/votes/" + first).then().extract().path("status")));
        // the criteria change after the vote: the vote was on other terms and no longer counts
        as("sam").body("""
                {"criteria":[{"metric":"ENGAGEMENT_RATE","threshold":0.5,"description":"Half stay active"},
                             {"metric":"MEAN_SATISFACTION","threshold":3.5,"description":"Glad they came"},
                             {"metric":"QUALITY_SCORE","threshold":3,"description":"Good work"}],"rationale":"Raised the bar on satisfaction."}""")
                .put("/api/initiatives/" + initiative + "/criteria").then().statusCode(200);
        move("SCALED").statusCode(409).body("rule", equalTo("approval-vote"));
    }

    @Test
    void aVoteBelowQuorumDoesNotPass() {
        String vote = openVote("OTHER", "0.75", "0.5", Instant.now().plusSeconds(2));
        as("bob").body("{\"choice\":\"YES\"}").put("/api/votes/" + vote + "/ballot").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "CLOSED".equals(given().get("/api/public/votes/" + vote).then().extract().path("status")));
        given().get("/api/public/votes/" + vote).then().body("passed", equalTo(false), "yes", nullValue());
    }

    @Test
    void badVotesAreRefusedNamingTheFieldAndNothingIsWritten() throws SQLException {
        String url = "/api/initiatives/" + initiative + "/votes";
        String later = Instant.now().plus(Duration.ofDays(1)).toString();
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case("{\"purpose\":\"OTHER\",\"question\":\"q\",\"electorate\":\"PARTICIPANTS\",\"quorum\":1.5,\"threshold\":0.5,\"closesAt\":\"" + later + "\"}", "quorum"),
                new Case("{\"purpose\":\"OTHER\",\"question\":\"q\",\"electorate\":\"PARTICIPANTS\",\"quorum\":0.5,\"threshold\":0,\"closesAt\":\"" + later + "\"}", "threshold"),
                new Case("{\"purpose\":\"OTHER\",\"question\":\"q\",\"electorate\":\"PARTICIPANTS\",\"quorum\":0.5,\"threshold\":-0.1,\"closesAt\":\"" + later + "\"}", "threshold"),
                new Case("{\"purpose\":\"OTHER\",\"question\":\"q\",\"electorate\":\"PARTICIPANTS\",\"quorum\":0.5,\"threshold\":0.5,\"closesAt\":\"2020-01-01T00:00:00Z\"}", "closesAt"),
                new Case("{\"purpose\":\"OTHER\",\"question\":\"q\",\"electorate\":\"PARTICIPANTS\",\"quorum\":0.5,\"threshold\":0.5,\"closesAt\":\""
                        + Instant.now().plus(Duration.ofDays(100)) + "\"}", "closesAt"),
                new Case("{\"purpose\":\"OTHER\",\"question\":\"q\",\"electorate\":\"EVERYONE\",\"quorum\":0.5,\"threshold\":0.5,\"closesAt\":\"" + later + "\"}", "electorate"),
                new Case("{\"purpose\":\"OTHER\",\"question\":\"\",\"electorate\":\"PARTICIPANTS\",\"quorum\":0.5,\"threshold\":0.5,\"closesAt\":\"" + later + "\"}", "question"))) {
            as("sam").body(c.body()).post(url).then().statusCode(400).body("errors.field", hasItem(c.field()));
        }
        as("tess").body("{\"purpose\":\"OTHER\",\"question\":\"q\",\"electorate\":\"PARTICIPANTS\",\"quorum\":0.5,\"threshold\":0.5,\"closesAt\":\"" + later + "\"}")
                .post(url).then().statusCode(403);
        assertEquals(0, count("SELECT count(*) FROM vote WHERE initiative_id = '" + initiative + "'"));
        String vote = openVote("OTHER", "0", "1", Instant.now().plus(Duration.ofHours(1)));
        as("bob").body("{\"choice\":\"MAYBE\"}").put("/api/votes/" + vote + "/ballot").then().statusCode(400).body("errors.field", hasItem("choice"));
    }

    @Test
    void theTallyArithmetic() {
        Tally tally = new Tally(10, 4, 2, 1);
        assertEquals(true, tally.quorumMet(new BigDecimal("0.7")));
        assertEquals(false, tally.quorumMet(new BigDecimal("0.71")));
        assertEquals(true, tally.passes(new BigDecimal("0.5"), new BigDecimal("0.666")));
        assertEquals(false, tally.passes(new BigDecimal("0.5"), new BigDecimal("0.667")));
        assertEquals(false, new Tally(3, 0, 0, 3).passes(BigDecimal.ZERO, new BigDecimal("0.5")), "only abstentions decide nothing");
    }
}
