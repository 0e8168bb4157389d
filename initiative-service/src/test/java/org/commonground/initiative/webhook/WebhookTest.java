package org.commonground.initiative.webhook;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Partner webhooks against a real HTTP receiver on the loopback address: signed as Standard Webhooks says, retried
 * after an error and a timeout with the same id, in order per initiative, redelivered on request, disabled after
 * failing for long enough (6 s in tests, a day in production), and carrying members only as they allow.
 */
@QuarkusTest
class WebhookTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource database;

    Receiver receiver;
    String partnership;
    String initiative;

    private static RequestSpecification acme() {
        return given().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).contentType(ContentType.JSON);
    }

    private static RequestSpecification globex() {
        return given().auth().oauth2(Tokens.partner("partner-globex", "partner-globex-secret")).contentType(ContentType.JSON);
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    private long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private JsonPath register(String types) {
        return acme().body("{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[" + types + "],\"partnershipIds\":[\"" + partnership + "\"]}")
                .post("/api/partner/webhooks").then().statusCode(201).extract().jsonPath();
    }

    private void move(String to) {
        if (java.util.Set.of("EVALUATION", "SCALED", "RETIRED").contains(to)) {
            org.commonground.initiative.testing.Lessons.recorded("alice", initiative);
        }
        as("sam").body("{\"to\":\"" + to + "\",\"rationale\":\"Testing the webhooks.\"}").post("/api/initiatives/" + initiative + "/transitions")
                .then().statusCode(200);
    }

    private static String field(String body, String name) {
        return new JsonPath(body).getString(name);
    }

    /** sam stewards acme's partnership, where alice has proposed an initiative; a receiver listens */
    @BeforeEach
    void anInitiativeOfAcmeAndAReceiver() throws Exception {
        receiver = new Receiver();
        for (String user : List.of("alice", "bob")) {
            Members.known(user);
        }
        await().atMost(PATIENCE).until(() -> count(Members.countKnown("alice", "bob")) == 2);
        partnership = as("sam").body("""
                        {"name":"Tool library","partnerName":"Acme Hardware","partnerOrganization":"acme",
                         "purpose":"Lend tools to neighbours.","memberNeeds":"No room for tools.",
                         "partnerContributes":"Tools.","communityContributes":"Volunteers."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        initiative = as("alice").body("""
                        {"kind":"PILOT","title":"Saturday repair school","problem":"Things are thrown away.","approach":"Teach repairs."}""")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
    }

    @AfterEach
    void stopTheReceiver() {
        receiver.close();
    }

    @Test
    void aDeliveryIsSignedRetriedAfterAnErrorAndATimeoutWithTheSameIdAndFollowedInTheApi() throws Exception {
        receiver.answer(500, -2500); // an error, then an answer that comes too late (the timeout is 1 s in tests)
        JsonPath endpoint = register("\"initiative.stage-changed.v1\"");
        String secret = endpoint.getString("secret");
        assertTrue(secret.startsWith("whsec_"));
        String id = endpoint.getString("endpoint.id");
        acme().get("/api/partner/webhooks/" + id).then().statusCode(200).body("status", equalTo("ACTIVE"), "secret", org.hamcrest.Matchers.nullValue());

        move("CO_DESIGN");
        await().atMost(PATIENCE).until(() -> receiver.received().stream().anyMatch(r -> r.answered() == 200));
        List<Receiver.Request> received = receiver.received();
        assertEquals(3, received.size(), "an error, a timeout, then delivered");
        assertEquals(1, received.stream().map(Receiver.Request::webhookId).distinct().count(), "the same webhook-id on every retry");
        for (Receiver.Request r : received) {
            assertTrue(WebhookVerifier.verify(secret, r.webhookId(), r.timestamp(), r.body(), r.signature()), "signed: " + r);
            assertFalse(WebhookVerifier.verify(WebhookSignature.newSecret(), r.webhookId(), r.timestamp(), r.body(), r.signature()),
                    "another secret does not verify");
            assertFalse(WebhookVerifier.verify(secret, r.webhookId(), r.timestamp(), r.body().replace("CO_DESIGN", "SCALED"), r.signature()),
                    "a changed body does not verify");
        }
        String body = received.get(2).body();
        assertEquals("initiative.stage-changed.v1", field(body, "type"));
        assertEquals("CO_DESIGN", field(body, "data.to"));
        assertEquals(initiative, field(body, "data.initiativeId"));

        await().atMost(PATIENCE).untilAsserted(() -> acme().get("/api/partner/webhooks/" + id + "/deliveries").then().statusCode(200)
                .body("items[0].status", equalTo("DELIVERED"), "items[0].attempts", equalTo(3), "items[0].lastStatusCode", equalTo(200),
                        "items[0].webhookId", equalTo(received.get(0).webhookId()), "items[0].eventType", equalTo("initiative.stage-changed.v1")));
        // the partner asks for it again: the same id, once more
        String delivery = acme().get("/api/partner/webhooks/" + id + "/deliveries").then().extract().path("items[0].id");
        acme().post("/api/partner/webhooks/" + id + "/deliveries/" + delivery + "/redeliver").then().statusCode(202).body("status", equalTo("PENDING"));
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 4);
        assertEquals(received.get(0).webhookId(), receiver.received().get(3).webhookId());
        globex().post("/api/partner/webhooks/" + id + "/deliveries/" + delivery + "/redeliver").then().statusCode(404);
        globex().get("/api/partner/webhooks/" + id + "/deliveries").then().statusCode(404);
    }

    @Test
    void aRedirectIsNotFollowedAndWhatTheEndpointAnswersIsNeitherTrustedNorEchoed() throws Exception {
        receiver.answer(307).reply("{\"status\":\"DELIVERED\",\"note\":\"<script>echo-me</script>\"}");
        String id = register("\"initiative.stage-changed.v1\"").getString("endpoint.id");

        move("CO_DESIGN");
        await().atMost(PATIENCE).until(() -> receiver.received().stream().anyMatch(r -> r.answered() == 200));
        assertEquals(0, receiver.redirected(), "the redirect was not followed");
        await().atMost(PATIENCE).untilAsserted(() -> acme().get("/api/partner/webhooks/" + id + "/deliveries").then().statusCode(200)
                .body("items[0].status", equalTo("DELIVERED"), "items[0].attempts", equalTo(2)));
        // a 307 counted as a failure (retried), and nothing the endpoint said reaches the API
        for (String path : List.of("/api/partner/webhooks/" + id + "/deliveries", "/api/partner/webhooks/" + id, "/api/partner/webhooks")) {
            String answer = acme().get(path).then().statusCode(200).extract().asString();
            assertFalse(answer.contains("echo-me"), path + " echoes the endpoint's answer: " + answer);
        }
    }

    @Test
    void deliveriesOfOneInitiativeArriveInOrderEvenWhenOneMustBeRetried() throws Exception {
        receiver.answer(503);
        register("\"initiative.stage-changed.v1\"");
        move("CO_DESIGN");
        move("RETIRED");
        await().atMost(PATIENCE).until(() -> receiver.received().stream().filter(r -> r.answered() == 200).count() == 2);
        List<String> order = receiver.received().stream().map(r -> field(r.body(), "data.to") + ":" + r.answered()).toList();
        assertEquals(List.of("CO_DESIGN:503", "CO_DESIGN:200", "RETIRED:200"), order, "RETIRED waits for CO_DESIGN");
    }

    @Test
    void anEndpointThatKeepsFailingIsDisabledAndThePartnerIsTold() throws Exception {
        receiver.otherwise(500);
        String id = register("\"initiative.stage-changed.v1\"").getString("endpoint.id");
        move("CO_DESIGN");
        await().atMost(PATIENCE).untilAsserted(() -> acme().get("/api/partner/webhooks/" + id).then()
                .body("status", equalTo("DISABLED"), "disabledReason", org.hamcrest.Matchers.containsString("answered HTTP 500")));
        int attempts = receiver.received().size();
        assertTrue(attempts >= 3, attempts + " attempts");
        move("RETIRED"); // a disabled endpoint gets nothing new
        acme().get("/api/partner/webhooks/" + id + "/deliveries?status=PENDING").then().body("items.size()", equalTo(1),
                "items[0].lastError", equalTo("answered HTTP 500"));
        // fixed and enabled again: what waits is delivered
        receiver.otherwise(204);
        acme().post("/api/partner/webhooks/" + id + "/enable").then().statusCode(200).body("status", equalTo("ACTIVE"));
        await().atMost(PATIENCE).until(() -> receiver.received().stream().anyMatch(r -> r.answered() == 204));
        await().atMost(PATIENCE).untilAsserted(() -> acme().get("/api/partner/webhooks/" + id + "/deliveries?status=DELIVERED").then()
                .body("items.size()", equalTo(1)));
    }

    @Test
    void aContributionNamesTheMemberOnlyWhileTheyShareTheirProfileWithThePartnership() throws Exception {
        register("\"contribution.verified.v1\"");
        String bob = Members.idOf("bob");
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201));
        as("bob").delete("/api/initiatives/" + initiative + "/participants/me"); // whatever bob did before, he takes part now
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
        consent(bob, "partner-profile-sharing", false);
        String first = contribute();
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
        String hidden = receiver.received().get(0).body();
        assertEquals(first, field(hidden, "data.contributionId"));
        assertTrue(field(hidden, "data.participant").startsWith("participant-"), hidden);
        assertFalse(hidden.contains(bob), "no member id: " + hidden);
        assertFalse(hidden.contains("displayName"), hidden);

        ObjectNode profile = ((ObjectNode) EventSchemas.examples(EventType.MEMBER_PARTNER_PROFILE_PUBLISHED).get(0).deepCopy())
                .put("memberId", bob).put("displayName", "Bob Builder").put("at", Instant.now().toString());
        EventBus.publish(EventType.MEMBER_PARTNER_PROFILE_PUBLISHED, bob, profile);
        consent(bob, "partner-profile-sharing", true);
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM consent_state WHERE member_id = '" + bob
                + "' AND purpose = 'partner-profile-sharing' AND scope_key = '' AND granted") == 1
                && count("SELECT count(*) FROM partner_profile WHERE member_id = '" + bob + "' AND display_name = 'Bob Builder'") == 1);
        contribute();
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 2);
        String named = receiver.received().get(1).body();
        assertEquals(bob, field(named, "data.participant"));
        assertEquals("Bob Builder", field(named, "data.displayName"));
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM outbox WHERE type = 'member.data-read.v1' AND message_key = '" + bob
                + "' AND payload LIKE '%webhook contribution.verified.v1%'") >= 1);

        // withdrawn: the next delivery carries the pseudonym again, the same as before
        consent(bob, "partner-profile-sharing", false);
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM consent_state WHERE member_id = '" + bob
                + "' AND purpose = 'partner-profile-sharing' AND scope_key = '' AND NOT granted") == 1);
        contribute();
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 3);
        String again = receiver.received().get(2).body();
        assertEquals(field(hidden, "data.participant"), field(again, "data.participant"));
        assertFalse(again.contains("Bob Builder"), again);
    }

    @Test
    void aShowcaseIsToldWithItsAuthorsNamesOnlyWhilePublicAndItsWithdrawalIsToldToo() throws Exception {
        register("\"showcase.published.v1\",\"showcase.unpublished.v1\"");
        String bob = Members.idOf("bob");
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(org.hamcrest.Matchers.oneOf(201, 409));
        consent(bob, "impact-stories", true);
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM consent_state WHERE member_id = '" + bob
                + "' AND purpose = 'impact-stories' AND scope_key = '' AND granted") == 1);
        String first = as("bob").body("{\"title\":\"Gear tuning\",\"story\":\"We tuned forty bikes.\",\"authorName\":\"Bob B.\"}")
                .post("/api/initiatives/" + initiative + "/showcases").then().statusCode(201).extract().path("id");
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
        String published = receiver.received().get(0).body();
        assertEquals("showcase.published.v1", field(published, "type"));
        assertEquals(first, field(published, "data.showcaseId"));
        assertEquals("Gear tuning", field(published, "data.title"));
        assertEquals(List.of("Bob B."), new JsonPath(published).getList("data.authors"));
        assertFalse(published.contains(bob), "no member id: " + published);

        // the endpoint fails until bob has withdrawn: the retried delivery no longer carries the showcase
        receiver.otherwise(500);
        String second = as("bob").body("{\"title\":\"Chain care\",\"story\":\"Oil, then wipe.\",\"authorName\":\"Bob B.\"}")
                .post("/api/initiatives/" + initiative + "/showcases").then().statusCode(201).extract().path("id");
        await().atMost(PATIENCE).until(() -> receiver.received().size() >= 2);
        consent(bob, "impact-stories", false);
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM consent_state WHERE member_id = '" + bob
                + "' AND purpose = 'impact-stories' AND scope_key = '' AND NOT granted") == 1);
        receiver.otherwise(200);
        await().atMost(PATIENCE).until(() -> receiver.received().stream().filter(r -> r.answered() == 200).count() >= 4);
        List<String> delivered = receiver.received().stream().filter(r -> r.answered() == 200).map(Receiver.Request::body).toList();
        String late = delivered.get(1);
        assertEquals("showcase.published.v1", field(late, "type"));
        assertEquals(second, field(late, "data.showcaseId"));
        assertEquals("false", field(late, "data.public"));
        assertFalse(late.contains("Chain care") || late.contains("Bob B."), "withdrawn before it was sent: " + late);
        // and both showcases are told unpublished
        List<String> unpublished = delivered.stream().filter(b -> field(b, "type").equals("showcase.unpublished.v1"))
                .map(b -> field(b, "data.showcaseId")).sorted().toList();
        assertEquals(java.util.stream.Stream.of(first, second).sorted().toList(), unpublished);
    }

    private void consent(String member, String purpose, boolean granted) {
        Consents.decided(member, purpose, null, granted, null);
    }

    private String contribute() {
        String id = as("bob").body("{\"type\":\"TRAINING\",\"description\":\"Taught welding.\",\"hours\":1,\"occurredOn\":\"" + LocalDate.now()
                + "\"}").post("/api/initiatives/" + initiative + "/contributions").then().statusCode(201).extract().path("id");
        as("sam").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(200);
        return id;
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneForTheOverlapAndThenStops() throws Exception {
        JsonPath endpoint = register("\"initiative.stage-changed.v1\"");
        String old = endpoint.getString("secret");
        String id = endpoint.getString("endpoint.id");
        JsonPath rotated = acme().body("{\"overlapHours\":2}").post("/api/partner/webhooks/" + id + "/secret").then().statusCode(200)
                .body("endpoint.previousSecretValidUntil", org.hamcrest.Matchers.notNullValue()).extract().jsonPath();
        String fresh = rotated.getString("secret");
        move("CO_DESIGN");
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
        Receiver.Request r = receiver.received().get(0);
        assertEquals(2, r.signature().split(" ").length);
        assertTrue(WebhookVerifier.verify(old, r.webhookId(), r.timestamp(), r.body(), r.signature()));
        assertTrue(WebhookVerifier.verify(fresh, r.webhookId(), r.timestamp(), r.body(), r.signature()));
        String newest = acme().body("{\"overlapHours\":0}").post("/api/partner/webhooks/" + id + "/secret").then().statusCode(200)
                .extract().path("secret");
        move("RETIRED");
        await().atMost(PATIENCE).until(() -> receiver.received().size() == 2);
        Receiver.Request after = receiver.received().get(1);
        assertEquals(1, after.signature().split(" ").length, "no overlap asked: only the new secret signs");
        assertTrue(WebhookVerifier.verify(newest, after.webhookId(), after.timestamp(), after.body(), after.signature()));
        assertFalse(WebhookVerifier.verify(fresh, after.webhookId(), after.timestamp(), after.body(), after.signature()));
        acme().body("{\"overlapHours\":1000}").post("/api/partner/webhooks/" + id + "/secret").then().statusCode(400)
                .body("errors.field", hasItem("overlapHours"));
    }

    @Test
    void anotherPartnerNeitherReachesAnEndpointNorHearsOfThePartnership() throws Exception {
        String id = register("\"initiative.stage-changed.v1\"").getString("endpoint.id");
        try (Receiver theirs = new Receiver()) {
            globex().body("{\"url\":\"" + theirs.url() + "\",\"eventTypes\":[\"initiative.stage-changed.v1\"],\"partnershipIds\":[\""
                    + partnership + "\"]}").post("/api/partner/webhooks").then().statusCode(404);
            globex().body("{\"url\":\"" + theirs.url() + "\",\"eventTypes\":[\"initiative.stage-changed.v1\"]}").post("/api/partner/webhooks")
                    .then().statusCode(201);
            globex().get("/api/partner/webhooks/" + id).then().statusCode(404);
            globex().delete("/api/partner/webhooks/" + id).then().statusCode(404);
            globex().get("/api/partner/webhooks").then().body("id", org.hamcrest.Matchers.not(hasItem(id)));
            move("CO_DESIGN");
            await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
            assertEquals(0, theirs.received().size(), "globex hears nothing of acme's partnership");
        }
        as("alice").get("/api/partner/webhooks").then().statusCode(403);
        given().get("/api/partner/webhooks").then().statusCode(401);
        acme().delete("/api/partner/webhooks/" + id).then().statusCode(204);
        acme().get("/api/partner/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void badRegistrationsAreRefusedNamingTheFieldAndNothingIsWritten() throws SQLException {
        long endpoints = count("SELECT count(*) FROM webhook_endpoint");
        String ok = "\"eventTypes\":[\"initiative.stage-changed.v1\"]";
        for (String[] bad : List.of(
                new String[] { "{\"url\":\"not a url\"," + ok + "}", "url" },
                new String[] { "{\"url\":\"ftp://example.org/hook\"," + ok + "}", "url" },
                new String[] { "{\"url\":\"http://hooks.example.org/hook\"," + ok + "}", "url" },
                new String[] { "{\"url\":\"https://example.org/" + "x".repeat(2001) + "\"," + ok + "}", "url" },
                new String[] { "{" + ok + "}", "url" },
                new String[] { "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[\"member.joined.v1\"]}", "eventTypes[0]" },
                new String[] { "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[]}", "eventTypes" },
                new String[] { "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[" + "\"initiative.stage-changed.v1\",".repeat(11)
                        + "\"initiative.stage-changed.v1\"]}", "eventTypes" },
                new String[] { "{\"url\":\"" + receiver.url() + "\"," + ok + ",\"description\":\"" + "d".repeat(501) + "\"}", "description" },
                new String[] { "{\"url\":\"" + receiver.url() + "\"," + ok + ",\"partnershipIds\":[\"not-an-id\"]}", "partnershipIds" })) {
            acme().body(bad[0]).post("/api/partner/webhooks").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(org.hamcrest.Matchers.startsWith(bad[1])));
        }
        acme().body("{\"url\":\"" + receiver.url() + "\"," + ok + ",\"partnershipIds\":[\"" + java.util.UUID.randomUUID() + "\"]}")
                .post("/api/partner/webhooks").then().statusCode(404);
        assertEquals(endpoints, count("SELECT count(*) FROM webhook_endpoint"));
        acme().get("/api/partner/webhooks/" + java.util.UUID.randomUUID() + "/deliveries?status=LOST").then().statusCode(400);
    }

    @Test
    void theReadmeShowsTheVerifierTheseTestsUse() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String verifier = Files.readString(Path.of("src/test/java/org/commonground/initiative/webhook/WebhookVerifier.java"));
        String example = verifier.substring(verifier.indexOf("// README: verifying a webhook (begin)") + "// README: verifying a webhook (begin)".length(),
                verifier.indexOf("// README: verifying a webhook (end)")).strip();
        assertTrue(readme.contains(example), "the README's Java example is WebhookVerifier, as tested:\n" + example);
    }
}
