package org.commonground.member.profile;

import static org.commonground.member.testing.Community.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.commonground.member.testing.Community;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProfileTest {

    private static final String FULL = """
            {"displayName":"Alice A.","pronouns":"she/her","bio":"Gardener.\\nBuilds benches.","skills":["Carpentry","Gardening"],
             "languages":["en","pt-BR"],"locationArea":"Northside","contactEmail":"alice@example.org"}""";

    @Inject
    AgroalDataSource database;

    Community community;
    String alice;

    @BeforeEach
    void aliceHasJustJoined() {
        community = new Community(database);
        alice = community.joined("alice", "Alice");
    }

    private String etag() {
        return as("alice").get("/api/members/me").then().statusCode(200).extract().header("ETag");
    }

    @Test
    void aMemberUpdatesTheirProfileWithTheETagTheyRead() {
        String etag = etag();
        String next = as("alice").header("If-Match", etag).body(FULL).put("/api/members/me")
                .then().statusCode(200)
                .body("displayName", equalTo("Alice A."), "pronouns", equalTo("she/her"), "skills", equalTo(List.of("Carpentry", "Gardening")),
                        "languages", equalTo(List.of("en", "pt-BR")), "locationArea", equalTo("Northside"),
                        "contactEmail", equalTo("alice@example.org"), "bio", equalTo("Gardener.\nBuilds benches."))
                .extract().header("ETag");
        assertTrue(!next.equals(etag), "a new version has a new ETag");
        as("alice").get("/api/members/me").then().header("ETag", next).body("id", equalTo(alice), "updatedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void aStaleWriteIsRefusedWith412AndChangesNothing() {
        String etag = etag();
        as("alice").header("If-Match", etag).body(FULL).put("/api/members/me").then().statusCode(200);
        as("alice").header("If-Match", etag).body("{\"displayName\":\"Overwritten\"}").put("/api/members/me")
                .then().statusCode(412).contentType("application/problem+json")
                .body("type", equalTo("urn:commonground:problem:precondition-failed"));
        as("alice").get("/api/members/me").then().body("displayName", equalTo("Alice A."));
    }

    @Test
    void anUpdateWithoutIfMatchIsRefusedWith428() {
        as("alice").body(FULL).put("/api/members/me").then().statusCode(428)
                .body("type", equalTo("urn:commonground:problem:precondition-required"));
        as("alice").get("/api/members/me").then().body("displayName", equalTo("Alice"));
    }

    @Test
    void idRoleAndDatesCannotBeSetThroughTheProfile() {
        String etag = etag();
        for (String field : List.of("id", "role", "roles", "joinedAt", "subject", "erasedAt")) {
            as("alice").header("If-Match", etag).body("{\"displayName\":\"Alice\",\"" + field + "\":\"x\"}").put("/api/members/me")
                    .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(field));
        }
        assertEquals(etag, etag(), "nothing was written");
    }

    @Test
    void badProfileFieldsAreNamedAndNothingIsWritten() {
        String etag = etag();
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case("{\"displayName\":\"Alice\",\"contactEmail\":\"not-an-email\"}", "contactEmail"),
                new Case("{\"displayName\":\"Alice\\u0007\"}", "displayName"),
                new Case("{\"displayName\":\"Alice\\u202Eevil\"}", "displayName"),
                new Case("{\"displayName\":\"Alice\",\"pronouns\":\"" + "p".repeat(41) + "\"}", "pronouns"),
                new Case("{\"displayName\":\"Alice\",\"bio\":\"" + "b".repeat(1001) + "\"}", "bio"),
                new Case("{\"displayName\":\"Alice\",\"bio\":\"tab\\there\"}", "bio"),
                new Case("{\"displayName\":\"Alice\",\"skills\":[\"Cooking\",\"cooking\"]}", "skills"),
                new Case("{\"displayName\":\"Alice\",\"skills\":[\"" + "s".repeat(41) + "\"]}", "skills[0]"),
                new Case("{\"displayName\":\"Alice\",\"languages\":[\"English!\"]}", "languages[0]"),
                new Case("{\"displayName\":\"Alice\",\"languages\":[null]}", "languages[0]"),
                new Case("{\"displayName\":\"Alice\",\"skills\":[null]}", "skills[0]"),
                new Case("{\"displayName\":\"\"}", "displayName"),
                new Case("{\"pronouns\":\"they\"}", "displayName"),
                new Case("{\"displayName\":\"Alice\",\"skills\":\"Cooking\"}", "skills"))) {
            as("alice").header("If-Match", etag).body(c.body()).put("/api/members/me")
                    .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(c.field()));
        }
        assertEquals(etag, etag(), "nothing was written");
    }

    @Test
    void fieldsLeftOutOfAnUpdateAreCleared() {
        as("alice").header("If-Match", etag()).body(FULL).put("/api/members/me").then().statusCode(200);
        as("alice").header("If-Match", etag()).body("{\"displayName\":\"Alice\"}").put("/api/members/me")
                .then().statusCode(200).body("pronouns", nullValue(), "contactEmail", nullValue(), "skills", equalTo(List.of()));
    }

    @Test
    void aRenamedMembersPublicNameFollowsOnlyWhilePublicRecognitionHolds() {
        as("alice").header("If-Match", etag()).body("{\"displayName\":\"Alice Unseen\"}").put("/api/members/me").then().statusCode(200);
        assertEquals(0, community.events("member.public-profile-published.v1", alice), "no consent, no name on an event");

        Community.grant("alice", "public-recognition");
        assertEquals(1, community.events("member.public-profile-published.v1", alice));
        as("alice").header("If-Match", etag()).body("{\"displayName\":\"Alice Seen\"}").put("/api/members/me").then().statusCode(200);
        assertEquals(2, community.events("member.public-profile-published.v1", alice));
        assertTrue(community.lastEvent("member.public-profile-published.v1", alice).contains("Alice Seen"));

        Community.withdraw("alice", "public-recognition");
        assertEquals(1, community.events("member.public-profile-withdrawn.v1", alice));
        as("alice").header("If-Match", etag()).body("{\"displayName\":\"Alice Hidden\"}").put("/api/members/me").then().statusCode(200);
        assertEquals(2, community.events("member.public-profile-published.v1", alice), "withdrawn: the new name stays home");
    }

    @Test
    void onlyTheCallersOwnProfileIsReachable() {
        community.joined("bob", "Bob");
        as("bob").get("/api/members/me").then().body("displayName", equalTo("Bob"), "id", org.hamcrest.Matchers.not(equalTo(alice)));
        // there is no way to name another member in a /me call: an id in the body is refused, the path has none
        as("bob").header("If-Match", "*").body("{\"id\":\"" + alice + "\",\"displayName\":\"Hijacked\"}").put("/api/members/me")
                .then().statusCode(400);
        as("alice").get("/api/members/me").then().body("displayName", equalTo("Alice"));
        as("bob").header("If-Match", "*").body("{\"displayName\":\"Hijacked\"}").put("/api/members/" + alice).then().statusCode(405);
    }

    @Test
    void partnersAndAuditorsHaveNoProfile() {
        io.restassured.RestAssured.given().auth().oauth2(org.commonground.platform.testing.Tokens.partner("partner-acme", "partner-acme-secret"))
                .get("/api/members/me").then().statusCode(403);
        as("audrey").get("/api/members/me").then().statusCode(403).body("detail", containsString(""));
    }
}
