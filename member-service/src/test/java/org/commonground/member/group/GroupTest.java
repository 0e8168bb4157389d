package org.commonground.member.group;

import static org.commonground.member.testing.Community.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.commonground.member.testing.Community;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class GroupTest {

    @Inject
    AgroalDataSource database;

    Community community;
    String alice;

    @BeforeEach
    void membersAndAStewardHaveJoined() {
        community = new Community(database);
        alice = community.joined("alice", "Alice");
        community.joined("bob", "Bob");
        community.joined("tess", "Tess");
        community.joined("sam", "Sam");
    }

    @Test
    void aStewardCreatesAGroupAndStewardsIt() {
        String name = "Young Makers " + UUID.randomUUID();
        String id = as("tess").body("{\"name\":\"" + name + "\",\"purpose\":\"Making things together\",\"visibility\":\"public\"}")
                .post("/api/groups").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.startsWith("/api/groups/"))
                .body("name", equalTo(name), "visibility", equalTo("public"), "maxConsecutiveTerms", equalTo(2),
                        "leadership", equalTo("open"), "memberCount", equalTo(0))
                .extract().path("id");
        // tess stewards it: she may change it; sam, a steward of other groups, may not
        String etag = as("tess").get("/api/groups/" + id).then().statusCode(200).extract().header("ETag");
        as("sam").header("If-Match", etag).body("{\"name\":\"" + name + "\",\"purpose\":\"Taken over\",\"visibility\":\"public\"}")
                .put("/api/groups/" + id).then().statusCode(403);
        as("tess").header("If-Match", etag).body("{\"name\":\"" + name + "\",\"purpose\":\"Making and mending\",\"visibility\":\"public\",\"maxConsecutiveTerms\":3}")
                .put("/api/groups/" + id).then().statusCode(200).body("purpose", equalTo("Making and mending"), "maxConsecutiveTerms", equalTo(3));
        as("tess").header("If-Match", etag).body("{\"name\":\"" + name + "\",\"purpose\":\"Stale\",\"visibility\":\"public\"}")
                .put("/api/groups/" + id).then().statusCode(412);
        as("tess").body("{\"name\":\"" + name + "\",\"purpose\":\"No precondition\",\"visibility\":\"public\"}")
                .put("/api/groups/" + id).then().statusCode(428);
    }

    @Test
    void membersCannotCreateGroupsAndAdminsNameStewards() {
        as("alice").body("{\"name\":\"Mine\",\"purpose\":\"x\",\"visibility\":\"public\"}").post("/api/groups").then().statusCode(403);
        String id = as("olga").body("{\"name\":\"Admin made " + UUID.randomUUID() + "\",\"purpose\":\"x\",\"visibility\":\"members\"}")
                .post("/api/groups").then().statusCode(201).extract().path("id");
        String sam = as("sam").get("/api/members/me").then().extract().path("id");
        String etag = as("sam").get("/api/groups/" + id).then().extract().header("ETag");
        as("sam").header("If-Match", etag).body("{\"name\":\"Renamed " + UUID.randomUUID() + "\",\"purpose\":\"x\",\"visibility\":\"members\"}")
                .put("/api/groups/" + id).then().statusCode(403);
        as("tess").put("/api/groups/" + id + "/stewards/" + sam).then().statusCode(403);
        as("olga").put("/api/groups/" + id + "/stewards/" + sam).then().statusCode(204);
        as("sam").header("If-Match", etag).body("{\"name\":\"Renamed " + UUID.randomUUID() + "\",\"purpose\":\"x\",\"visibility\":\"members\"}")
                .put("/api/groups/" + id).then().statusCode(200);
        as("olga").delete("/api/groups/" + id + "/stewards/" + sam).then().statusCode(204);
    }

    @Test
    void anyMemberJoinsAndLeavesByThemselvesWithAnEventEachTime() {
        String id = Community.group("tess", "members");
        long changes = community.events("member.groups-changed.v1", alice);
        as("alice").post("/api/groups/" + id + "/members/me").then().statusCode(201).body("memberCount", equalTo(1));
        as("alice").post("/api/groups/" + id + "/members/me").then().statusCode(200).body("memberCount", equalTo(1));
        assertEquals(changes + 1, community.events("member.groups-changed.v1", alice), "joining again changes nothing");
        assertTrue(community.lastEvent("member.groups-changed.v1", alice).contains(id));

        as("alice").delete("/api/groups/" + id + "/members/me").then().statusCode(204);
        as("alice").delete("/api/groups/" + id + "/members/me").then().statusCode(204);
        assertEquals(changes + 2, community.events("member.groups-changed.v1", alice));
        assertTrue(!community.lastEvent("member.groups-changed.v1", alice).contains(id));
        as("alice").post("/api/groups/00000000-0000-4000-8000-000000000000/members/me").then().statusCode(404);
    }

    @Test
    void publicPagesShowOnlyPublicGroupsAndSuppressSmallCounts() {
        String open = Community.group("tess", "public");
        String closed = Community.group("tess", "members");
        Community.join("alice", open);
        RestAssured.given().get("/api/public/groups/" + open).then().statusCode(200)
                .body("memberCount", nullValue(), "memberCountSuppressed", equalTo(true), "leadership", equalTo("open"));
        RestAssured.given().get("/api/public/groups/" + closed).then().statusCode(404);
        as("bob").get("/api/groups/" + closed).then().statusCode(200);
        as("bob").get("/api/groups/" + open).then().body("memberCount", equalTo(1), "memberCountSuppressed", equalTo(false));
        RestAssured.given().queryParam("limit", 100).get("/api/public/groups").then().statusCode(200)
                .body("items.visibility", not(hasItem("members")));
        for (String user : List.of("load-1", "load-2", "load-3", "load-4")) {
            community.joined(user, "Load " + user);
            Community.join(user, open);
        }
        RestAssured.given().get("/api/public/groups/" + open).then().body("memberCount", equalTo(5), "memberCountSuppressed", equalTo(false));
    }

    @Test
    void badGroupsAreRefusedNamingTheFieldAndNothingIsWritten() {
        long groups = community.count("SELECT count(*) FROM affinity_group");
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case("{\"name\":\"\",\"purpose\":\"x\",\"visibility\":\"public\"}", "name"),
                new Case("{\"name\":\"" + "n".repeat(81) + "\",\"purpose\":\"x\",\"visibility\":\"public\"}", "name"),
                new Case("{\"name\":\"Bell\\u0007\",\"purpose\":\"x\",\"visibility\":\"public\"}", "name"),
                new Case("{\"name\":\"Ok\",\"purpose\":\"x\",\"visibility\":\"secret\"}", "visibility"),
                new Case("{\"name\":\"Ok\",\"visibility\":\"public\"}", "purpose"),
                new Case("{\"name\":\"Ok\",\"purpose\":\"x\",\"visibility\":\"public\",\"maxConsecutiveTerms\":0}", "maxConsecutiveTerms"),
                new Case("{\"name\":\"Ok\",\"purpose\":\"x\",\"visibility\":\"public\",\"maxConsecutiveTerms\":\"2\"}", "maxConsecutiveTerms"),
                new Case("{\"name\":\"Ok\",\"purpose\":\"x\",\"visibility\":\"public\",\"id\":\"" + UUID.randomUUID() + "\"}", "id"))) {
            as("tess").body(c.body()).post("/api/groups").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(c.field()));
        }
        String name = "Unique " + UUID.randomUUID();
        as("tess").body("{\"name\":\"" + name + "\",\"purpose\":\"x\",\"visibility\":\"public\"}").post("/api/groups").then().statusCode(201);
        as("tess").body("{\"name\":\"" + name.toUpperCase() + "\",\"purpose\":\"x\",\"visibility\":\"public\"}").post("/api/groups")
                .then().statusCode(409).body("detail", containsString("already"));
        assertEquals(groups + 1, community.count("SELECT count(*) FROM affinity_group"));
    }

    @Test
    void aRetriedCreationWithTheSameIdempotencyKeyCreatesOneGroup() {
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"Retried " + key + "\",\"purpose\":\"x\",\"visibility\":\"public\"}";
        long groups = community.count("SELECT count(*) FROM affinity_group");
        String first = as("tess").header("Idempotency-Key", key).body(body).post("/api/groups").then().statusCode(201)
                .extract().path("id");
        as("tess").header("Idempotency-Key", key).body(body).post("/api/groups").then().statusCode(201)
                .header("Idempotent-Replayed", "true").header("Location", "/api/groups/" + first).body("id", equalTo(first));
        assertEquals(groups + 1, community.count("SELECT count(*) FROM affinity_group"));
        as("tess").header("Idempotency-Key", key).body(body.replace("\"x\"", "\"y\"")).post("/api/groups").then().statusCode(409)
                .body("detail", containsString("Idempotency-Key"));
        as("tess").header("Idempotency-Key", "bad key with spaces").body(body).post("/api/groups").then().statusCode(400)
                .body("errors.field", hasItem("Idempotency-Key"));
        // keys are each caller's own: the same key from another steward is a new request
        as("sam").header("Idempotency-Key", key).body(body).post("/api/groups").then().statusCode(409)
                .body("detail", containsString("already a group"));
        assertEquals(groups + 1, community.count("SELECT count(*) FROM affinity_group"));
    }

    @Test
    void groupListsPageWithAHardLimit() {
        Community.group("tess", "public");
        Community.group("tess", "public");
        var first = RestAssured.given().queryParam("limit", 1).get("/api/public/groups").then().statusCode(200)
                .body("items.size()", equalTo(1), "nextCursor", notNullValue()).extract();
        RestAssured.given().queryParam("limit", 1).queryParam("cursor", first.path("nextCursor").toString()).get("/api/public/groups")
                .then().statusCode(200).body("items[0].id", not(equalTo(first.path("items[0].id"))));
        as("bob").queryParam("limit", 101).get("/api/groups").then().statusCode(400).body("errors.field", hasItem("limit"));
        RestAssured.given().get("/api/groups").then().statusCode(401);
    }
}
