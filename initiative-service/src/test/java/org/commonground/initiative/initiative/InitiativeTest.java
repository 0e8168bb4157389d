package org.commonground.initiative.initiative;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.commonground.initiative.testing.Lessons;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An initiative from proposal through co-design and pilot, on published criteria, with every rule that guards it. */
@QuarkusTest
class InitiativeTest {

    private static final String CRITERIA = """
            {"criteria":[{"metric":"ENGAGEMENT_RATE","threshold":0.6,"description":"Most who enrol stay active"},
                         {"metric":"MEAN_SATISFACTION","threshold":4,"description":"Participants are glad they came"},
                         {"metric":"QUALITY_SCORE","threshold":3.5,"description":"Stewards rate the work good"}]%s}""";

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

    private ValidatableResponse move(String steward, String to) {
        return as(steward).body("{\"to\":\"" + to + "\",\"rationale\":\"Because the committee asked for it.\"}")
                .post("/api/initiatives/" + initiative + "/transitions").then();
    }

    /** sam stewards a partnership in which alice has proposed an initiative */
    @BeforeEach
    void aliceProposesAnInitiative() throws SQLException {
        for (String user : List.of("alice", "bob", "carol", "load-1")) {
            Members.known(user);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Members.countKnown("alice", "bob", "carol", "load-1")) == 4);
        partnership = as("sam").body("""
                        {"name":"Tool library","partnerName":"Acme Hardware","partnerOrganization":"acme",
                         "purpose":"Lend tools to neighbours and teach repairs on Saturdays.","memberNeeds":"No room for tools.",
                         "partnerContributes":"Tools.","communityContributes":"Volunteers."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        initiative = as("alice").body("""
                        {"kind":"PILOT","title":"Saturday repair school","problem":"Members throw away things they could mend.",
                         "approach":"Volunteers teach one repair skill each Saturday."}""")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201)
                .body("stage", equalTo("PROPOSED"), "next", equalTo(List.of("CO_DESIGN", "RETIRED")), "committeeSize", equalTo(1),
                        "$", not(hasKey("proposedBy")))
                .extract().path("id");
    }

    @Test
    void aPilotMovesThroughItsStagesOnlyOnItsRulesAndEveryMoveIsLoggedAndPublished() throws SQLException {
        move("sam", "PILOT").statusCode(409).body("rule", equalTo("stage-transition"), "detail", containsString("CO_DESIGN, RETIRED"));
        move("sam", "CO_DESIGN").statusCode(200).body("stage", equalTo("CO_DESIGN"));

        move("sam", "PILOT").statusCode(409).body("rule", equalTo("committee-size"));
        as("bob").post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(200);
        as("carol").post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(200).body("committeeSize", equalTo(3));
        move("sam", "PILOT").statusCode(409).body("rule", equalTo("pilot-plan"));
        as("alice").body("{\"scope\":\"Four Saturdays, ten places each.\",\"timeline\":\"January to March.\"}")
                .put("/api/initiatives/" + initiative + "/plan").then().statusCode(200);
        move("sam", "PILOT").statusCode(409).body("rule", equalTo("criteria-published"));
        as("sam").body(CRITERIA.formatted("")).put("/api/initiatives/" + initiative + "/criteria").then().statusCode(200)
                .body("criteria.metric", equalTo(List.of("ENGAGEMENT_RATE", "MEAN_SATISFACTION", "QUALITY_SCORE")));
        move("sam", "PILOT").statusCode(409).body("rule", equalTo("pilot-plan"));
        String first = as("bob").body("{\"title\":\"First session\",\"dueOn\":\"" + LocalDate.now().plusDays(10) + "\",\"weight\":1}")
                .post("/api/initiatives/" + initiative + "/milestones").then().statusCode(201).extract().path("id");
        as("bob").body("{\"title\":\"All four sessions\",\"dueOn\":\"" + LocalDate.now().plusDays(60) + "\",\"weight\":3}")
                .post("/api/initiatives/" + initiative + "/milestones").then().statusCode(201);
        move("sam", "PILOT").statusCode(200).body("stage", equalTo("PILOT"));

        as("carol").body("{\"progress\":100}").put("/api/initiatives/" + initiative + "/milestones/" + first + "/progress")
                .then().statusCode(200).body("progress", equalTo(25), "milestones[0].doneOn", equalTo(LocalDate.now().toString()));
        move("sam", "PAUSED").statusCode(200).body("next", equalTo(List.of("PILOT", "RETIRED")));
        move("sam", "EVALUATION").statusCode(409).body("rule", equalTo("stage-transition"));
        move("sam", "PILOT").statusCode(200);
        // the committee writes down what the pilot taught before it is weighed; a member's lesson is not the committee's
        move("sam", "EVALUATION").statusCode(409).body("rule", equalTo("lessons-learned"), "detail", containsString("PILOT stage"));
        as("load-1").body(Lessons.LESSON).post("/api/initiatives/" + initiative + "/lessons").then().statusCode(201)
                .body("kind", equalTo("MEMBER"), "stage", equalTo("PILOT"), "$", not(hasKey("authorMember")));
        move("sam", "EVALUATION").statusCode(409).body("rule", equalTo("lessons-learned"));
        Lessons.recorded("carol", initiative);
        move("sam", "EVALUATION").statusCode(200);
        move("sam", "SCALED").statusCode(409).body("rule", equalTo("criteria-not-met"));

        given().get("/api/public/partnerships/" + partnership + "/decisions").then()
                .body("items.kind", equalTo(List.of("STAGE_TRANSITION", "CRITERIA_CHANGE", "STAGE_TRANSITION",
                        "STAGE_TRANSITION", "STAGE_TRANSITION", "STAGE_TRANSITION")),
                        "items[0].summary", containsString("from PROPOSED to CO_DESIGN"),
                        "items[0].rationale", equalTo("Because the committee asked for it."));
        assertEquals(5, count("SELECT count(*) FROM outbox WHERE type = 'initiative.stage-changed.v1' AND message_key = '" + initiative + "'"));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'initiative.proposed.v1' AND message_key = '" + initiative + "'"));
        given().get("/api/public/initiatives/" + initiative + "/timeline").then().statusCode(200)
                .body("kind[0]", equalTo("PROPOSED"), "kind", hasItem("MILESTONE_DONE"), "kind", hasItem("MILESTONE_DUE"),
                        "kind", hasItem("STAGE_TRANSITION"), "kind", hasItem("CRITERIA_CHANGE"));
        // a pilot under way changes its criteria only with a rationale
        as("sam").body(CRITERIA.formatted("")).put("/api/initiatives/" + initiative + "/criteria").then().statusCode(400)
                .body("errors.field", hasItem("rationale"));
        as("sam").body(CRITERIA.formatted(",\"rationale\":\"Winter attendance is lower.\"")).put("/api/initiatives/" + initiative + "/criteria")
                .then().statusCode(200);
    }

    @Test
    void onlyThePartnershipsStewardsWithoutAConflictMoveAnInitiative() {
        move("tess", "CO_DESIGN").statusCode(403);
        as("alice").body("{\"to\":\"CO_DESIGN\",\"rationale\":\"x\"}").post("/api/initiatives/" + initiative + "/transitions").then().statusCode(403);
        given().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).contentType(ContentType.JSON)
                .body("{\"to\":\"CO_DESIGN\",\"rationale\":\"x\"}").post("/api/initiatives/" + initiative + "/transitions").then().statusCode(403);
        as("sam").body("{\"interest\":\"I sell repair kits.\",\"since\":\"2023-01-01\"}").post("/api/partnerships/" + partnership + "/disclosures")
                .then().statusCode(201);
        move("sam", "CO_DESIGN").statusCode(409).body("rule", equalTo("conflict-of-interest"), "detail", containsString("I sell repair kits."));
        move("olga", "CO_DESIGN").statusCode(200);
    }

    @Test
    void onlyTheCommitteeAndTheStewardsShapeThePlan() {
        as("load-1").body("{\"scope\":\"Mine now\",\"timeline\":\"Never\"}").put("/api/initiatives/" + initiative + "/plan").then().statusCode(403);
        as("load-1").post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(200);
        as("load-1").body("{\"scope\":\"Ours\",\"timeline\":\"Soon\"}").put("/api/initiatives/" + initiative + "/plan").then().statusCode(200);
        as("load-1").delete("/api/initiatives/" + initiative + "/committee/me").then().statusCode(204);
        as("load-1").body("{\"scope\":\"Again\",\"timeline\":\"Soon\"}").put("/api/initiatives/" + initiative + "/plan").then().statusCode(403);
        as("tess").body("{\"scope\":\"Not my partnership\",\"timeline\":\"x\"}").put("/api/initiatives/" + initiative + "/plan").then().statusCode(403);
        as("sam").body("{\"scope\":\"Steward's edit\",\"timeline\":\"x\"}").put("/api/initiatives/" + initiative + "/plan").then().statusCode(200);
        // once it is past co-design, nobody new walks into the committee to rewrite it
        Lessons.recorded("alice", initiative);
        as("sam").body("{\"to\":\"RETIRED\",\"rationale\":\"Not this year.\"}").post("/api/initiatives/" + initiative + "/transitions")
                .then().statusCode(200);
        as("load-1").post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(409);
    }

    @Test
    void theCommitteeLeadRotatesUnderTheCommunitysRule() {
        as("bob").post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(200);
        String bob = Members.idOf("bob");
        String url = "/api/initiatives/" + initiative + "/committee/leads";
        LocalDate today = LocalDate.now();
        as("sam").body("{\"memberId\":\"" + Members.idOf("load-1") + "\",\"startsOn\":\"" + today + "\",\"endsOn\":\"" + today.plusMonths(3) + "\"}")
                .post(url).then().statusCode(409).body("rule", equalTo("lead-sits-on-committee"));
        as("alice").body("{\"memberId\":\"" + bob + "\",\"startsOn\":\"" + today + "\",\"endsOn\":\"" + today.plusMonths(3) + "\"}")
                .post(url).then().statusCode(403);
        as("sam").body("{\"memberId\":\"" + bob + "\",\"startsOn\":\"" + today + "\",\"endsOn\":\"" + today.plusMonths(3) + "\"}")
                .post(url).then().statusCode(201).body("serving", equalTo(true));
        as("sam").body("{\"memberId\":\"" + bob + "\",\"startsOn\":\"" + today.plusMonths(3).plusDays(1) + "\",\"endsOn\":\"" + today.plusMonths(6) + "\"}")
                .post(url).then().statusCode(201);
        as("sam").body("{\"memberId\":\"" + bob + "\",\"startsOn\":\"" + today.plusMonths(6).plusDays(1) + "\",\"endsOn\":\"" + today.plusMonths(9) + "\"}")
                .post(url).then().statusCode(409).body("rule", equalTo("rotation"));
        as("sam").body("{\"memberId\":\"" + bob + "\",\"startsOn\":\"" + today.plusDays(10) + "\",\"endsOn\":\"" + today.plusDays(5) + "\"}")
                .post(url).then().statusCode(400).body("errors.field", hasItem("endsOn"));
        given().get("/api/public/initiatives/" + initiative).then().body("committeeLed", equalTo(true));
        as("carol").post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(200);
        as("sam").body("{\"memberId\":\"" + Members.idOf("carol") + "\",\"startsOn\":\"" + today.plusMonths(1) + "\",\"endsOn\":\"" + today.plusMonths(4) + "\"}")
                .post(url).then().statusCode(409).body("rule", equalTo("one-lead-at-a-time"));
        as("bob").delete("/api/initiatives/" + initiative + "/committee/me").then().statusCode(204);
        given().get("/api/public/initiatives/" + initiative).then().body("committeeLed", equalTo(false));
        as("alice").get(url).then().statusCode(200).body("endedReason", hasItem("left-committee"));
        as("load-1").get(url).then().statusCode(403); // who sits on a committee is not for everyone
    }

    private String lastEvent(String type) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT payload FROM outbox WHERE type = '"
                + type + "' AND message_key = '" + initiative + "' ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void committeeRolesAndMilestonesAreAnnouncedForReportingAndOnlyWhenTheyChange() throws SQLException {
        String roles = "SELECT count(*) FROM outbox WHERE type = 'committee.role-changed.v1' AND message_key = '" + initiative + "'";
        // the proposer took the first seat
        assertEquals(1, count(roles));
        String seat = lastEvent("committee.role-changed.v1");
        assertTrue(seat.contains("\"role\":\"seat\"") && seat.contains(Members.idOf("alice"))
                && seat.contains("\"partnershipId\":\"" + partnership + "\"") && seat.contains("\"startsOn\":\"" + LocalDate.now() + "\""), seat);
        as("bob").post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(200);
        as("bob").post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(200);
        assertEquals(2, count(roles), "sitting down again takes no new seat");

        LocalDate start = LocalDate.now().plusDays(7);
        String term = as("sam").body("{\"memberId\":\"" + Members.idOf("bob") + "\",\"startsOn\":\"" + start + "\",\"endsOn\":\""
                + start.plusMonths(3) + "\"}").post("/api/initiatives/" + initiative + "/committee/leads").then().statusCode(201).extract().path("id");
        assertEquals(3, count(roles));
        assertTrue(lastEvent("committee.role-changed.v1").contains("\"roleId\":\"" + term + "\""));
        // leaving the committee cancels the upcoming lead term: reporting learns it was never served
        as("bob").delete("/api/initiatives/" + initiative + "/committee/me").then().statusCode(204);
        assertEquals(4, count(roles));
        String ended = lastEvent("committee.role-changed.v1");
        assertTrue(ended.contains("\"role\":\"lead\"") && ended.contains("\"lastDay\":\"" + LocalDate.now().minusDays(1) + "\""), ended);

        String milestones = "SELECT count(*) FROM outbox WHERE type = 'initiative.milestone-changed.v1' AND message_key = '" + initiative + "'";
        String id = as("alice").body("{\"title\":\"First session\",\"dueOn\":\"" + LocalDate.now().plusDays(10) + "\",\"weight\":2}")
                .post("/api/initiatives/" + initiative + "/milestones").then().statusCode(201).extract().path("id");
        assertEquals(1, count(milestones));
        as("alice").body("{\"progress\":100}").put("/api/initiatives/" + initiative + "/milestones/" + id + "/progress").then().statusCode(200);
        as("alice").body("{\"progress\":100}").put("/api/initiatives/" + initiative + "/milestones/" + id + "/progress").then().statusCode(200);
        assertEquals(2, count(milestones), "saying the same progress again changes nothing");
        String done = lastEvent("initiative.milestone-changed.v1");
        assertTrue(done.contains("\"progress\":100") && done.contains("\"weight\":2")
                && done.contains("\"doneOn\":\"" + LocalDate.now() + "\"") && done.contains("\"milestoneId\":\"" + id + "\""), done);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndNothingIsWritten() throws SQLException {
        long decisions = count("SELECT count(*) FROM decision WHERE initiative_id = '" + initiative + "'");
        as("sam").body("{\"to\":\"LAUNCHED\",\"rationale\":\"x\"}").post("/api/initiatives/" + initiative + "/transitions").then()
                .statusCode(400).body("errors.field", hasItem("to"));
        as("sam").body("{\"to\":\"CO_DESIGN\"}").post("/api/initiatives/" + initiative + "/transitions").then()
                .statusCode(400).body("errors.field", hasItem("rationale"));
        as("sam").body("{\"to\":\"CO_DESIGN\",\"rationale\":\"x\",\"reviewOn\":\"2020-01-01\"}").post("/api/initiatives/" + initiative + "/transitions")
                .then().statusCode(400).body("errors.field", hasItem("reviewOn"));
        as("sam").body(CRITERIA.formatted("").replace("0.6", "1.5")).put("/api/initiatives/" + initiative + "/criteria").then()
                .statusCode(400).body("errors.field", hasItem("criteria[0].threshold"));
        as("sam").body(CRITERIA.formatted("").replace("QUALITY_SCORE", "ENGAGEMENT_RATE")).put("/api/initiatives/" + initiative + "/criteria")
                .then().statusCode(400).body("errors.field", hasItem("criteria"));
        as("sam").body("{\"criteria\":[{\"metric\":\"HAPPINESS\",\"threshold\":1,\"description\":\"x\"}]}")
                .put("/api/initiatives/" + initiative + "/criteria").then().statusCode(400);
        as("alice").body("{\"title\":\"x\",\"dueOn\":\"" + LocalDate.now() + "\",\"weight\":0}").post("/api/initiatives/" + initiative + "/milestones")
                .then().statusCode(400).body("errors.field", hasItem("weight"));
        as("alice").body("{\"kind\":\"FESTIVAL\",\"title\":\"x\",\"problem\":\"y\",\"approach\":\"z\"}")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(400).body("errors.field", hasItem("kind"));
        as("alice").body("{\"kind\":\"PILOT\",\"title\":\"\",\"problem\":\"y\",\"approach\":\"z\"}")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(400).body("errors.field", hasItem("title"));
        as("alice").body("{\"kind\":\"PILOT\",\"title\":\"x\",\"problem\":\"y\",\"approach\":\"z\"}")
                .post("/api/partnerships/00000000-0000-4000-8000-000000000000/initiatives").then().statusCode(404);
        assertEquals(decisions, count("SELECT count(*) FROM decision WHERE initiative_id = '" + initiative + "'"));
        assertEquals(0, count("SELECT count(*) FROM criterion WHERE initiative_id = '" + initiative + "'"));
        assertEquals(0, count("SELECT count(*) FROM milestone WHERE initiative_id = '" + initiative + "'"));
    }

    @Test
    void anyoneReadsTheInitiativesButNotWhoProposedThemOrSitsOnTheirCommittee() {
        given().get("/api/public/initiatives/" + initiative).then().statusCode(200).body("title", equalTo("Saturday repair school"),
                "$", not(hasKey("proposedBy")), "$", not(hasKey("committee")));
        given().queryParam("partnership", partnership).get("/api/public/initiatives").then().statusCode(200)
                .body("items.id", equalTo(List.of(initiative)));
        given().queryParam("limit", 101).get("/api/public/initiatives").then().statusCode(400);
    }
}
