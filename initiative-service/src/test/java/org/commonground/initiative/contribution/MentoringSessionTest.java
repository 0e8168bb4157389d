package org.commonground.initiative.contribution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A mentoring session held in member-service's exchange becomes the mentor's MENTORING contribution, once, under its rules. */
@QuarkusTest
class MentoringSessionTest {

    @Inject
    AgroalDataSource database;

    /** a demo user no other test of this service records contributions for: a day holds 24 hours */
    static final String MENTOR = "load-4";
    final String bob = Members.idOf(MENTOR);
    String partnership;
    String initiative;

    static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @BeforeEach
    void anInitiative() throws SQLException {
        for (String user : List.of("alice", MENTOR)) {
            Members.known(user);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Members.countKnown("alice", MENTOR)) == 2);
        try (var c = database.getConnection(); var s = c.createStatement()) {
            s.executeUpdate(Members.clearContributions(MENTOR));
        }
        partnership = as("sam").body("""
                        {"name":"Mentoring circle","partnerName":"Acme Hardware","partnerOrganization":"acme",
                         "purpose":"Members teach members.","memberNeeds":"Skills.","partnerContributes":"Room.","communityContributes":"Time."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        initiative = as("alice").body("{\"kind\":\"PILOT\",\"title\":\"Sewing circle\",\"problem\":\"Clothes are thrown away.\",\"approach\":\"Mend.\"}")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
    }

    String held(String hours) {
        String session = UUID.randomUUID().toString();
        ObjectNode event = ((ObjectNode) EventSchemas.examples(EventType.MENTORSHIP_SESSION_HELD).get(0).deepCopy())
                .put("sessionId", session).put("mentorMemberId", bob).put("initiativeId", initiative).put("partnershipId", partnership)
                .put("heldOn", LocalDate.now(ZoneOffset.UTC).toString()).put("hours", new java.math.BigDecimal(hours)).put("at", Instant.now().toString());
        EventBus.publish(EventType.MENTORSHIP_SESSION_HELD, bob, event);
        EventBus.publish(EventType.MENTORSHIP_SESSION_HELD, bob, event); // delivered twice: recorded once
        return session;
    }

    @Test
    void aSessionOfAParticipantIsTheirMentoringContributionOnceAndOfAnyoneElseIsRefusedWithTheReason() throws SQLException {
        String outsider = held("1.5");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM contribution WHERE id = '" + outsider + "'") == 1);
        as(MENTOR).get("/api/contributions/mine").then().statusCode(200)
                .body("items.find { it.id == '" + outsider + "' }.status", equalTo("REJECTED"))
                .body("items.find { it.id == '" + outsider + "' }.reason", startsWith("You did not take part in this initiative"));

        as(MENTOR).post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
        String session = held("2");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM contribution WHERE id = '" + session + "'") == 1);
        as(MENTOR).get("/api/contributions/mine").then()
                .body("items.find { it.id == '" + session + "' }.status", equalTo("RECORDED"))
                .body("items.find { it.id == '" + session + "' }.type", equalTo("MENTORING"))
                .body("items.find { it.id == '" + session + "' }.hours", equalTo("2"));
        // the copies of the first session came before this one on bob's partition: each was applied once
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'contribution.recorded.v1' AND subject = '" + outsider + "'"));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'contribution.rejected.v1' AND subject = '" + outsider + "'"));
        // stewards verify it like any other
        as("sam").body("{\"impact\":\"MEDIUM\"}").post("/api/contributions/" + session + "/verify").then().statusCode(200)
                .body("status", equalTo("VERIFIED"));
        // a day holds 24 hours, sessions included
        as(MENTOR).body("{\"type\":\"OTHER\",\"description\":\"A long day of mending.\",\"hours\":20,\"occurredOn\":\""
                + LocalDate.now(ZoneOffset.UTC) + "\"}").post("/api/initiatives/" + initiative + "/contributions").then().statusCode(201);
        String tooMuch = held("8");
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM contribution WHERE id = '" + tooMuch + "'") == 1);
        as(MENTOR).get("/api/contributions/mine").then()
                .body("items.find { it.id == '" + tooMuch + "' }.status", equalTo("REJECTED"))
                .body("items.find { it.id == '" + tooMuch + "' }.reason", startsWith("With this session your"));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'contribution.recorded.v1' AND subject = '" + session + "'"));
    }
}
