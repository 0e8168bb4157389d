package org.commonground.member.mentorship;

import static org.awaitility.Awaitility.await;
import static org.commonground.member.testing.Community.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.member.testing.Community;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mentorship exchange: suggestions only among members who allow directory-listing, spread so that the same few are
 * not asked again and again; a mentorship only when both accept, ended by either side whenever they like; sessions
 * announced for initiative-service to record as the mentor's contributions.
 */
@QuarkusTest
class MentorshipTest {

    @Inject
    AgroalDataSource database;

    Community community;

    long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String offer(String user, String skills, String times, String formats, int capacity) {
        return as(user).body("{\"skills\":[" + skills + "],\"availability\":[" + times + "],\"formats\":[" + formats + "],\"capacity\":" + capacity
                + ",\"note\":\"Happy to help.\"}").post("/api/mentorship/offers").then().statusCode(201).extract().path("id");
    }

    static String request(String user, String skills, String times, String formats) {
        return as(user).body("{\"skills\":[" + skills + "],\"availability\":[" + times + "],\"formats\":[" + formats + "]}")
                .post("/api/mentorship/requests").then().statusCode(201).extract().path("id");
    }

    static List<String> suggested(String user, String request) {
        return as(user).get("/api/mentorship/requests/" + request + "/suggestions").then().statusCode(200).extract().jsonPath()
                .getList("offerId");
    }

    @BeforeEach
    void nobodyYet() {
        community = new Community(database);
    }

    @Test
    void suggestionsNeverNameAMemberWithoutDirectoryListing() {
        community.joined("alice", "Alice Listed");
        community.joined("bob", "Bob Unlisted");
        community.joined("carol", "Carol Learner");
        Community.grant("alice", "directory-listing");
        String listed = offer("alice", "\"bike-repair\"", "\"WEEKEND\"", "\"ONE_TO_ONE\"", 2);
        String unlisted = offer("bob", "\"bike-repair\",\"carpentry\"", "\"WEEKEND\"", "\"ONE_TO_ONE\"", 2);
        String wants = request("carol", "\"bike-repair\",\"carpentry\"", "\"WEEKEND\"", "\"ONE_TO_ONE\"");

        JsonPath suggestions = as("carol").get("/api/mentorship/requests/" + wants + "/suggestions").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(listed), suggestions.getList("offerId"), "bob fits better, but does not allow directory-listing");
        assertEquals("Alice Listed", suggestions.getString("[0].mentor.displayName"));
        assertTrue(suggestions.getList("[0].because").contains("teaches 1 of the 2 skills you asked for"), suggestions.prettify());
        as("alice").get("/api/members/me/access-log").then().body("items.endpoint", hasItem("GET /api/mentorship/requests/{id}/suggestions"));
        as("carol").body("{\"offerId\":\"" + unlisted + "\"}").post("/api/mentorship/requests/" + wants + "/matches").then().statusCode(409)
                .body("rule", equalTo("not-suggested"));

        Community.grant("bob", "directory-listing");
        assertEquals(List.of(unlisted, listed), suggested("carol", wants), "listed now, and the better fit");
        Community.withdraw("bob", "directory-listing");
        assertEquals(List.of(listed), suggested("carol", wants));
        // nobody is suggested their own offer, or a closed one
        as("alice").post("/api/mentorship/listings/" + listed + "/close").then().statusCode(200).body("status", equalTo("CLOSED"));
        assertEquals(List.of(), suggested("carol", wants));
    }

    @Test
    void suggestionsSpreadSoThatNoMentorIsAskedMoreThanHalfTheTime() {
        // three listed mentors; the first fits every request best (same time, same format), the others less
        Map<String, String> mentorOf = new HashMap<>();
        mentorOf.put(mentor("load-1", "Best Fit", "\"WEEKEND\"", "\"ONE_TO_ONE\""), "load-1");
        mentorOf.put(mentor("load-2", "Other Format", "\"WEEKEND\"", "\"GROUP\""), "load-2");
        mentorOf.put(mentor("load-3", "Other Time", "\"WEEKDAY_EVENING\"", "\"ONE_TO_ONE\""), "load-3");
        Map<String, Integer> asked = new HashMap<>();
        int requests = 12;
        for (int i = 1; i <= requests; i++) {
            String user = "neighbour-" + String.format("%02d", i);
            community.joined(user, "Learner " + i);
            String wants = request(user, "\"tool-sharpening\"", "\"WEEKEND\"", "\"ONE_TO_ONE\"");
            String first = suggested(user, wants).get(0);
            as(user).body("{\"offerId\":\"" + first + "\"}").post("/api/mentorship/requests/" + wants + "/matches").then().statusCode(201)
                    .body("status", equalTo("PROPOSED"), "role", equalTo("MENTEE"));
            asked.merge(mentorOf.get(first), 1, Integer::sum);
        }
        int most = asked.values().stream().max(Integer::compare).orElseThrow();
        System.out.println("first suggestions of " + requests + " requests, by mentor: " + asked);
        assertTrue(most <= requests / 2, "no mentor is asked more than half the time: " + asked);
        assertEquals(3, asked.size(), "every mentor is asked: " + asked);
        // the one who fits best is still asked most
        assertEquals(most, asked.get("load-1"), asked.toString());
        // in aggregate, in public: twelve want to learn it (shown), three offer it (fewer than the smallest group: not counted)
        io.restassured.RestAssured.given().get("/api/public/mentorship").then().statusCode(200)
                .body("mostWanted.find { it.code == 'tool-sharpening' }.count", equalTo("12"))
                .body("mostOffered.find { it.code == 'tool-sharpening' }.count", equalTo("fewer than 10"))
                .body("smallestGroup", equalTo(10));
    }

    private String mentor(String user, String name, String times, String formats) {
        community.joined(user, name);
        Community.grant(user, "directory-listing");
        return offer(user, "\"tool-sharpening\"", times, formats, 10);
    }

    @Test
    void aMentorshipStartsOnlyWhenBothAcceptAndEitherSideMayEndItAtAnyTime() throws SQLException {
        community.joined("alice", "Alice Mentor");
        community.joined("carol", "Carol Mentee");
        Community.grant("alice", "directory-listing");
        String offer = offer("alice", "\"gardening\"", "\"WEEKEND\"", "\"SHADOWING\"", 1);
        String wants = request("carol", "\"gardening\"", "\"WEEKEND\"", "\"SHADOWING\"");
        String match = as("carol").body("{\"offerId\":\"" + offer + "\"}").post("/api/mentorship/requests/" + wants + "/matches").then()
                .statusCode(201).body("status", equalTo("PROPOSED"), "other.displayName", equalTo("Alice Mentor")).extract().path("id");
        // at capacity (1): alice is suggested to nobody else meanwhile
        community.joined("bob", "Bob Second");
        String other = request("bob", "\"gardening\"", "\"WEEKEND\"", "\"SHADOWING\"");
        assertEquals(List.of(), suggested("bob", other));
        // only the mentor accepts
        as("carol").post("/api/mentorship/matches/" + match + "/accept").then().statusCode(404);
        as("bob").post("/api/mentorship/matches/" + match + "/end").then().statusCode(404);
        as("alice").post("/api/mentorship/matches/" + match + "/accept").then().statusCode(200).body("status", equalTo("ACTIVE"),
                "role", equalTo("MENTOR"), "other.displayName", equalTo("Carol Mentee"));
        as("alice").post("/api/mentorship/matches/" + match + "/decline").then().statusCode(409).body("rule", equalTo("not-proposed"));
        // the mentee ends it, no reason asked; ending again changes nothing
        as("carol").post("/api/mentorship/matches/" + match + "/end").then().statusCode(200).body("status", equalTo("ENDED"),
                "endedBy", equalTo("MENTEE"));
        as("alice").post("/api/mentorship/matches/" + match + "/end").then().statusCode(200).body("status", equalTo("ENDED"),
                "endedBy", equalTo("MENTEE"));
        // alice has room again; she may also decline, and a mentee may withdraw a proposal before it is answered
        assertEquals(List.of(offer), suggested("bob", other));
        String second = as("bob").body("{\"offerId\":\"" + offer + "\"}").post("/api/mentorship/requests/" + other + "/matches").then()
                .statusCode(201).extract().path("id");
        as("alice").post("/api/mentorship/matches/" + second + "/decline").then().statusCode(200).body("status", equalTo("DECLINED"));
        as("bob").post("/api/mentorship/matches/" + second + "/end").then().statusCode(200).body("status", equalTo("DECLINED"));
        as("carol").get("/api/mentorship/mine").then().statusCode(200).body("requests.id", hasItem(wants))
                .body("mentorships.find { it.id == '" + match + "' }.status", equalTo("ENDED"));
        // her data export holds it too
        as("carol").get("/api/members/me/export").then().statusCode(200).body("mentorship.listings.id", hasItem(wants))
                .body("mentorship.matches.find { it.id == '" + match + "' }.endedBy", equalTo("MENTEE"));
        // erased, a mentor's offers close and what runs ends
        String third = as("bob").body("{\"offerId\":\"" + offer + "\"}").post("/api/mentorship/requests/" + other + "/matches").then()
                .statusCode(201).extract().path("id");
        as("alice").delete("/api/members/me").then().statusCode(204);
        as("bob").get("/api/mentorship/mine").then().body("mentorships.find { it.id == '" + third + "' }.status", equalTo("ENDED"))
                .body("mentorships.find { it.id == '" + third + "' }.other.displayName", equalTo("an erased member"));
        assertEquals(List.of(), suggested("bob", other));
    }

    @Test
    void aSessionHeldIsAnnouncedForTheMentorsContributionAndNamesNoMentee() throws SQLException {
        String alice = community.joined("alice", "Alice Mentor");
        community.joined("carol", "Carol Mentee");
        Community.grant("alice", "directory-listing");
        String initiative = UUID.randomUUID().toString();
        String partnership = UUID.randomUUID().toString();
        ObjectNode proposed = ((ObjectNode) EventSchemas.examples(EventType.INITIATIVE_PROPOSED).get(0).deepCopy())
                .put("initiativeId", initiative).put("partnershipId", partnership).put("at", Instant.now().toString());
        EventBus.publish(EventType.INITIATIVE_PROPOSED, initiative, proposed);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM known_initiative WHERE id = '" + initiative + "'") == 1);

        String offer = offer("alice", "\"sewing\",\"cooking\"", "\"WEEKEND\"", "\"GROUP\"", 3);
        String wants = request("carol", "\"sewing\"", "\"WEEKEND\"", "\"GROUP\"");
        String match = as("carol").body("{\"offerId\":\"" + offer + "\"}").post("/api/mentorship/requests/" + wants + "/matches").then()
                .statusCode(201).extract().path("id");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String session = "{\"initiativeId\":\"" + initiative + "\",\"heldOn\":\"" + today + "\",\"hours\":1.5}";
        as("alice").body(session).post("/api/mentorship/matches/" + match + "/sessions").then().statusCode(409).body("rule", equalTo("not-active"));
        as("alice").post("/api/mentorship/matches/" + match + "/accept").then().statusCode(200);
        as("carol").body(session).post("/api/mentorship/matches/" + match + "/sessions").then().statusCode(404);
        String id = as("alice").body(session).post("/api/mentorship/matches/" + match + "/sessions").then().statusCode(201)
                .body("hours", equalTo("1.5")).extract().path("id");
        try (var c = database.getConnection(); var s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT payload FROM outbox WHERE type = 'mentorship.session-held.v1' AND subject = '" + id + "'")) {
            assertTrue(rs.next(), "announced");
            String payload = rs.getString(1);
            assertTrue(payload.contains("\"mentorMemberId\":\"" + alice + "\"") && payload.contains("\"partnershipId\":\"" + partnership + "\"")
                    && payload.contains("\"skills\":[\"sewing\"]"), payload);
            assertTrue(!payload.contains("mentee"), "the mentee is not named: " + payload);
        }
        as("carol").get("/api/mentorship/mine").then().body("mentorships[0].sessions[0].id", equalTo(id));

        // bad sessions write nothing
        long before = count("SELECT count(*) FROM mentoring_session");
        for (String[] bad : List.of(
                new String[] { "{\"initiativeId\":\"" + initiative + "\",\"heldOn\":\"" + today + "\",\"hours\":9}", "hours" },
                new String[] { "{\"initiativeId\":\"" + initiative + "\",\"heldOn\":\"" + today + "\",\"hours\":0}", "hours" },
                new String[] { "{\"initiativeId\":\"" + initiative + "\",\"heldOn\":\"" + LocalDate.now(ZoneOffset.UTC).plusDays(2) + "\",\"hours\":1}", "heldOn" },
                new String[] { "{\"initiativeId\":\"" + UUID.randomUUID() + "\",\"heldOn\":\"" + today + "\",\"hours\":1}", "initiativeId" },
                new String[] { "{\"heldOn\":\"" + today + "\",\"hours\":1}", "initiativeId" })) {
            as("alice").body(bad[0]).post("/api/mentorship/matches/" + match + "/sessions").then().statusCode(400)
                    .body("errors.field", hasItem(bad[1]));
        }
        assertEquals(before, count("SELECT count(*) FROM mentoring_session"));
    }

    @Test
    void badListingsAreRefusedNamingTheFieldAndWriteNothing() throws SQLException {
        community.joined("alice", "Alice Careful");
        long before = count("SELECT count(*) FROM mentoring_listing");
        String[][] cases = {
                { "{\"skills\":[\"basket-weaving\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"]}", "skills[0]" },
                { "{\"skills\":[\"Robert'); DROP TABLE skill; --\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"]}", "skills[0]" },
                { "{\"skills\":[\"<script>alert(1)</script>\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"]}", "skills[0]" },
                { "{\"skills\":[\"sewing\",\"cooking\",\"gardening\",\"writing\",\"coding\",\"first-aid\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"]}", "skills" },
                { "{\"skills\":[],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"]}", "skills" },
                { "{\"skills\":[\"sewing\",\"sewing\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"]}", "skills[1]" },
                { "{\"skills\":[\"sewing\"],\"availability\":[\"SOMETIMES\"],\"formats\":[\"GROUP\"]}", "availability[0]" },
                { "{\"skills\":[\"sewing\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"TELEPATHY\"]}", "formats[0]" },
                { "{\"skills\":[\"sewing\"],\"formats\":[\"GROUP\"]}", "availability" },
                { "{\"skills\":[\"sewing\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"],\"capacity\":0}", "capacity" },
                { "{\"skills\":[\"sewing\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"],\"capacity\":11}", "capacity" },
                { "{\"skills\":[\"sewing\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"],\"note\":\"" + "n".repeat(1001) + "\"}", "note" },
        };
        for (String[] c : cases) {
            as("alice").body(c[0]).post("/api/mentorship/offers").then().statusCode(400).body("errors.field", hasItem(c[1]));
        }
        as("alice").body("{\"skills\":[\"sewing\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"],\"capacity\":2}")
                .post("/api/mentorship/requests").then().statusCode(400).body("errors.field", hasItem("capacity"));
        as("alice").body("{\"offerId\":\"not-a-uuid\"}").post("/api/mentorship/requests/" + UUID.randomUUID() + "/matches").then()
                .statusCode(400);
        as("alice").body("{\"offerId\":\"" + UUID.randomUUID() + "\"}").post("/api/mentorship/requests/" + UUID.randomUUID() + "/matches").then()
                .statusCode(404);
        assertEquals(before, count("SELECT count(*) FROM mentoring_listing"), "nothing written");
        // the vocabulary is public, and what a listing names is in it
        io.restassured.RestAssured.given().get("/api/public/skills").then().statusCode(200).body("code", hasItem("bike-repair"))
                .body("code", not(hasItem("basket-weaving")));
        for (int i = 0; i < MentorshipResource.OPEN_LISTINGS; i++) {
            request("alice", "\"writing\"", "\"WEEKEND\"", "\"GROUP\"");
        }
        as("alice").body("{\"skills\":[\"writing\"],\"availability\":[\"WEEKEND\"],\"formats\":[\"GROUP\"]}").post("/api/mentorship/requests")
                .then().statusCode(409).body("rule", equalTo("too-many-listings"));
    }
}
