package org.commonground.benefit.allocation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.testing.Community;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AllocationTest {

    @Inject
    AgroalDataSource database;

    @Inject
    org.commonground.platform.security.PartnerPseudonyms pseudonyms;

    private static final LocalDate FROM = LocalDate.of(2026, 10, 1);
    private static final LocalDate TO = LocalDate.of(2026, 10, 31);

    private static String acme() {
        return Tokens.partner("partner-acme", "partner-acme-secret");
    }

    private static String pool(UUID partnership, String amount, String currency, String format, String method) {
        return "{\"partnershipId\":\"" + partnership + "\",\"name\":\"Autumn stipends\",\"amount\":\"" + amount + "\",\"currency\":\""
                + currency + "\",\"format\":\"" + format + "\",\"periodFrom\":\"" + FROM + "\",\"periodTo\":\"" + TO + "\",\"method\":\""
                + method + "\"}";
    }

    private static String createPool(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/pools").then().statusCode(201)
                .extract().path("id");
    }

    private static JsonPath compute(String user, String poolId) {
        return given().auth().oauth2(Tokens.of(user)).post("/api/pools/" + poolId + "/allocations").then().statusCode(201)
                .extract().jsonPath();
    }

    private void awaitCredited(Community community, UUID partnership, int contributions) {
        await().atMost(Community.PATIENCE).until(() -> community.count("SELECT count(*) FROM credited_contribution WHERE partnership_id = '"
                + partnership + "' AND points IS NOT NULL") == contributions);
    }

    @Test
    void aPoolIsSharedByThePublishedPolicyAndEachMemberSeesWhy() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        String policyId = Community.publishedPolicy(partnership, null);
        UUID alice = community.member("alice");
        UUID bob = community.member("bob");
        // alice: CONTENT 2 × 3 h × MEDIUM 2 = 12 points in October, and 4 points in September that October's pool does not count
        Community.verify(partnership, alice, "CONTENT", "3", "MEDIUM", LocalDate.of(2026, 10, 3));
        Community.verify(partnership, alice, "CONTENT", "2", "LOW", LocalDate.of(2026, 9, 20));
        // bob: TRAINING 1 × 2 h × LOW 1 = 2 points
        Community.verify(partnership, bob, "TRAINING", "2", "LOW", LocalDate.of(2026, 10, 12));
        // alice leaves the initiative: what she earned stays hers
        EventBus.publish(EventType.INITIATIVE_PARTICIPANT_LEFT, UUID.randomUUID().toString(), com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode().put("initiativeId", UUID.randomUUID().toString()).put("memberId", alice.toString())
                .put("at", java.time.Instant.now().toString()));
        awaitCredited(community, partnership, 3);

        String poolId = createPool(acme(), pool(partnership, "1000.00", "EUR", "STIPEND", "PROPORTIONAL"));
        JsonPath draft = compute("sam", poolId);
        assertEquals("DRAFT", draft.getString("status"));
        assertEquals(1, draft.getInt("policyVersion"));
        assertEquals(policyId, draft.getString("policyId"));
        assertEquals("14", draft.getString("totalWeight"));
        assertEquals(List.of("857.14", "142.86"), draft.getList("lines.amount"));
        assertEquals(List.of("0.857143", "0.142857"), draft.getList("lines.share"));
        assertEquals("0.00", draft.getString("unallocated"));
        String allocationId = draft.getString("id");

        // four eyes: who computed it cannot publish it
        given().auth().oauth2(Tokens.of("sam")).post("/api/allocations/" + allocationId + "/publish").then().statusCode(403)
                .contentType("application/problem+json").body("rule", equalTo("four-eyes"));
        given().auth().oauth2(Tokens.of("olga")).post("/api/allocations/" + allocationId + "/publish").then().statusCode(200)
                .body("status", equalTo("PUBLISHED")).body("lines.status", contains("PAID", "PAID"));

        // the ledger: the pool put up, then each share paid out of it, all verifiable
        JsonPath ledger = given().get("/api/public/ledger/" + partnership + "?limit=100").then().extract().jsonPath();
        List<String> kinds = ledger.getList("items.kind");
        assertEquals(List.of("POOL_FUNDED", "POOL_FUNDED", "ALLOCATION_PAID", "ALLOCATION_PAID", "ALLOCATION_PAID", "ALLOCATION_PAID"),
                kinds.subList(6, 12));
        given().get("/api/public/ledger/" + partnership + "/verification").then().body("valid", equalTo(true));
        given().get("/api/public/ledger/" + partnership + "/balances").then().body("totals.EUR", equalTo("0"))
                .body("accounts.find { it.account == 'pool/" + poolId + "' }.balance", equalTo("0"));
        assertEquals(2, community.count("SELECT count(*) FROM outbox WHERE type = 'allocation.published.v1' AND subject = '" + allocationId + "'"));

        // alice's explanation: her contributions, the policy version, the method and the arithmetic
        given().auth().oauth2(Tokens.of("alice")).get("/api/members/me/benefits").then().statusCode(200)
                .body("items.size()", equalTo(1))
                .body("items[0].amount", equalTo("857.14")).body("items[0].currency", equalTo("EUR"))
                .body("items[0].policyVersion", equalTo(1)).body("items[0].method", equalTo("PROPORTIONAL"))
                .body("items[0].weight", equalTo("12")).body("items[0].totalWeight", equalTo("14")).body("items[0].share", equalTo("0.857143"))
                .body("items[0].contributions.points", containsInAnyOrder("12", "4"))
                .body("items[0].contributions.counted", hasItem("before the period: not counted"))
                .body("items[0].arithmetic", hasItem("2026-10-03 CONTENT: 2 (weight) × 3 h × 2 (MEDIUM) = 12 points (policy version 1)"))
                .body("items[0].arithmetic", hasItem("your share = 12 ÷ 14 (everyone's weight) = 0.857143"));
        // bob sees his own, never alice's
        given().auth().oauth2(Tokens.of("bob")).get("/api/members/me/benefits").then().statusCode(200)
                .body("items.amount", contains("142.86")).body("items[0].contributions.points", contains("2"));
        // anyone sees the arithmetic in aggregate, without the spread of amounts for so few
        given().get("/api/public/pools/" + poolId).then().statusCode(200).body("status", equalTo("ALLOCATED"))
                .body("recipients", equalTo(2)).body("allocated", equalTo("1000.00")).body("paid", equalTo("1000.00"))
                .body("amounts", nullValue()).body("arithmetic.size()", equalTo(5));
        // and it never changes
        given().auth().oauth2(Tokens.of("sam")).post("/api/pools/" + poolId + "/allocations").then().statusCode(409)
                .body("rule", equalTo("allocated-once"));
        given().auth().oauth2(Tokens.of("olga")).post("/api/allocations/" + allocationId + "/publish").then().statusCode(409);
    }

    @Test
    void capsAndFloorsShapeTheSharesAndTheAmountsStillAddUpToThePool() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, "\"capShare\":\"0.5\",\"floorShare\":\"0.1\"");
        UUID big = community.anonymousMember();
        Community.verify(partnership, big, "TRAINING", "24", "HIGH", FROM); // 72 points
        Community.verify(partnership, big, "TRAINING", "13", "MEDIUM", FROM.plusDays(1)); // 26 points
        for (int i = 0; i < 2; i++) {
            Community.verify(partnership, community.anonymousMember(), "TRAINING", "1", "LOW", FROM); // 1 point each
        }
        awaitCredited(community, partnership, 4);
        String poolId = createPool(Tokens.of("sam"), pool(partnership, "1000.00", "EUR", "STIPEND", "PROPORTIONAL"));
        JsonPath draft = compute("olga", poolId);
        // 98 : 1 : 1 would be 980 / 10 / 10; the cap holds the first to 500 and the floor lifts the others to 100, then the
        // rest of the cap's money goes to those below it: 500 / 250 / 250
        assertEquals(List.of("500.00", "250.00", "250.00"), draft.getList("lines.amount"));
        assertEquals(List.of("CAP", "NONE", "NONE"), draft.getList("lines.bound"));
        assertEquals("500.00", draft.getString("capAmount"));
        assertEquals("100.00", draft.getString("floorAmount"));
    }

    @Test
    void balancedSharingMovesMembersTowardTheirLifetimeTargets() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID early = community.anonymousMember();
        UUID late = community.anonymousMember();
        Community.verify(partnership, early, "TRAINING", "10", "LOW", LocalDate.of(2026, 9, 10));
        Community.verify(partnership, late, "TRAINING", "10", "LOW", LocalDate.of(2026, 10, 10));
        awaitCredited(community, partnership, 2);
        // September's pool went to the early contributor alone
        String september = createPool(Tokens.of("sam"), pool(partnership, "1000.00", "EUR", "STIPEND", "PROPORTIONAL")
                .replace(FROM.toString(), "2026-09-01").replace(TO.toString(), "2026-09-30"));
        String first = compute("sam", september).getString("id");
        given().auth().oauth2(Tokens.of("olga")).post("/api/allocations/" + first + "/publish").then().statusCode(200);
        // October's pool, BALANCED: both have 10 lifetime points, so each target is (1000 + 1000) × 10 ÷ 20 = 1000;
        // the early one has it already, the late one is 1000 below it and receives the whole pool
        String october = createPool(Tokens.of("sam"), pool(partnership, "1000.00", "EUR", "STIPEND", "BALANCED"));
        JsonPath draft = compute("sam", october);
        assertEquals(List.of("1000.00"), draft.getList("lines.amount"));
        assertEquals(List.of(late.toString()), draft.getList("lines.memberId"));
        assertEquals("0.00", draft.getString("unallocated"));
    }

    @Test
    void aShareInAFormatTheMemberDoesNotAcceptIsHeldAndReleasedWhenTheyAcceptIt() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        UUID carol = community.member("carol");
        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).body("{\"accepts\":[\"PROFESSIONAL_DEVELOPMENT\"]}")
                .put("/api/members/me/reward-preferences").then().statusCode(200).body("accepts", contains("PROFESSIONAL_DEVELOPMENT"));
        Community.verify(partnership, carol, "CONTENT", "1", "LOW", FROM);
        awaitCredited(community, partnership, 1);
        String poolId = createPool(acme(), pool(partnership, "300.00", "EUR", "STIPEND", "PROPORTIONAL"));
        String allocationId = compute("sam", poolId).getString("id");
        given().auth().oauth2(acme()).post("/api/allocations/" + allocationId + "/publish").then().statusCode(200)
                .body("lines.status", contains("HELD"))
                .body("lines[0].memberId", nullValue()) // a partner sees pseudonyms only: its own for each member
                .body("lines[0].pseudonym", equalTo(pseudonyms.of("acme", carol)));

        given().auth().oauth2(Tokens.of("carol")).get("/api/members/me/reward-preferences").then().statusCode(200)
                .body("held.amount", contains("300.00")).body("held.format", contains("STIPEND"));
        // one held share among few: the split would be carol's share, so it is not shown
        given().get("/api/public/pools/" + poolId).then().body("held", nullValue()).body("paid", nullValue())
                .body("arithmetic", hasItem(org.hamcrest.Matchers.containsString("the split is not shown")));

        given().auth().oauth2(Tokens.of("carol")).contentType(ContentType.JSON).body("{\"accepts\":[\"PROFESSIONAL_DEVELOPMENT\",\"STIPEND\"]}")
                .put("/api/members/me/reward-preferences").then().statusCode(200).body("held.size()", equalTo(0));
        given().auth().oauth2(Tokens.of("carol")).get("/api/members/me/benefits").then().body("items[0].status", equalTo("RELEASED"));
        JsonPath ledger = given().get("/api/public/ledger/" + partnership + "?limit=100").then().extract().jsonPath();
        List<String> kinds = ledger.getList("items.kind");
        assertEquals(List.of("ALLOCATION_HELD", "ALLOCATION_HELD", "HOLD_RELEASED", "HOLD_RELEASED"), kinds.subList(kinds.size() - 4, kinds.size()));
        given().get("/api/public/ledger/" + partnership + "/verification").then().body("valid", equalTo(true));
        assertEquals(1, community.count("SELECT count(*) FROM outbox WHERE type = 'allocation.released.v1' AND subject = '" + allocationId + "'"));
    }

    @Test
    void onlyThePartnershipsPartnerStewardsAndAdminsCreatePools() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null);
        String body = pool(partnership, "100.00", "EUR", "STIPEND", "PROPORTIONAL");
        for (String token : List.of(Tokens.partner("partner-globex", "partner-globex-secret"), Tokens.of("alice"), Tokens.of("tess"),
                Tokens.of("audrey"))) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/api/pools").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(body).post("/api/pools").then().statusCode(401);
        assertEquals(0, community.count("SELECT count(*) FROM pool WHERE partnership_id = '" + partnership + "'"));
        createPool(acme(), body);
        createPool(Tokens.of("sam"), body);
        String poolId = createPool(Tokens.of("olga"), body);
        given().get("/api/public/pools?partnershipId=" + partnership).then().statusCode(200).body("items.size()", equalTo(3));

        // the auditor reads everything, and changes nothing
        String allocationId = compute("sam", poolId).getString("id");
        given().auth().oauth2(Tokens.of("audrey")).post("/api/pools/" + poolId + "/allocations").then().statusCode(403);
        given().auth().oauth2(Tokens.of("audrey")).post("/api/allocations/" + allocationId + "/publish").then().statusCode(403);
        given().auth().oauth2(Tokens.of("audrey")).get("/api/allocations/" + allocationId).then().statusCode(200).body("status", equalTo("DRAFT"));
        given().auth().oauth2(Tokens.of("audrey")).get("/api/pools/" + poolId + "/allocations").then().statusCode(200).body("size()", equalTo(1));
        // a partner of another organization or a member reads no draft
        given().auth().oauth2(Tokens.partner("partner-globex", "partner-globex-secret")).get("/api/allocations/" + allocationId).then().statusCode(403);
        given().auth().oauth2(Tokens.of("alice")).get("/api/allocations/" + allocationId).then().statusCode(403);
        given().auth().oauth2(Tokens.of("tess")).post("/api/allocations/" + allocationId + "/publish").then().statusCode(403);
    }

    @Test
    void badPoolsAreRefusedNamingTheFieldAndNothingIsWritten() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        Community.publishedPolicy(partnership, null); // offers STIPEND and PROFESSIONAL_DEVELOPMENT
        String[][] cases = {
                { pool(partnership, "0", "EUR", "STIPEND", "PROPORTIONAL"), "amount" },
                { pool(partnership, "-5.00", "EUR", "STIPEND", "PROPORTIONAL"), "amount" },
                { pool(partnership, "10.001", "EUR", "STIPEND", "PROPORTIONAL"), "amount" },
                { pool(partnership, "10.5", "JPY", "STIPEND", "PROPORTIONAL"), "amount" },
                { pool(partnership, "10.00", "XYZ", "STIPEND", "PROPORTIONAL"), "currency" },
                { pool(partnership, "10.00", "eur", "STIPEND", "PROPORTIONAL"), "currency" },
                { pool(partnership, "10.00", "CLF", "STIPEND", "PROPORTIONAL"), "currency" },
                { pool(partnership, "10", "XAU", "STIPEND", "PROPORTIONAL"), "currency" },
                { pool(partnership, "1000000000000.00", "EUR", "STIPEND", "PROPORTIONAL"), "amount" },
                { pool(partnership, "10.00", "EUR", "STIPEND", "EVEN"), "method" },
                { pool(partnership, "10.00", "EUR", "GOLD", "PROPORTIONAL"), "format" },
                { pool(partnership, "10.00", "EUR", "STIPEND", "PROPORTIONAL").replace("\"periodTo\":\"" + TO, "\"periodTo\":\"2026-09-01"), "periodTo" },
                { pool(partnership, "10.00", "EUR", "STIPEND", "PROPORTIONAL").replace("\"name\":\"Autumn stipends\",", ""), "name" } };
        for (String[] c : cases) {
            given().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON).body(c[0]).post("/api/pools").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem(c[1]));
        }
        given().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON).body(pool(partnership, "10.00", "EUR", "EXPOSURE", "PROPORTIONAL"))
                .post("/api/pools").then().statusCode(409).body("rule", equalTo("format-offered"));
        assertEquals(0, community.count("SELECT count(*) FROM pool WHERE partnership_id = '" + partnership + "'"));
        assertEquals(0, community.ledgerSize(partnership));
    }

    @Test
    void aRetriedPoolCreationWithTheSameKeyCreatesOnePool() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        String key = UUID.randomUUID().toString();
        String body = pool(partnership, "250.00", "EUR", "STIPEND", "RECENT");
        String first = given().auth().oauth2(acme()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/pools").then().statusCode(201).extract().path("id");
        given().auth().oauth2(acme()).header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .post("/api/pools").then().statusCode(201).body("id", equalTo(first)).header("Idempotent-Replayed", notNullValue());
        assertEquals(2, community.ledgerSize(partnership), "one pool funded, once");
    }

    @Test
    void nothingIsSharedWithoutAPublishedPolicy() {
        Community community = new Community(database);
        UUID partnership = community.partnership();
        String poolId = createPool(acme(), pool(partnership, "100.00", "EUR", "STIPEND", "PROPORTIONAL"));
        given().auth().oauth2(Tokens.of("sam")).post("/api/pools/" + poolId + "/allocations").then().statusCode(409)
                .body("rule", equalTo("published-policy"));
        given().get("/api/public/pools/" + poolId).then().statusCode(200).body("status", equalTo("OPEN"));
        // with a policy but nobody eligible, the draft keeps the whole pool, and publishing it would close the pool for nothing
        Community.publishedPolicy(partnership, null);
        JsonPath draft = compute("sam", poolId);
        assertEquals("100.00", draft.getString("unallocated"));
        assertEquals(0, draft.getInt("recipients"));
        given().auth().oauth2(Tokens.of("olga")).post("/api/allocations/" + draft.getString("id") + "/publish").then().statusCode(409)
                .body("rule", equalTo("nothing-to-share"));
        given().get("/api/public/pools/" + poolId).then().statusCode(200).body("status", equalTo("OPEN"));
    }
}
