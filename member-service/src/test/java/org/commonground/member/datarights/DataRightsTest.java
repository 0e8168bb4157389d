package org.commonground.member.datarights;

import static org.commonground.member.testing.Community.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.commonground.member.testing.Community;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DataRightsTest {

    @Inject
    AgroalDataSource database;

    Community community;
    String member;
    String group;

    /** load-5 has a full life in the community: a profile, a group, a term, consents, and a reader */
    @BeforeEach
    void aMemberWithAHistory() {
        community = new Community(database);
        community.forget("load-5");
        community.update("DELETE FROM idempotent_request WHERE subject = '" + Tokens.subject("load-5") + "'");
        member = as("load-5").header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                .body("{\"displayName\":\"Erin Erasable\"}").post("/api/members").then().statusCode(201).extract().path("id");
        community.joined("bob", "Bob");
        community.joined("tess", "Tess");
        String etag = as("load-5").get("/api/members/me").then().extract().header("ETag");
        as("load-5").header("If-Match", etag).body("{\"displayName\":\"Erin Erasable\",\"skills\":[\"Sewing\"],\"contactEmail\":\"erin@example.org\"}")
                .put("/api/members/me").then().statusCode(200);
        group = Community.group("tess", "public");
        Community.join("load-5", group);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        as("tess").body("{\"memberId\":\"" + member + "\",\"startsOn\":\"" + today + "\",\"endsOn\":\"" + today.plusMonths(6) + "\"}")
                .post("/api/groups/" + group + "/terms").then().statusCode(201);
        Community.grant("load-5", "directory-listing");
        Community.grant("load-5", "public-recognition");
        as("bob").get("/api/members/" + member).then().statusCode(200);
    }

    @Test
    void theExportHoldsEverythingMemberServiceKnowsAboutMe() {
        as("load-5").get("/api/members/me/export").then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.containsString("attachment"))
                .body("profile.id", equalTo(member), "profile.contactEmail", equalTo("erin@example.org"),
                        "profile.skills", equalTo(java.util.List.of("Sewing")))
                .body("groups.groupId", hasItem(group), "groups[0].name", notNullValue())
                .body("leadershipTerms", hasSize(1), "leadershipTerms[0].groupId", equalTo(group))
                .body("consents.purpose", hasItem("public-recognition"), "consentHistory", hasSize(2))
                .body("accessLog", hasSize(1), "accessLog[0].readerSubject", equalTo(Tokens.subject("bob")))
                .body("exportedAt", notNullValue());
        as("bob").get("/api/members/" + member + "/export").then().statusCode(org.hamcrest.Matchers.oneOf(403, 404, 405));
    }

    @Test
    void erasureKeepsOnlyAPseudonymAndTellsEveryone() {
        long withdrawals = community.events("consent.withdrawn.v1", member);
        as("load-5").delete("/api/members/me").then().statusCode(204);

        assertEquals(1, community.events("member.erased.v1", member));
        assertEquals(withdrawals + 2, community.events("consent.withdrawn.v1", member), "each held consent is withdrawn");
        assertTrue(community.lastEvent("consent.withdrawn.v1", member).contains("\"reason\":\"erased\""));
        assertEquals(1, community.events("member.public-profile-withdrawn.v1", member));
        assertEquals(1, community.events("group.leadership-opened.v1", group), "the erased lead's group needs a new lead");
        assertEquals(1, community.count("SELECT count(*) FROM member WHERE id = '" + member + "' AND subject IS NULL"
                + " AND display_name IS NULL AND contact_email IS NULL AND skills = '{}' AND erased_at IS NOT NULL"));
        assertEquals(0, community.count("SELECT count(*) FROM group_membership WHERE member_id = '" + member + "'"));
        assertEquals(0, community.count("SELECT count(*) FROM access_log WHERE member_id = '" + member + "'"));
        assertEquals(0, community.count("SELECT count(*) FROM idempotent_request WHERE subject = '" + Tokens.subject("load-5") + "'"),
                "answers kept for retries may repeat the profile: they go too");

        as("load-5").get("/api/members/me").then().statusCode(404);
        as("bob").get("/api/members/" + member).then().statusCode(404);
        as("bob").queryParam("q", "Erin").get("/api/members").then().body("items.id", not(hasItem(member)));
        as("bob").get("/api/groups/" + group + "/leadership").then().body("items[0].endedReason", equalTo("erased"));
        as("load-5").delete("/api/members/me").then().statusCode(404);
    }

    @Test
    void afterErasureTheSameIdentityJoinsAgainAsSomeoneNew() {
        as("load-5").delete("/api/members/me").then().statusCode(204);
        String again = as("load-5").body("{\"displayName\":\"Erin Again\"}").post("/api/members").then().statusCode(201)
                .extract().path("id");
        assertNotEquals(member, again);
        as("load-5").get("/api/members/me/consents").then().body("granted", org.hamcrest.Matchers.everyItem(equalTo(false)));
        as("load-5").get("/api/members/me/export").then().body("groups", hasSize(0), "consentHistory", hasSize(0), "accessLog", hasSize(0));
    }
}
