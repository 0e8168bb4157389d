package org.commonground.initiative.escalation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Escalations: raised by participants, answered in time by stewards, escalated when late, counted in public. */
@QuarkusTest
class EscalationTest {

    @Inject
    AgroalDataSource database;

    @Inject
    EscalationSchedule schedule;

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

    private String raise(String user) {
        return as(user).body("{\"kind\":\"CONFLICT\",\"summary\":\"Rota dispute\",\"description\":\"Two volunteers were given the same shift.\"}")
                .post("/api/initiatives/" + initiative + "/escalations").then().statusCode(201)
                .body("acknowledgeBy", notNullValue(), "resolveBy", notNullValue()).extract().path("id");
    }

    @BeforeEach
    void bobTakesPartInAnInitiativeSamStewards() throws SQLException {
        for (String user : List.of("alice", "bob", "carol")) {
            Members.known(user);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Members.countKnown("alice", "bob", "carol")) == 3);
        partnership = as("sam").body("""
                        {"name":"Escalations","partnerName":"Acme","purpose":"Settle what goes wrong, in time.",
                         "memberNeeds":"Being heard.","partnerContributes":"Mediators.","communityContributes":"Patience."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        initiative = as("alice").body("{\"kind\":\"PROGRAM\",\"title\":\"Rota\",\"problem\":\"Shifts clash.\",\"approach\":\"A shared rota.\"}")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
    }

    @Test
    void aParticipantRaisesAndTheStewardsAcknowledgeAndResolve() throws SQLException {
        String id = raise("bob");
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'escalation.opened.v1' AND payload LIKE '%" + id + "%'"));
        as("bob").get("/api/escalations/" + id).then().statusCode(200).body("summary", equalTo("Rota dispute"));
        as("carol").get("/api/escalations/" + id).then().statusCode(404);
        as("tess").post("/api/escalations/" + id + "/acknowledge").then().statusCode(403);
        as("bob").post("/api/escalations/" + id + "/acknowledge").then().statusCode(403);
        as("sam").get("/api/partnerships/" + partnership + "/escalations").then().statusCode(200).body("id", hasItem(id));
        as("tess").get("/api/partnerships/" + partnership + "/escalations").then().statusCode(403);
        as("sam").post("/api/escalations/" + id + "/acknowledge").then().statusCode(200).body("acknowledgedAt", notNullValue());
        as("sam").post("/api/escalations/" + id + "/acknowledge").then().statusCode(409);
        as("sam").body("{\"resolution\":\"The rota now flags double bookings.\"}").post("/api/escalations/" + id + "/resolve").then()
                .statusCode(200).body("steps.step", equalTo(List.of("OPENED", "ACKNOWLEDGED", "RESOLVED")));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'escalation.resolved.v1' AND payload LIKE '%" + id + "%'"));
        given().get("/api/public/partnerships/" + partnership + "/escalations/on-time").then().statusCode(200)
                .body("opened", equalTo(1), "resolvedOnTime", equalTo(1), "onTimeRate", equalTo("1"), "$", not(hasItem("Rota dispute")));
    }

    @Test
    void onlyParticipantsRaiseAndBadEscalationsAreRefused() {
        as("carol").body("{\"kind\":\"CONCERN\",\"summary\":\"x\",\"description\":\"y\"}").post("/api/initiatives/" + initiative + "/escalations")
                .then().statusCode(403);
        as("bob").body("{\"kind\":\"RANT\",\"summary\":\"x\",\"description\":\"y\"}").post("/api/initiatives/" + initiative + "/escalations")
                .then().statusCode(400).body("errors.field", hasItem("kind"));
        as("bob").body("{\"kind\":\"CONCERN\",\"summary\":\"\",\"description\":\"y\"}").post("/api/initiatives/" + initiative + "/escalations")
                .then().statusCode(400).body("errors.field", hasItem("summary"));
    }

    @Test
    void anEscalationNotAnsweredInTimeIsEscalatedOnceAndCountsAsLate() throws Throwable {
        String id = raise("bob");
        VertxContextSupport.subscribeAndAwait(() -> schedule.run(Instant.now().plus(Duration.ofDays(4))));
        VertxContextSupport.subscribeAndAwait(() -> schedule.run(Instant.now().plus(Duration.ofDays(5))));
        as("sam").get("/api/escalations/" + id).then().statusCode(200).body("overdueSince", notNullValue())
                .body("steps.step", equalTo(List.of("OPENED", "ESCALATED")));
        as("audrey").get("/api/escalations/" + id).then().statusCode(200);
        given().get("/api/public/partnerships/" + partnership + "/escalations/on-time").then()
                .body("opened", equalTo(1), "acknowledged", equalTo(0));
    }
}
