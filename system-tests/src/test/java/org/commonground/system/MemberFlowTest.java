package org.commonground.system;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * A member's life in the community through the gateway, with real tokens: a profile kept with ETags, the directory
 * and the access log that shows who looked, a group with a lead and a shadow whose history is public, and erasure.
 */
class MemberFlowTest {

    private static RequestSpecification as(String user) {
        return Suite.api().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    private static String id(String user) {
        Suite.joined(user);
        return as(user).get("/api/members/me").then().statusCode(200).extract().path("id");
    }

    @Test
    void aListedMembersProfileIsFoundAndEveryLookIsShownToHer() {
        String alice = id("alice");
        id("bob");
        String etag = as("alice").get("/api/members/me").then().extract().header("ETag");
        as("alice").header("If-Match", etag).body("{\"displayName\":\"Alice Appleby\",\"skills\":[\"Stonemasonry\"],"
                + "\"contactEmail\":\"alice@example.org\"}").put("/api/members/me").then().statusCode(200);
        as("alice").header("If-Match", etag).body("{\"displayName\":\"Stale\"}").put("/api/members/me").then().statusCode(412);
        as("alice").body("{\"granted\":true}").put("/api/members/me/consents/directory-listing").then().statusCode(200);
        as("alice").body("{\"granted\":false}").put("/api/members/me/consents/partner-contact").then().statusCode(200);

        as("bob").queryParam("skill", "stonemasonry").get("/api/members").then().statusCode(200)
                .body("items.id", hasItem(alice), "items.find { it.id == '" + alice + "' }.contactEmail", equalTo(null));
        as("alice").get("/api/members/me/access-log").then().statusCode(200)
                .body("items[0].readerSubject", equalTo(Tokens.subject("bob")), "items[0].endpoint", equalTo("GET /api/members"));
        as("audrey").get("/api/members/" + alice + "/access-log").then().statusCode(200);
        as("bob").get("/api/members/" + alice + "/access-log").then().statusCode(403);
    }

    @Test
    void aGroupsLeadershipIsPublicAndNamesOnlyThoseWhoAllowIt() {
        String carol = id("carol");
        String bob = id("bob");
        id("tess");
        String group = as("tess").header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"name\":\"Stone wall menders " + UUID.randomUUID() + "\",\"purpose\":\"Mend the old walls\",\"visibility\":\"public\"}")
                .post("/api/groups").then().statusCode(201).extract().path("id");
        as("carol").post("/api/groups/" + group + "/members/me").then().statusCode(201);
        as("bob").post("/api/groups/" + group + "/members/me").then().statusCode(201);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String term = as("tess").body("{\"memberId\":\"" + carol + "\",\"startsOn\":\"" + today + "\",\"endsOn\":\"" + today.plusMonths(6) + "\"}")
                .post("/api/groups/" + group + "/terms").then().statusCode(201).extract().path("id");
        as("carol").put("/api/groups/" + group + "/terms/" + term + "/shadows/" + bob).then().statusCode(200);
        as("tess").body("{\"memberId\":\"" + carol + "\",\"startsOn\":\"" + today.plusMonths(1) + "\",\"endsOn\":\"" + today.plusMonths(7) + "\"}")
                .post("/api/groups/" + group + "/terms").then().statusCode(409).body("rule", equalTo("no-overlap"));

        as("carol").body("{\"granted\":false}").put("/api/members/me/consents/public-recognition").then().statusCode(200);
        Suite.api().get("/api/public/groups/" + group).then().statusCode(200)
                .body("leadership", equalTo("led"), "leads[0].displayName", equalTo(null), "memberCountSuppressed", equalTo(true));
        as("carol").body("{\"granted\":true}").put("/api/members/me/consents/public-recognition").then().statusCode(200);
        Suite.api().get("/api/public/groups/" + group + "/leadership").then().statusCode(200)
                .body("items[0].lead.displayName", notNullValue(), "items[0].lead.memberId", equalTo(null));
        Suite.api().get("/api/consent-purposes").then().statusCode(200); // notices are readable before joining
    }

    @Test
    void aMemberLimitsAConsentToAPartnershipAStewardJustStarted() {
        id("alice");
        String partnership = as("sam").body("{\"name\":\"Repair cafe " + UUID.randomUUID() + "\",\"partnerName\":\"Acme Hardware\",\"memberNeeds\":\"Members need this.\",\"partnerContributes\":\"Money and tools.\",\"communityContributes\":\"Time and care.\","
                        + "\"purpose\":\"Fix what is broken together, every Saturday morning.\"}")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        String body = "{\"granted\":true,\"partnershipId\":\"" + partnership + "\"}";
        // member-service learns the partnership from initiative-service's event within moments
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                as("alice").body(body).put("/api/members/me/consents/partner-profile-sharing").statusCode() == 200);
        as("alice").get("/api/members/me/consents").then()
                .body("find { it.purpose == 'partner-profile-sharing' && it.partnershipId == '" + partnership + "' }.granted", equalTo(true));
        as("alice").body("{\"granted\":true,\"partnershipId\":\"" + UUID.randomUUID() + "\"}")
                .put("/api/members/me/consents/partner-profile-sharing").then().statusCode(400);
    }

    @Test
    void anErasedMemberLeavesOnlyAPseudonymAndMayJoinAgain() {
        String before = id("load-4");
        as("load-4").get("/api/members/me/export").then().statusCode(200).body("profile.id", equalTo(before));
        as("load-4").delete("/api/members/me").then().statusCode(204);
        as("load-4").get("/api/members/me").then().statusCode(404);
        String after = as("load-4").body("{\"displayName\":\"Load Four again\"}").post("/api/members").then().statusCode(201)
                .extract().path("id");
        as("alice").get("/api/members/" + before).then().statusCode(404);
        as("alice").get("/api/members/" + after).then().statusCode(200).body("listed", equalTo(false));
        Suite.api().get("/api/members/" + after).then().statusCode(401);
        org.hamcrest.MatcherAssert.assertThat(after, not(equalTo(before)));
    }
}
