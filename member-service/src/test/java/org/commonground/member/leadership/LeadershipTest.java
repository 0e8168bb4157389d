package org.commonground.member.leadership;

import static org.commonground.member.testing.Community.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.commonground.member.testing.Community;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LeadershipTest {

    @Inject
    AgroalDataSource database;

    @Inject
    Leadership leadership;

    Community community;
    String alice;
    String bob;
    String carol;
    String group;
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    /** tess stewards a public group that alice, bob and carol belong to */
    @BeforeEach
    void aGroupWithThreeMembers() {
        community = new Community(database);
        alice = community.joined("alice", "Alice");
        bob = community.joined("bob", "Bob");
        carol = community.joined("carol", "Carol");
        community.joined("tess", "Tess");
        community.joined("sam", "Sam");
        group = Community.group("tess", "public");
        for (String user : List.of("alice", "bob", "carol")) {
            Community.join(user, group);
        }
    }

    private io.restassured.response.ValidatableResponse assign(String steward, String member, LocalDate from, LocalDate to) {
        return as(steward).body("{\"memberId\":\"" + member + "\",\"startsOn\":\"" + from + "\",\"endsOn\":\"" + to + "\"}")
                .post("/api/groups/" + group + "/terms").then();
    }

    @Test
    void aStewardOfTheGroupAssignsALeadAndTheGroupIsLed() {
        assign("tess", alice, today, today.plusMonths(6)).statusCode(201)
                .body("lead.memberId", equalTo(alice), "status", equalTo("serving"), "endsOn", equalTo(today.plusMonths(6).toString()));
        as("bob").get("/api/groups/" + group).then().body("leadership", equalTo("led"), "leads[0].memberId", equalTo(alice));
        assign("sam", bob, today, today.plusMonths(6)).statusCode(403);
        assign("alice", bob, today, today.plusMonths(6)).statusCode(403);
        assign("olga", bob, today, today.plusMonths(6)).statusCode(201);
    }

    @Test
    void whoLeadsAMembersOnlyGroupIsToldOnlyToItsMembersAndStewards() {
        String shared = Community.group("tess", "members");
        Community.join("alice", shared);
        Community.join("bob", shared);
        as("tess").body("{\"memberId\":\"" + alice + "\",\"startsOn\":\"" + today + "\",\"endsOn\":\"" + today.plusMonths(6) + "\"}")
                .post("/api/groups/" + shared + "/terms").then().statusCode(201);
        // carol and sam (a steward, of other groups) do not belong: they see that it is led, not by whom
        for (String outsider : List.of("carol", "sam")) {
            as(outsider).get("/api/groups/" + shared).then().statusCode(200).body("leadership", equalTo("led"), "leads.size()", equalTo(0));
            as(outsider).get("/api/groups/" + shared + "/leadership").then().statusCode(403);
        }
        as("bob").get("/api/groups/" + shared).then().body("leads[0].memberId", equalTo(alice));
        as("bob").get("/api/groups/" + shared + "/leadership").then().statusCode(200).body("items[0].lead.memberId", equalTo(alice));
        as("tess").get("/api/groups/" + shared + "/leadership").then().statusCode(200);
        as("audrey").get("/api/groups/" + shared + "/leadership").then().statusCode(200);
    }

    @Test
    void badTermsAreRefusedNamingTheRuleAndNothingIsWritten() {
        long terms = community.count("SELECT count(*) FROM leadership_term");
        assign("tess", alice, today.plusDays(10), today.plusDays(5)).statusCode(400).body("errors.field", hasItem("endsOn"));
        assign("tess", alice, today.minusDays(30), today.minusDays(1)).statusCode(400).body("errors.field", hasItem("endsOn"));
        assign("tess", alice, today, today.plusYears(4)).statusCode(400).body("errors.field", hasItem("endsOn"));
        assign("tess", alice, LocalDate.of(999_999_999, 1, 1), LocalDate.of(999_999_999, 12, 31)).statusCode(400)
                .body("errors.field", hasItem("startsOn"));
        as("tess").body("{\"memberId\":\"" + alice + "\",\"startsOn\":\"" + today + "\"}").post("/api/groups/" + group + "/terms")
                .then().statusCode(400).body("errors.field", hasItem("endsOn"));
        as("tess").body("{\"memberId\":\"" + alice + "\",\"startsOn\":\"tomorrow\",\"endsOn\":\"" + today + "\"}")
                .post("/api/groups/" + group + "/terms").then().statusCode(400).body("errors.field", hasItem("startsOn"));
        String outsider = community.joined("load-1", "Outsider");
        assign("tess", outsider, today, today.plusMonths(1)).statusCode(409).body("rule", equalTo("lead-belongs-to-group"));
        assign("tess", "00000000-0000-4000-8000-000000000000", today, today.plusMonths(1)).statusCode(404);
        as("tess").body("{\"memberId\":\"" + alice + "\",\"startsOn\":\"" + today + "\",\"endsOn\":\"" + today + "\"}")
                .post("/api/groups/00000000-0000-4000-8000-000000000000/terms").then().statusCode(404);
        assertEquals(terms, community.count("SELECT count(*) FROM leadership_term"));

        assign("tess", alice, today, today.plusMonths(6)).statusCode(201);
        assign("tess", alice, today.plusMonths(3), today.plusMonths(9)).statusCode(409)
                .body("type", equalTo("urn:commonground:problem:rule-broken"), "rule", equalTo("no-overlap"));
        assertEquals(terms + 1, community.count("SELECT count(*) FROM leadership_term"));
    }

    @Test
    void aLeadServesAtMostTwoConsecutiveTermsThenStepsAside() {
        LocalDate second = today.plusMonths(6).plusDays(1);
        LocalDate third = today.plusMonths(12).plusDays(2);
        assign("tess", alice, today, today.plusMonths(6)).statusCode(201);
        assign("tess", alice, second, today.plusMonths(12).plusDays(1)).statusCode(201);
        assign("tess", alice, third, today.plusMonths(18)).statusCode(409)
                .body("rule", equalTo("rotation"), "detail", org.hamcrest.Matchers.containsString("at most 2 consecutive"));
        // after stepping aside long enough, she may lead again; and someone else may lead in between
        assign("tess", bob, third, today.plusMonths(18)).statusCode(201);
        assign("tess", alice, today.plusMonths(18).plusDays(91), today.plusMonths(24)).statusCode(201);
    }

    @Test
    void theLeadNamesShadowsFromTheGroup() {
        String term = assign("tess", alice, today, today.plusMonths(6)).statusCode(201).extract().path("id");
        String shadows = "/api/groups/" + group + "/terms/" + term + "/shadows/";
        as("alice").put(shadows + bob).then().statusCode(200).body("shadows.memberId", hasItem(bob));
        as("bob").put(shadows + carol).then().statusCode(403);
        as("alice").put(shadows + alice).then().statusCode(409).body("rule", equalTo("shadow-is-not-the-lead"));
        String outsider = community.joined("load-2", "Outsider");
        as("alice").put(shadows + outsider).then().statusCode(409).body("rule", equalTo("shadow-belongs-to-group"));
        as("tess").put(shadows + carol).then().statusCode(200).body("shadows.size()", equalTo(2));
        as("carol").delete(shadows + carol).then().statusCode(204);
        as("bob").get("/api/groups/" + group + "/leadership").then().body("items[0].shadows.memberId", equalTo(List.of(bob)));
        // a shadow who leaves the group stops shadowing
        as("bob").delete("/api/groups/" + group + "/members/me").then().statusCode(204);
        as("carol").get("/api/groups/" + group + "/leadership").then().body("items[0].shadows", org.hamcrest.Matchers.empty());
    }

    @Test
    void theLeadershipHistoryIsPublicAndNamesOnlyThoseWhoAllowIt() {
        assign("tess", alice, today, today.plusMonths(3)).statusCode(201);
        assign("tess", bob, today.plusMonths(3).plusDays(1), today.plusMonths(6)).statusCode(201);
        Community.grant("bob", "public-recognition");
        RestAssured.given().get("/api/public/groups/" + group + "/leadership").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].lead.displayName", equalTo("Bob"), "items[0].lead.memberId", nullValue(), "items[0].status", equalTo("upcoming"))
                .body("items[1].lead.displayName", nullValue(), "items[1].lead.memberId", nullValue());
        as("carol").get("/api/groups/" + group + "/leadership").then().body("items[1].lead.memberId", equalTo(alice));
        String closed = Community.group("tess", "members");
        RestAssured.given().get("/api/public/groups/" + closed + "/leadership").then().statusCode(404);
        RestAssured.given().queryParam("limit", 1000).get("/api/public/groups/" + group + "/leadership").then().statusCode(400);
    }

    @Test
    void whenATermEndsWithNoSuccessorTheGroupsStewardsAreToldAndLeadershipIsOpen() throws Throwable {
        assign("tess", alice, today, today.plusDays(30)).statusCode(201);
        long opened = community.events("group.leadership-opened.v1", group);
        endExpired(today.plusDays(31));
        assertEquals(opened + 1, community.events("group.leadership-opened.v1", group));
        String tess = as("tess").get("/api/members/me").then().extract().path("id");
        assertTrue(community.lastEvent("group.leadership-opened.v1", group).contains(tess), "the stewards are named");
        as("bob").get("/api/groups/" + group + "/leadership").then()
                .body("items[0].endedReason", equalTo("completed"), "items[0].endedOn", equalTo(today.plusDays(30).toString()));
        endExpired(today.plusDays(32));
        assertEquals(opened + 1, community.events("group.leadership-opened.v1", group), "told once");
    }

    @Test
    void aTermFollowedByASuccessorDoesNotOpenTheLeadership() throws Throwable {
        assign("tess", alice, today, today.plusDays(30)).statusCode(201);
        assign("tess", bob, today.plusDays(31), today.plusDays(120)).statusCode(201);
        long opened = community.events("group.leadership-opened.v1", group);
        endExpired(today.plusDays(31));
        assertEquals(opened, community.events("group.leadership-opened.v1", group));
    }

    @Test
    void aLeadWhoLeavesTheGroupStepsDownAndLeavingNeverFails() {
        assign("tess", alice, today, today.plusMonths(6)).statusCode(201);
        assign("tess", alice, today.plusMonths(6).plusDays(1), today.plusMonths(12)).statusCode(201);
        long opened = community.events("group.leadership-opened.v1", group);
        as("alice").delete("/api/groups/" + group + "/members/me").then().statusCode(204);
        assertEquals(opened + 1, community.events("group.leadership-opened.v1", group));
        as("bob").get("/api/groups/" + group).then().body("leadership", equalTo("open"));
        as("bob").get("/api/groups/" + group + "/leadership").then()
                .body("items.status", org.hamcrest.Matchers.everyItem(equalTo("cancelled")), "items.endedReason", org.hamcrest.Matchers.everyItem(equalTo("left-group")));
    }

    @Test
    void aLeadStepsDownEarlyAndOnlyTheLeadOrAStewardMayEndATerm() {
        String term = assign("tess", alice, today, today.plusMonths(6)).statusCode(201).extract().path("id");
        as("bob").post("/api/groups/" + group + "/terms/" + term + "/end").then().statusCode(403);
        as("alice").post("/api/groups/" + group + "/terms/" + term + "/end").then().statusCode(200)
                .body("endedReason", equalTo("stepped-down"));
        as("alice").post("/api/groups/" + group + "/terms/" + term + "/end").then().statusCode(409);
    }

    @Test
    void everyRoleTakenAndEveryTermEndedEarlyIsAnnouncedForReporting() {
        long aliceRoles = community.events("group.role-changed.v1", alice);
        long bobRoles = community.events("group.role-changed.v1", bob);
        String term = assign("tess", alice, today, today.plusMonths(6)).statusCode(201).extract().path("id");
        assertEquals(aliceRoles + 1, community.events("group.role-changed.v1", alice));
        String lead = community.lastEvent("group.role-changed.v1", alice);
        assertTrue(lead.contains("\"roleId\":\"" + term + "\"") && lead.contains("\"role\":\"lead\"") && lead.contains("\"groupId\":\"" + group + "\"")
                && lead.contains("\"startsOn\":\"" + today + "\"") && lead.contains("\"lastDay\":null"), lead);

        String shadows = "/api/groups/" + group + "/terms/" + term + "/shadows/";
        as("alice").put(shadows + bob).then().statusCode(200);
        as("alice").put(shadows + bob).then().statusCode(200);
        assertEquals(bobRoles + 1, community.events("group.role-changed.v1", bob), "naming a shadow again takes no new role");
        String shadow = community.lastEvent("group.role-changed.v1", bob);
        assertTrue(shadow.contains("\"role\":\"shadow\"") && shadow.contains("\"startsOn\":\"" + today + "\""), shadow);

        // stepping down on the first day cancels the term: its last day is before its first, and reporting counts no role
        as("alice").post("/api/groups/" + group + "/terms/" + term + "/end").then().statusCode(200);
        assertEquals(aliceRoles + 2, community.events("group.role-changed.v1", alice));
        assertTrue(community.lastEvent("group.role-changed.v1", alice).contains("\"lastDay\":\"" + today.minusDays(1) + "\""));
    }

    private void endExpired(LocalDate day) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> leadership.endExpired(day, Instant.now()));
    }
}
