package org.commonground.initiative.partner;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.commonground.initiative.testing.Consents;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The partner API with the realm's two real partner clients (acme and globex): each reaches only its own partnerships,
 * and sees a participant by name only while that member shares their profile with its partnership.
 */
@QuarkusTest
class PartnerApiTest {

    @Inject
    AgroalDataSource database;

    String acmePartnership;
    String acmeInitiative;
    String globexPartnership;
    String globexInitiative;
    final String bob = Members.idOf("bob");
    final String carol = Members.idOf("carol");

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    private static RequestSpecification acme() {
        return given().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret"));
    }

    private static RequestSpecification globex() {
        return given().auth().oauth2(Tokens.partner("partner-globex", "partner-globex-secret"));
    }

    private long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String partnership(String organization) {
        return as("sam").body("""
                        {"name":"Tool library","partnerName":"%s","partnerOrganization":"%s",
                         "purpose":"Lend tools to neighbours and teach repairs on Saturdays.","memberNeeds":"No room for tools.",
                         "partnerContributes":"Tools.","communityContributes":"Volunteers."}""".formatted(organization, organization))
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
    }

    private static String initiative(String partnership) {
        return as("alice").body("""
                        {"kind":"PILOT","title":"Saturday repair school","problem":"Members throw away things they could mend.",
                         "approach":"Volunteers teach one repair skill each Saturday."}""")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
    }

    private static void consent(String member, String purpose, String scope, boolean granted, Instant expiresAt) {
        Consents.decided(member, purpose, scope, granted, expiresAt);
    }

    private static void profile(String member, String name, String contact) {
        ObjectNode event = ((ObjectNode) EventSchemas.examples(EventType.MEMBER_PARTNER_PROFILE_PUBLISHED).get(0).deepCopy())
                .put("memberId", member).put("displayName", name).put("contactEmail", contact).put("at", Instant.now().toString());
        event.putArray("skills").add("welding").add("bike repair");
        EventBus.publish(EventType.MEMBER_PARTNER_PROFILE_PUBLISHED, member, event);
    }

    private static JsonPath participants(RequestSpecification partner, String initiative) {
        return partner.get("/api/partner/initiatives/" + initiative + "/participants").then().statusCode(200).extract().jsonPath();
    }

    private static String of(JsonPath page, String who) {
        return page.getString("items.find { it.participant == '" + who + "' }.displayName");
    }

    /** acme and globex each have a partnership with an initiative that bob and carol take part in; nobody shares anything yet */
    @BeforeEach
    void twoPartnersEachWithAnInitiative() throws SQLException {
        for (String user : List.of("alice", "bob", "carol")) {
            Members.known(user);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Members.countKnown("alice", "bob", "carol")) == 3);
        for (String member : List.of(bob, carol)) {
            for (String purpose : List.of("partner-profile-sharing", "partner-contact")) {
                consent(member, purpose, null, false, null);
            }
        }
        acmePartnership = partnership("acme");
        acmeInitiative = initiative(acmePartnership);
        globexPartnership = partnership("globex");
        globexInitiative = initiative(globexPartnership);
        for (String user : List.of("bob", "carol")) {
            for (String initiative : List.of(acmeInitiative, globexInitiative)) {
                as(user).post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
            }
        }
    }

    @Test
    void aPartnerReachesOnlyItsOwnPartnershipsAndAnotherOneIsNotFound() {
        acme().get("/api/partner/partnerships").then().statusCode(200)
                .body("id", hasItem(acmePartnership), "id", not(hasItem(globexPartnership)));
        for (String path : List.of("", "/initiatives", "/decisions", "/calendar", "/budget")) {
            acme().get("/api/partner/partnerships/" + acmePartnership + path).then().statusCode(200);
            acme().get("/api/partner/partnerships/" + globexPartnership + path).then().statusCode(404)
                    .contentType("application/problem+json");
            globex().get("/api/partner/partnerships/" + acmePartnership + path).then().statusCode(404);
            acme().get("/api/partner/partnerships/" + java.util.UUID.randomUUID() + path).then().statusCode(404);
        }
        acme().get("/api/partner/partnerships/" + acmePartnership + "/initiatives").then().body("items.id", equalTo(List.of(acmeInitiative)));
        for (String path : List.of("", "/participants", "/contributions")) {
            acme().get("/api/partner/initiatives/" + acmeInitiative + path).then().statusCode(200);
            acme().get("/api/partner/initiatives/" + globexInitiative + path).then().statusCode(404);
            globex().get("/api/partner/initiatives/" + acmeInitiative + path).then().statusCode(404);
            as("alice").get("/api/partner/initiatives/" + acmeInitiative + path).then().statusCode(403);
            given().get("/api/partner/initiatives/" + acmeInitiative + path).then().statusCode(401);
        }
        acme().get("/api/partner/initiatives/" + acmeInitiative + "/participants?limit=1000").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
        acme().get("/api/partner/initiatives/" + acmeInitiative + "/participants?cursor=nonsense").then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
    }

    @Test
    void aParticipantIsNamedToAPartnerOnlyWhileTheyShareTheirProfileWithThatPartnership() throws SQLException {
        // nobody shares: two pseudonyms, each the same on every call and different for the other partner
        JsonPath hidden = participants(acme(), acmeInitiative);
        assertEquals(List.of(false, false), hidden.getList("items.identified"));
        hidden.getList("items.participant", String.class).forEach(p -> assertTrue(p.matches("participant-[0-9a-f]{20}"), p));
        assertEquals(hidden.getList("items.participant"), participants(acme(), acmeInitiative).getList("items.participant"));
        List<String> seenByGlobex = participants(globex(), globexInitiative).getList("items.participant", String.class);
        hidden.getList("items.participant", String.class).forEach(p -> assertTrue(!seenByGlobex.contains(p), "two partners cannot join pseudonyms"));

        // bob shares his profile with acme's partnership only: acme sees his name and skills, not his contact; globex sees a pseudonym
        profile(bob, "Bob Builder", "bob@example.org");
        consent(bob, "partner-profile-sharing", acmePartnership, true, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> "Bob Builder".equals(of(participants(acme(), acmeInitiative), bob)));
        JsonPath named = participants(acme(), acmeInitiative);
        assertEquals(List.of("welding", "bike repair"), named.getList("items.find { it.participant == '" + bob + "' }.skills"));
        assertTrue(named.getString("items.find { it.participant == '" + bob + "' }.contactEmail") == null, "no contact without partner-contact");
        assertEquals(1, named.getList("items.findAll { it.identified }").size(), "carol shares nothing");
        globex().get("/api/partner/initiatives/" + globexInitiative + "/participants").then()
                .body("items.identified", everyItem(equalTo(false)), "items.displayName", everyItem(nullValue()));

        // the contact only with partner-contact too; and the reads are on their way to bob's access log, none to carol's
        consent(bob, "partner-contact", null, true, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> "bob@example.org".equals(participants(acme(), acmeInitiative)
                .getString("items.find { it.participant == '" + bob + "' }.contactEmail")));
        assertTrue(count("SELECT count(*) FROM outbox WHERE type = 'member.data-read.v1' AND message_key = '" + bob + "'"
                + " AND payload LIKE '%partner-acme%contactEmail%'") > 0);
        assertEquals(0, count("SELECT count(*) FROM outbox WHERE type = 'member.data-read.v1' AND message_key = '" + carol + "'"));

        // a verified contribution shows who made it, and what they wrote, by the same rule
        String contribution = as("bob").body("{\"type\":\"TRAINING\",\"description\":\"Taught welding.\",\"hours\":2,\"occurredOn\":\""
                + LocalDate.now() + "\"}").post("/api/initiatives/" + acmeInitiative + "/contributions").then().statusCode(201).extract().path("id");
        as("sam").body("{\"impact\":\"HIGH\"}").post("/api/contributions/" + contribution + "/verify").then().statusCode(200);
        acme().get("/api/partner/initiatives/" + acmeInitiative + "/contributions").then().statusCode(200)
                .body("items[0].participant", equalTo(bob), "items[0].displayName", equalTo("Bob Builder"),
                        "items[0].description", equalTo("Taught welding."), "items[0].hours", equalTo("2"), "items[0].impact", equalTo("HIGH"));

        // bob withdraws: from the next call he is a pseudonym again, the one he had before
        List<String> whileNamed = named.getList("items.participant", String.class);
        String pseudonym = hidden.getList("items.participant", String.class).stream().filter(p -> !whileNamed.contains(p)).findFirst().orElseThrow();
        consent(bob, "partner-profile-sharing", acmePartnership, false, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> participants(acme(), acmeInitiative).getList("items.participant").contains(pseudonym));
        acme().get("/api/partner/initiatives/" + acmeInitiative + "/contributions").then()
                .body("items[0].participant", equalTo(pseudonym), "items[0].description", nullValue(), "items[0].displayName", nullValue());

        // a consent that has lapsed names no one, even before member-service records the lapse
        consent(bob, "partner-profile-sharing", null, true, Instant.now().minusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM consent_state WHERE member_id = '" + bob
                + "' AND purpose = 'partner-profile-sharing' AND scope_key = '' AND granted AND expires_at < now()") == 1);
        assertTrue(participants(acme(), acmeInitiative).getList("items.participant").contains(pseudonym));
    }

    @Test
    void theProfileSharedWithPartnersIsGoneWhenTheMemberStopsSharingIt() throws SQLException {
        profile(carol, "Carol C.", null);
        consent(carol, "partner-profile-sharing", null, true, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> "Carol C.".equals(of(participants(acme(), acmeInitiative), carol)));
        // shared with every partnership: globex sees her too
        globex().get("/api/partner/initiatives/" + globexInitiative + "/participants").then()
                .body("items.find { it.participant == '" + carol + "' }.displayName", equalTo("Carol C."));
        ObjectNode withdrawn = ((ObjectNode) EventSchemas.examples(EventType.MEMBER_PARTNER_PROFILE_WITHDRAWN).get(0).deepCopy())
                .put("memberId", carol).put("at", Instant.now().toString());
        EventBus.publish(EventType.MEMBER_PARTNER_PROFILE_WITHDRAWN, carol, withdrawn);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM partner_profile WHERE member_id = '" + carol + "'") == 0);
        participants(acme(), acmeInitiative).getList("items.participant", String.class)
                .forEach(p -> assertTrue(p.matches("participant-[0-9a-f]{20}"), "no copy of her profile is left to show: " + p));
        globex().get("/api/partner/initiatives/" + globexInitiative + "/participants").then()
                .body("items.participant", everyItem(matchesPattern("participant-[0-9a-f]{20}")));
    }
}
