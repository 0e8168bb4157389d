package org.commonground.benefit.ledger;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.testing.Community;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LedgerTest {

    @Inject
    AgroalDataSource database;

    private static final LocalDate ON = LocalDate.of(2026, 10, 5);

    private JsonPath ledger(UUID partnershipId) {
        return given().get("/api/public/ledger/" + partnershipId + "?limit=100").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aVerifiedContributionEarnsItsPointsAsABalancedPairUnderThePolicyVersion() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID member = community.anonymousMember();
        Community.verify(partnership, member, "CONTENT", "3", "MEDIUM", ON);
        await().atMost(Community.PATIENCE).until(() -> community.ledgerSize(partnership) == 2);

        JsonPath entries = ledger(partnership);
        // 2 (CONTENT) × 3 h × 2 (MEDIUM) = 12 points: the member's account gains them, the contributions account gives them
        assertEquals(List.of("CONTRIBUTION_CREDITED", "CONTRIBUTION_CREDITED"), entries.getList("items.kind"));
        assertEquals(List.of("12", "-12"), entries.getList("items.amount"));
        assertEquals("contributions", entries.getString("items[1].account"));
        assertEquals(1, entries.getInt("items[0].policyVersion"));
        given().get("/api/public/ledger/" + partnership + "/balances").then().statusCode(200)
                .body("totals.POINTS", equalTo("0"))
                .body("accounts.account", hasItem(matchesPattern("member/m-[a-z2-9]{10}")));
        given().get("/api/public/ledger/" + partnership + "/verification").then().statusCode(200)
                .body("valid", equalTo(true)).body("entries", equalTo(2)).body("headHash", equalTo(entries.getString("items[1].hash")));
    }

    @Test
    void aRedeliveredOrRepeatedVerificationCreditsTheContributionOnce() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID member = community.anonymousMember();
        UUID contribution = UUID.randomUUID();
        var data = Community.verified(contribution, partnership, member, "MENTORING", "2", "HIGH", ON);
        String eventId = UUID.randomUUID().toString();
        // the same event twice (a redelivery), then the same fact under another event id (a producer's retry)
        EventBus.publish(EventType.CONTRIBUTION_VERIFIED, member.toString(), data, eventId, Instant.now());
        EventBus.publish(EventType.CONTRIBUTION_VERIFIED, member.toString(), data, eventId, Instant.now());
        EventBus.publish(EventType.CONTRIBUTION_VERIFIED, member.toString(), data);
        // a marker after them, on the same partition: once it is credited, the three before it have been applied
        Community.verify(partnership, member, "OTHER", "1", "LOW", ON);
        await().atMost(Community.PATIENCE).until(() -> community.count(
                "SELECT count(*) FROM credited_contribution WHERE partnership_id = '" + partnership + "' AND points IS NOT NULL") == 2);
        assertEquals(2, community.ledgerSize(partnership), "MENTORING 1.5 × 2 h × 3 = 9 points once; OTHER weighs 0 and moves nothing");
        assertEquals(List.of("9", "-9"), ledger(partnership).getList("items.amount"));
    }

    @Test
    void aRevokedContributionIsReversedExactlyAndNeverEdited() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID member = community.anonymousMember();
        UUID contribution = Community.verify(partnership, member, "CONTENT", "1.25", "HIGH", ON);
        await().atMost(Community.PATIENCE).until(() -> community.ledgerSize(partnership) == 2);
        String firstHash = ledger(partnership).getString("items[0].hash");
        Community.revoke(contribution, partnership, member);
        Community.revoke(contribution, partnership, member);
        Community.verify(partnership, member, "OTHER", "1", "LOW", ON); // marker
        await().atMost(Community.PATIENCE).until(() -> community.count(
                "SELECT count(*) FROM credited_contribution WHERE partnership_id = '" + partnership + "' AND points IS NOT NULL") == 2);
        JsonPath entries = ledger(partnership);
        assertEquals(List.of("CONTRIBUTION_CREDITED", "CONTRIBUTION_CREDITED", "CONTRIBUTION_REVERSED", "CONTRIBUTION_REVERSED"),
                entries.getList("items.kind"));
        // 2 × 1.25 × 3 = 7.5 points, given back exactly, once
        assertEquals(List.of("7.5", "-7.5", "7.5", "-7.5"), entries.getList("items.amount"));
        assertEquals(List.of(entries.getString("items[1].account"), entries.getString("items[0].account")),
                List.of(entries.getString("items[2].account"), entries.getString("items[3].account")));
        assertEquals(firstHash, entries.getString("items[0].hash"), "the credit itself is untouched");
        given().get("/api/public/ledger/" + partnership + "/balances").then().body("accounts.balance", everyItem(equalTo("0")));
        given().get("/api/public/ledger/" + partnership + "/verification").then().body("valid", equalTo(true));
    }

    @Test
    void aRevocationThatArrivesBeforeItsVerificationLeavesNothingToCredit() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID member = community.anonymousMember();
        UUID contribution = UUID.randomUUID();
        Community.revoke(contribution, partnership, member);
        EventBus.publish(EventType.CONTRIBUTION_VERIFIED, member.toString(),
                Community.verified(contribution, partnership, member, "CONTENT", "2", "LOW", ON));
        Community.verify(partnership, member, "TRAINING", "1", "LOW", ON); // marker: 1 point
        await().atMost(Community.PATIENCE).until(() -> community.ledgerSize(partnership) == 2);
        assertEquals(List.of("1", "-1"), ledger(partnership).getList("items.amount"));
    }

    @Test
    void contributionsVerifiedBeforeAnyPolicyAreCreditedWhenTheFirstVersionIsPublished() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        UUID member = community.anonymousMember();
        Community.verify(partnership, member, "CONTENT", "2", "LOW", ON);
        await().atMost(Community.PATIENCE).until(() -> community.count(
                "SELECT count(*) FROM credited_contribution WHERE partnership_id = '" + partnership + "'") == 1);
        assertEquals(0, community.ledgerSize(partnership));
        Community.publishedPolicy(partnership, null);
        assertEquals(2, community.ledgerSize(partnership));
        assertEquals(List.of("4", "-4"), ledger(partnership).getList("items.amount"));
    }

    @Test
    void aDirectDatabaseEditOfAnAmountIsFoundByTheVerification() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID member = community.anonymousMember();
        for (int i = 0; i < 3; i++) {
            Community.verify(partnership, member, "CONTENT", "1", "LOW", ON.plusDays(i));
        }
        await().atMost(Community.PATIENCE).until(() -> community.ledgerSize(partnership) == 6);
        given().get("/api/public/ledger/" + partnership + "/verification").then().body("valid", equalTo(true));

        // someone with database access gives the member more points, and keeps the pair balanced
        community.update("UPDATE ledger_entry SET amount = 200 WHERE partnership_id = '" + partnership + "' AND seq = 3");
        community.update("UPDATE ledger_entry SET amount = -200 WHERE partnership_id = '" + partnership + "' AND seq = 4");
        given().get("/api/public/ledger/" + partnership + "/verification").then().statusCode(200)
                .body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(3)).body("headHash", nullValue())
                .body("reason", matchesPattern("entry 3: its content does not match its hash.*"));
    }

    @Test
    void aRemovedLastEntryIsFoundByTheVerification() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID member = community.anonymousMember();
        Community.verify(partnership, member, "CONTENT", "1", "LOW", ON);
        Community.verify(partnership, member, "CONTENT", "2", "LOW", ON);
        await().atMost(Community.PATIENCE).until(() -> community.ledgerSize(partnership) == 4);
        community.update("DELETE FROM ledger_entry WHERE partnership_id = '" + partnership + "' AND seq >= 3");
        given().get("/api/public/ledger/" + partnership + "/verification").then()
                .body("valid", equalTo(false)).body("firstInvalidSeq", equalTo(3));
    }

    @Test
    void theLedgerShowsANameOnlyWhileTheMemberAllowsPublicRecognition() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID member = community.anonymousMember();
        Community.verify(partnership, member, "CONTENT", "1", "LOW", ON);
        await().atMost(Community.PATIENCE).until(() -> community.ledgerSize(partnership) == 2);
        given().get("/api/public/ledger/" + partnership).then().body("items.displayName", not(hasItem("Ada L.")));

        EventBus.publish(EventType.MEMBER_PUBLIC_PROFILE_PUBLISHED, member.toString(), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("memberId", member.toString()).put("displayName", "Ada L.").put("at", Instant.now().toString()));
        await().atMost(Community.PATIENCE).untilAsserted(() -> given().get("/api/public/ledger/" + partnership)
                .then().body("items[0].displayName", equalTo("Ada L.")));

        EventBus.publish(EventType.MEMBER_PUBLIC_PROFILE_WITHDRAWN, member.toString(), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode().put("memberId", member.toString()).put("at", Instant.now().toString()));
        await().atMost(Community.PATIENCE).untilAsserted(() -> given().get("/api/public/ledger/" + partnership)
                .then().body("items.displayName", everyItem(nullValue())));
        // the pseudonym stays: the chain is unchanged
        given().get("/api/public/ledger/" + partnership + "/verification").then().body("valid", equalTo(true));
    }

    @Test
    void theLedgerPagesInOrderAndRefusesForeignCursors() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID member = community.anonymousMember();
        Community.verify(partnership, member, "CONTENT", "1", "LOW", ON);
        Community.verify(partnership, member, "CONTENT", "2", "LOW", ON);
        await().atMost(Community.PATIENCE).until(() -> community.ledgerSize(partnership) == 4);
        JsonPath first = given().get("/api/public/ledger/" + partnership + "?limit=3").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(1, 2, 3), first.getList("items.seq"));
        given().get("/api/public/ledger/" + partnership + "?limit=3&cursor=" + first.getString("nextCursor")).then()
                .body("items.seq", contains(4)).body("nextCursor", nullValue());
        given().get("/api/public/ledger/" + partnership + "?cursor=nonsense").then().statusCode(400);
        given().get("/api/public/ledger/" + partnership + "?limit=1000").then().statusCode(400);
    }
}
