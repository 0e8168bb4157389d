package org.commonground.initiative.lesson;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.testing.Lessons;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Lessons learned: any member records them, the committee's are required to move on, everyone reads them unsigned. */
@QuarkusTest
class LessonTest {

    @Inject
    AgroalDataSource database;

    String partnership;

    static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    String propose(String user, String title, String problem) {
        return as(user).body("{\"kind\":\"PILOT\",\"title\":\"" + title + "\",\"problem\":\"" + problem + "\",\"approach\":\"Try it.\"}")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
    }

    @BeforeEach
    void aPartnership() throws SQLException {
        Members.known("alice");
        Members.known("load-2");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Members.countKnown("alice", "load-2")) == 2);
        partnership = as("sam").body("""
                        {"name":"Neighbourhood memory","partnerName":"Acme Hardware","partnerOrganization":"acme",
                         "purpose":"Keep what we learn, and learn from it.","memberNeeds":"Not repeating mistakes.",
                         "partnerContributes":"Time.","communityContributes":"Stories."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
    }

    @Test
    void aLessonNeedsEveryPartWithinItsLengthAndABadOneWritesNothing() throws SQLException {
        String initiative = propose("alice", "Courtyard garden", "The courtyard is bare concrete.");
        long before = count("SELECT count(*) FROM lesson");
        String url = "/api/initiatives/" + initiative + "/lessons";
        as("alice").body(Lessons.LESSON.replace("Small groups of four learned fastest.", " ")).post(url).then().statusCode(400)
                .body("errors.field", hasItem("whatWorked"));
        as("alice").body(Lessons.LESSON.replace("Small groups of four learned fastest.", "x".repeat(4001))).post(url).then().statusCode(400)
                .body("errors.field", hasItem("whatWorked"));
        as("alice").body(Lessons.LESSON.replace("Anyone running hands-on sessions in the hall", "y".repeat(501))).post(url).then().statusCode(400)
                .body("errors.field", hasItem("forWhom"));
        as("alice").body(Lessons.LESSON.replace("Saturday mornings", "Saturday\\u0000mornings")).post(url).then().statusCode(400)
                .body("errors.field", hasItem("whatDidNot"));
        as("alice").body("{\"whatWorked\":\"Only this.\"}").post(url).then().statusCode(400)
                .body("errors.field", hasItem("whatDidNot"), "errors.field", hasItem("doDifferently"), "errors.field", hasItem("forWhom"));
        as("alice").body(Lessons.LESSON).post("/api/initiatives/" + UUID.randomUUID() + "/lessons").then().statusCode(404);
        given().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).contentType(ContentType.JSON).body(Lessons.LESSON)
                .post(url).then().statusCode(403);
        assertEquals(before, count("SELECT count(*) FROM lesson"), "nothing written");
    }

    @Test
    void lessonsArePublicAndUnsignedAndTheCommitteesAreMarkedSo() {
        String initiative = propose("alice", "Tool shed", "Nobody knows who has the ladder.");
        Lessons.recorded("alice", initiative);
        as("load-2").body(Lessons.LESSON).post("/api/initiatives/" + initiative + "/lessons").then().statusCode(201)
                .body("kind", equalTo("MEMBER"));
        given().get("/api/public/initiatives/" + initiative + "/lessons").then().statusCode(200)
                .body("items.kind", equalTo(List.of("COMMITTEE", "MEMBER")), "items[0].stage", equalTo("PROPOSED"),
                        "items[0]", not(org.hamcrest.Matchers.hasKey("authorMember")),
                        "items[0].forWhom", equalTo("Anyone running hands-on sessions in the hall"));
    }

    @Test
    void aLessonCountsForTheRuleOnlyWhileItsWriterSitsOnTheCommittee() {
        String initiative = propose("alice", "Seed swap", "Seeds are bought every spring and half are wasted.");
        as("sam").body("{\"to\":\"CO_DESIGN\",\"rationale\":\"Gardeners asked for it.\"}").post("/api/initiatives/" + initiative + "/transitions")
                .then().statusCode(200);
        // joining the committee, writing a line and leaving again does not satisfy the rule
        as("load-2").post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(200);
        as("load-2").body(Lessons.LESSON).post("/api/initiatives/" + initiative + "/lessons").then().statusCode(201).body("kind", equalTo("COMMITTEE"));
        as("load-2").delete("/api/initiatives/" + initiative + "/committee/me").then().statusCode(204);
        as("sam").body("{\"to\":\"RETIRED\",\"rationale\":\"No hall this year.\"}").post("/api/initiatives/" + initiative + "/transitions")
                .then().statusCode(409).body("rule", equalTo("lessons-learned"));
        Lessons.recorded("alice", initiative);
        as("sam").body("{\"to\":\"RETIRED\",\"rationale\":\"No hall this year.\"}").post("/api/initiatives/" + initiative + "/transitions")
                .then().statusCode(200);
    }

    @Test
    void aProposalThatNeverStartedIsRetiredWithoutLessons() {
        String initiative = propose("alice", "Roof garden", "The roof is empty.");
        as("sam").body("{\"to\":\"RETIRED\",\"rationale\":\"The roof is not safe.\"}").post("/api/initiatives/" + initiative + "/transitions")
                .then().statusCode(200);
    }

    @Test
    void aRetiredPilotsLessonsAreShownWhenASimilarInitiativeIsProposed() {
        String old = propose("alice", "Bicycle repair corner", "Members throw away broken bicycles they could repair.");
        as("alice").body("""
                        {"whatWorked":"Donated spare parts covered most repairs.","whatDidNot":"Nobody could open the shed on weekdays.",
                         "doDifferently":"Give three volunteers a key.","forWhom":"Whoever starts a repair corner"}""")
                .post("/api/initiatives/" + old + "/lessons").then().statusCode(201);
        as("sam").body("{\"to\":\"RETIRED\",\"rationale\":\"The shed was sold.\"}").post("/api/initiatives/" + old + "/transitions")
                .then().statusCode(200);

        String similar = propose("load-2", "Bike kitchen", "Broken bicycles pile up in the courtyard.");
        given().get("/api/public/initiatives/" + similar + "/related-lessons").then().statusCode(200)
                .body("initiativeId", hasItem(old),
                        "find { it.initiativeId == '" + old + "' }.lessons[0].doDifferently", equalTo("Give three volunteers a key."));
        String unrelated = propose("load-2", "Reading circle", "Older neighbours feel lonely in winter.");
        given().get("/api/public/initiatives/" + unrelated + "/related-lessons").then().statusCode(200)
                .body("initiativeId", not(hasItem(old)));
        given().get("/api/public/initiatives/" + UUID.randomUUID() + "/related-lessons").then().statusCode(404);
    }
}
