package org.commonground.member.consent;

import static org.commonground.member.testing.Community.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.commonground.member.testing.Community;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Consents over time: notices that change, grants that expire, and the history that keeps every step. */
@QuarkusTest
class ConsentLifecycleTest {

    @Inject
    AgroalDataSource database;

    @Inject
    ConsentExpiry expiry;

    Community community;
    String bob;

    @BeforeEach
    void bobHasJoinedAndGrantedNothing() {
        community = new Community(database);
        bob = community.joined("bob", "Bob B.");
    }

    @Test
    void aChangedNoticeIsANewVersionAndEarlierGrantsKeepTheVersionTheySaw() {
        int before = RestAssured.given().get("/api/consent-purposes").then().extract()
                .path("find { it.purpose == 'impact-stories' }.noticeVersion");
        as("bob").body("{\"granted\":true,\"noticeVersion\":" + before + "}").put("/api/members/me/consents/impact-stories")
                .then().statusCode(200).body("noticeVersion", equalTo(before));

        as("olga").body("""
                {"texts":{"en":{"title":"Tell stories of my impact","notice":"Your stories may be published, named, also in print."},
                          "es":{"title":"Contar historias de mi impacto","notice":"Tus historias pueden publicarse, también impresas."}}}""")
                .post("/api/consent-purposes/impact-stories/notices").then().statusCode(201).body("noticeVersion", equalTo(before + 1));

        RestAssured.given().get("/api/consent-purposes").then()
                .body("find { it.purpose == 'impact-stories' }.noticeVersion", equalTo(before + 1))
                .body("find { it.purpose == 'impact-stories' }.notice", equalTo("Your stories may be published, named, also in print."));
        RestAssured.given().get("/api/consent-purposes/impact-stories/notices").then().statusCode(200)
                .body("noticeVersion", hasItem(before), "noticeVersion", hasItem(before + 1));
        as("bob").get("/api/members/me/consents").then()
                .body("find { it.purpose == 'impact-stories' }.noticeVersion", equalTo(before))
                .body("find { it.purpose == 'impact-stories' }.currentNoticeVersion", equalTo(before + 1))
                .body("find { it.purpose == 'impact-stories' }.noticeChangedSinceGrant", equalTo(true));

        // a client that shows the old words cannot record them as agreed to
        as("bob").body("{\"granted\":true,\"noticeVersion\":" + before + "}").put("/api/members/me/consents/impact-stories")
                .then().statusCode(409).body("rule", equalTo("notice-changed"));
        as("bob").body("{\"granted\":true,\"noticeVersion\":" + (before + 1) + ",\"language\":\"es\"}")
                .put("/api/members/me/consents/impact-stories")
                .then().statusCode(200).body("noticeVersion", equalTo(before + 1), "noticeLanguage", equalTo("es"),
                        "noticeChangedSinceGrant", equalTo(false));
    }

    @Test
    void onlyAdminsPublishNoticesAndANoticeNeedsItsEnglishText() {
        String body = "{\"texts\":{\"en\":{\"title\":\"T\",\"notice\":\"N\"}}}";
        as("tess").body(body).post("/api/consent-purposes/impact-stories/notices").then().statusCode(403);
        RestAssured.given().contentType("application/json").body(body).post("/api/consent-purposes/impact-stories/notices")
                .then().statusCode(401);
        as("olga").body("{\"texts\":{\"es\":{\"title\":\"T\",\"notice\":\"N\"}}}").post("/api/consent-purposes/impact-stories/notices")
                .then().statusCode(400).body("errors.field", hasItem("texts"));
        as("olga").body("{\"texts\":{\"en\":{\"title\":\"\",\"notice\":\"N\"}}}").post("/api/consent-purposes/impact-stories/notices")
                .then().statusCode(400);
        as("olga").body(body).post("/api/consent-purposes/marketing/notices").then().statusCode(404);
    }

    @Test
    void theHistoryKeepsEveryGrantAndWithdrawalNewestFirstInPages() {
        for (int i = 0; i < 3; i++) {
            Community.grant("bob", "directory-listing");
            Community.withdraw("bob", "directory-listing");
        }
        var first = as("bob").queryParam("limit", 4).get("/api/members/me/consents/history").then().statusCode(200)
                .body("items.size()", equalTo(4), "items[0].granted", equalTo(false), "items[0].reason", equalTo("member"),
                        "nextCursor", notNullValue())
                .extract();
        as("bob").queryParam("limit", 4).queryParam("cursor", first.path("nextCursor").toString())
                .get("/api/members/me/consents/history").then().statusCode(200)
                .body("items.size()", equalTo(2), "nextCursor", nullValue());
        as("bob").queryParam("limit", 101).get("/api/members/me/consents/history").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
        as("bob").queryParam("cursor", "bm9wZQ").get("/api/members/me/consents/history").then().statusCode(400)
                .body("errors.field", hasItem("cursor"));
        assertTrue(community.count("SELECT count(*) FROM consent_history h JOIN member m ON m.id = h.member_id WHERE m.id = '" + bob + "'") == 6);
    }

    @Test
    void theHistoryCannotBeRewritten() {
        Community.grant("bob", "directory-listing");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> community.update("UPDATE consent_history SET granted = false WHERE member_id = '" + bob + "'"));
    }

    @Test
    void partnerPurposesExpireAfterTwelveMonthsAtMostAndAMemberMayChooseSooner() {
        as("bob").body("{\"granted\":true}").put("/api/members/me/consents/partner-contact").then().statusCode(200)
                .body("expiresAt", notNullValue());
        Instant expires = Instant.parse(as("bob").get("/api/members/me/consents").then().extract()
                .path("find { it.purpose == 'partner-contact' }.expiresAt"));
        assertTrue(Duration.between(Instant.now().atZone(ZoneOffset.UTC).plusMonths(12).toInstant(), expires).abs().toMinutes() < 5);
        LocalDate soon = LocalDate.now(ZoneOffset.UTC).plusDays(45);
        as("bob").body("{\"granted\":true,\"expiresOn\":\"" + soon + "\"}").put("/api/members/me/consents/directory-listing")
                .then().statusCode(200).body("expiresAt", equalTo(soon + "T00:00:00Z"));
        as("bob").body("{\"granted\":true,\"expiresOn\":\"" + LocalDate.now().plusMonths(13) + "\"}")
                .put("/api/members/me/consents/partner-contact").then().statusCode(400).body("errors.field", hasItem("expiresOn"));
    }

    @Test
    void sendingAGrantThatAlreadyHoldsAgainChangesNothing() {
        for (int i = 0; i < 3; i++) {
            as("bob").body("{\"granted\":true}").put("/api/members/me/consents/partner-contact").then().statusCode(200);
        }
        assertEquals(1, community.count("SELECT count(*) FROM consent_history WHERE member_id = '" + bob + "'"));
        assertEquals(1, community.events("consent.granted.v1", bob));
        LocalDate sooner = LocalDate.now(ZoneOffset.UTC).plusMonths(2);
        as("bob").body("{\"granted\":true,\"expiresOn\":\"" + sooner + "\"}").put("/api/members/me/consents/partner-contact")
                .then().statusCode(200).body("expiresAt", equalTo(sooner + "T00:00:00Z"));
        as("bob").get("/api/members/me/consents/history").then().body("items[0].reason", equalTo("renewed"));
    }

    @Test
    void anExpiringConsentRemindsAt30And7DaysThenLapsesAsAWithdrawal() {
        LocalDate expiresOn = LocalDate.now(ZoneOffset.UTC).plusDays(20);
        as("bob").body("{\"granted\":true,\"expiresOn\":\"" + expiresOn + "\"}").put("/api/members/me/consents/partner-contact")
                .then().statusCode(200);
        Instant now = Instant.now();

        run(now);
        assertEquals(1, community.events("consent.expiring.v1", bob));
        assertTrue(community.lastEvent("consent.expiring.v1", bob).contains("\"daysLeft\":30"));
        run(now.plus(Duration.ofHours(1)));
        assertEquals(1, community.events("consent.expiring.v1", bob), "each reminder goes out once");

        run(now.plus(Duration.ofDays(14)));
        assertEquals(2, community.events("consent.expiring.v1", bob));
        assertTrue(community.lastEvent("consent.expiring.v1", bob).contains("\"daysLeft\":7"));

        long withdrawals = community.events("consent.withdrawn.v1", bob);
        run(now.plus(Duration.ofDays(21)));
        assertEquals(withdrawals + 1, community.events("consent.withdrawn.v1", bob));
        assertTrue(community.lastEvent("consent.withdrawn.v1", bob).contains("\"reason\":\"expired\""));
        as("bob").get("/api/members/me/consents/history").then()
                .body("items[0].reason", equalTo("expired"), "items[0].granted", equalTo(false));
        run(now.plus(Duration.ofDays(22)));
        assertEquals(withdrawals + 1, community.events("consent.withdrawn.v1", bob), "a lapse is recorded once");
    }

    @Test
    void anExpiredConsentNoLongerCountsEvenBeforeTheLapseIsRecorded() {
        Community.grant("bob", "directory-listing");
        community.update("UPDATE member_consent SET expires_at = now() - interval '1 minute' WHERE member_id = '" + bob + "'");
        as("bob").get("/api/members/me/consents").then()
                .body("find { it.purpose == 'directory-listing' }.granted", equalTo(false));
        community.joined("alice", "Alice");
        as("alice").get("/api/members/" + bob).then().statusCode(200).body("listed", equalTo(false));
    }

    @Test
    void withdrawingIsOneCallAndNeverPenalised() {
        String group = Community.group("tess", "members");
        Community.join("bob", group);
        Community.grant("bob", "public-recognition");
        as("bob").body("{\"granted\":false}").put("/api/members/me/consents/public-recognition").then().statusCode(200)
                .body("granted", equalTo(false));
        assertEquals(1, community.events("member.public-profile-withdrawn.v1", bob));
        // everything else stays as it was: the profile, the group, the history of the decision
        as("bob").get("/api/members/me").then().statusCode(200).body("displayName", equalTo("Bob B."));
        as("bob").get("/api/members/me/export").then().body("groups.groupId", hasItem(group));
        assertEquals(2, community.count("SELECT count(*) FROM consent_history WHERE member_id = '" + bob + "'"));
    }

    private void run(Instant at) {
        try {
            VertxContextSupport.subscribeAndAwait(() -> expiry.run(at));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
