package org.commonground.member.directory;

import static org.commonground.member.testing.Community.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.commonground.member.testing.Community;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DirectoryTest {

    @Inject
    AgroalDataSource database;

    Community community;
    String alice;
    String bob;

    /** alice lists herself with a skill and a contact she keeps private; bob does not list himself */
    @BeforeEach
    void aliceIsListedAndBobIsNot() {
        community = new Community(database);
        alice = community.joined("alice", "Alice Directory");
        bob = community.joined("bob", "Bob Hidden");
        String etag = as("alice").get("/api/members/me").then().extract().header("ETag");
        as("alice").header("If-Match", etag).body("{\"displayName\":\"Alice Directory\",\"skills\":[\"Welding\",\"Beekeeping\"],"
                + "\"bio\":\"Keeps bees\",\"contactEmail\":\"alice@example.org\"}").put("/api/members/me").then().statusCode(200);
        Community.grant("alice", "directory-listing");
        etag = as("bob").get("/api/members/me").then().extract().header("ETag");
        as("bob").header("If-Match", etag).body("{\"displayName\":\"Bob Hidden\",\"skills\":[\"Welding\"]}").put("/api/members/me")
                .then().statusCode(200);
    }

    @Test
    void theDirectoryListsOnlyMembersWhoAllowIt() {
        List<String> ids = all("welding");
        org.junit.jupiter.api.Assertions.assertTrue(ids.contains(alice));
        org.junit.jupiter.api.Assertions.assertFalse(ids.contains(bob), "bob never allowed directory-listing");
        Community.withdraw("alice", "directory-listing");
        org.junit.jupiter.api.Assertions.assertFalse(all("welding").contains(alice), "withdrawn: gone from the directory at once");
    }

    @Test
    void aContactEmailShowsOnlyWithPartnerContact() {
        as("bob").get("/api/members/" + alice).then().statusCode(200)
                .body("displayName", equalTo("Alice Directory"), "skills", hasItems("Welding", "Beekeeping"), "contactEmail", nullValue());
        Community.grant("alice", "partner-contact");
        as("bob").get("/api/members/" + alice).then().body("contactEmail", equalTo("alice@example.org"));
    }

    @Test
    void anUnlistedMemberShowsNothingButTheirId() {
        as("alice").get("/api/members/" + bob).then().statusCode(200)
                .body("id", equalTo(bob), "listed", equalTo(false), "displayName", nullValue(), "skills", nullValue());
        as("alice").get("/api/members/00000000-0000-4000-8000-000000000000").then().statusCode(404);
    }

    @Test
    void everyReadByAnotherIsInTheMembersAccessLogAndTheirOwnReadsAreNot() {
        as("alice").get("/api/members/" + alice).then().statusCode(200);
        as("alice").get("/api/members/me/access-log").then().statusCode(200).body("items", org.hamcrest.Matchers.empty());

        as("bob").get("/api/members/" + alice).then().statusCode(200);
        as("tess").queryParam("skill", "beekeeping").get("/api/members").then().statusCode(200);
        as("alice").get("/api/members/me/access-log").then().statusCode(200)
                .body("items.size()", equalTo(2))
                .body("items[0].readerSubject", equalTo(Tokens.subject("tess")), "items[0].endpoint", equalTo("GET /api/members"),
                        "items[0].readerRoles", hasItem("steward"), "items[0].clientId", equalTo("web"), "items[0].at", notNullValue())
                .body("items[1].readerSubject", equalTo(Tokens.subject("bob")), "items[1].endpoint", equalTo("GET /api/members/{id}"),
                        "items[1].fields", hasItems("displayName", "skills", "bio"), "items[1].fields", not(hasItem("contactEmail")));
    }

    @Test
    void anAuditorReadsAnyAccessLogAndThatReadIsLoggedToo() {
        as("bob").get("/api/members/" + alice).then().statusCode(200);
        as("audrey").get("/api/members/" + alice + "/access-log").then().statusCode(200).body("items.size()", equalTo(1));
        as("alice").get("/api/members/me/access-log").then().body("items[0].readerRoles", hasItem("auditor"),
                "items[0].fields", equalTo(List.of("accessLog")));
        as("bob").get("/api/members/" + alice + "/access-log").then().statusCode(403);
        as("tess").get("/api/members/" + alice + "/access-log").then().statusCode(403);
        as("audrey").get("/api/members/" + alice).then().statusCode(403);
        as("audrey").body("{\"granted\":true}").put("/api/members/me/consents/directory-listing").then().statusCode(403);
    }

    @Test
    void partnersHaveNoWayIntoMemberService() {
        String partner = Tokens.partner("partner-acme", "partner-acme-secret");
        for (String path : List.of("/api/members", "/api/members/" + alice, "/api/members/me", "/api/members/me/export",
                "/api/members/" + alice + "/access-log", "/api/groups")) {
            RestAssured.given().auth().oauth2(partner).get(path).then().statusCode(403);
        }
        RestAssured.given().get("/api/members").then().statusCode(401);
    }

    @Test
    void theDirectoryFiltersBySkillGroupAndText() {
        String group = Community.group("tess", "public");
        Community.join("alice", group);
        as("bob").queryParam("group", group).get("/api/members").then().statusCode(200).body("items.id", equalTo(List.of(alice)));
        as("alice").get("/api/members/me/access-log").then().body("items[0].fields", hasItem("groups"));
        as("bob").queryParam("q", "keeps bee").get("/api/members").then().body("items.id", hasItem(alice));
        as("bob").queryParam("q", "%").get("/api/members").then().statusCode(200).body("items.id", not(hasItem(alice)));
        as("bob").queryParam("skill", "Basketry").get("/api/members").then().body("items.id", not(hasItem(alice)));
    }

    @Test
    void theDirectoryPagesWithAHardLimitAndRefusesForeignCursors() {
        for (String user : List.of("load-1", "load-2", "load-3")) {
            community.joined(user, "Zed " + user);
            Community.grant(user, "directory-listing");
        }
        var first = as("bob").queryParam("limit", 2).queryParam("q", "Zed load").get("/api/members").then().statusCode(200)
                .body("items.size()", equalTo(2), "nextCursor", notNullValue()).extract();
        as("bob").queryParam("limit", 2).queryParam("q", "Zed load").queryParam("cursor", first.path("nextCursor").toString())
                .get("/api/members").then().statusCode(200).body("items.size()", equalTo(1), "nextCursor", nullValue(),
                        "items.displayName", everyItem(org.hamcrest.Matchers.startsWith("Zed")));
        as("bob").queryParam("limit", 500).get("/api/members").then().statusCode(400).body("errors.field", hasItem("limit"));
        as("bob").queryParam("limit", 0).get("/api/members").then().statusCode(400).body("errors.field", hasItem("limit"));
        as("bob").queryParam("cursor", "not-ours").get("/api/members").then().statusCode(400).body("errors.field", hasItem("cursor"));
        as("bob").queryParam("group", "not-a-uuid").get("/api/members").then().statusCode(400).body("errors.field", hasItem("group"));
        as("bob").queryParam("group", "00000000-0000-4000-8000-000000000000").get("/api/members").then().statusCode(404);
        as("bob").queryParam("q", "x".repeat(101)).get("/api/members").then().statusCode(400).body("errors.field", hasItem("q"));
        as("bob").queryParam("skill", "a\u0001b").get("/api/members").then().statusCode(400).body("errors.field", hasItem("skill"));
    }

    @Test
    void whoBelongsToAMembersOnlyGroupIsListedOnlyToItsMembersAndStewards() {
        String group = Community.group("tess", "members");
        Community.join("alice", group);
        as("bob").queryParam("group", group).get("/api/members").then().statusCode(403);
        as("alice").queryParam("group", group).get("/api/members").then().statusCode(200).body("items.id", equalTo(List.of(alice)));
        as("tess").queryParam("group", group).get("/api/members").then().statusCode(200).body("items.id", equalTo(List.of(alice)));
        as("bob").queryParam("cursor", java.util.Base64.getUrlEncoder().encodeToString("a\u0000\u001fb".getBytes()))
                .get("/api/members").then().statusCode(400).body("errors.field", hasItem("cursor"));
    }

    private List<String> all(String skill) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = as("bob").queryParam("skill", skill).queryParam("limit", 100);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/members").then().statusCode(200).extract();
            ids.addAll(page.path("items.id"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return ids;
    }
}
