package org.commonground.initiative.showcase;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.testing.Consents;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Showcases: public only while the author and every co-author who accepted allow impact-stories (decided at each read,
 * so a withdrawal hides one everywhere the moment it is known); co-authors named only once they accept; partners ask
 * to feature one, and a no changes nothing.
 */
@QuarkusTest
class ShowcaseTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    AgroalDataSource database;

    final String bob = Members.idOf("bob");
    final String carol = Members.idOf("carol");
    String partnership;
    String initiative;

    static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    static RequestSpecification acme() {
        return given().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).contentType(ContentType.JSON);
    }

    static RequestSpecification globex() {
        return given().auth().oauth2(Tokens.partner("partner-globex", "partner-globex-secret")).contentType(ContentType.JSON);
    }

    long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until this service knows the member's impact-stories decision. */
    void impactStories(String member, boolean granted) {
        Consents.decided(member, "impact-stories", null, granted, null);
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM consent_state WHERE member_id = '" + member
                + "' AND purpose = 'impact-stories' AND scope_key = '' AND granted = " + granted) == 1);
    }

    /** acme's partnership with an initiative bob and carol take part in; neither allows impact-stories yet */
    @BeforeEach
    void anInitiativeBobAndCarolTakePartIn() throws SQLException {
        for (String user : List.of("alice", "bob", "carol")) {
            Members.known(user);
        }
        await().atMost(PATIENCE).until(() -> count(Members.countKnown("alice", "bob", "carol")) == 3);
        // a day holds 24 hours: the contributions these tests record start from an empty record each time
        try (var c = database.getConnection(); var s = c.createStatement()) {
            s.executeUpdate(Members.clearContributions("bob", "carol"));
        }
        impactStories(bob, false);
        impactStories(carol, false);
        partnership = as("sam").body("""
                        {"name":"Bike kitchen","partnerName":"Acme Hardware","partnerOrganization":"acme",
                         "purpose":"Fix bicycles together.","memberNeeds":"Cheap transport.",
                         "partnerContributes":"Parts.","communityContributes":"Mechanics."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        initiative = as("alice").body("""
                        {"kind":"PILOT","title":"Saturday bike repair","problem":"Broken bicycles pile up in cellars.",
                         "approach":"Mechanics teach repairs on Saturdays."}""")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
        for (String user : List.of("bob", "carol")) {
            as(user).post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
        }
    }

    String verifiedContribution(String user, String description) {
        String id = as(user).body("{\"type\":\"TRAINING\",\"description\":\"" + description + "\",\"hours\":1,\"occurredOn\":\""
                + LocalDate.now() + "\"}").post("/api/initiatives/" + initiative + "/contributions").then().statusCode(201).extract().path("id");
        as("sam").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + id + "/verify").then().statusCode(200);
        return id;
    }

    String showcase(String extra) {
        return as("bob").body("""
                        {"title":"How we fixed 140 bicycles","story":"Every Saturday we opened the kitchen and taught gear tuning.",
                         "authorName":"Bob B.","links":["https://example.org/bikes"]%s}""".formatted(extra))
                .post("/api/initiatives/" + initiative + "/showcases").then().statusCode(201).extract().path("id");
    }

    boolean listedPublicly(String id) {
        return given().get("/api/public/showcases?initiativeId=" + initiative).then().statusCode(200).extract()
                .<String>jsonPath().getList("items.id").contains(id);
    }

    @Test
    void aShowcaseIsPublicOnlyWhileItsAuthorAllowsImpactStoriesAndAWithdrawalHidesItEverywhereAtOnce() throws Exception {
        String contribution = verifiedContribution("bob", "Taught gear tuning.");
        String id = showcase(",\"contributionIds\":[\"" + contribution + "\"]");
        as("bob").get("/api/showcases/mine").then().statusCode(200)
                .body("find { it.id == '" + id + "' }.isPublic", equalTo(false))
                .body("find { it.id == '" + id + "' }.notPublicBecause", hasItem("you have not allowed impact-stories"));
        given().get("/api/public/showcases/" + id).then().statusCode(404);

        impactStories(bob, true);
        given().get("/api/public/showcases/" + id).then().statusCode(200).body("authors", contains("Bob B."))
                .body("contributions.contributionId", contains(contribution)).body("links", contains("https://example.org/bikes"));
        acme().get("/api/partner/showcases?partnershipId=" + partnership).then().statusCode(200).body("items.id", hasItem(id));
        given().get("/api/public/archive?q=bicycles&kind=showcase&partnershipId=" + partnership).then().statusCode(200)
                .body("items.id", hasItem(id));
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM outbox WHERE type = 'showcase.published.v1' AND subject = '" + id + "'") == 1);

        // the withdrawal: the moment this service knows it, no public view has the showcase any more
        long sent = System.nanoTime();
        Consents.withdrawn(bob, "impact-stories");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> count("SELECT count(*) FROM consent_state WHERE member_id = '"
                + bob + "' AND purpose = 'impact-stories' AND scope_key = '' AND NOT granted") == 1);
        long known = System.nanoTime();
        given().get("/api/public/showcases/" + id).then().statusCode(404);
        assertFalse(listedPublicly(id));
        acme().get("/api/partner/showcases?partnershipId=" + partnership).then().statusCode(200).body("items.id", not(hasItem(id)));
        given().get("/api/public/archive?q=bicycles&kind=showcase").then().statusCode(200).body("items.id", not(hasItem(id)));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'showcase.unpublished.v1' AND subject = '" + id + "'"),
                "the unpublication is announced with the consent it follows");
        System.out.printf("showcase hidden everywhere %d ms after the withdrawal was published to Kafka%n", (known - sent) / 1_000_000);
    }

    @Test
    void aCoAuthorIsNamedOnlyOnceTheyAcceptAndTheirRefusalKeepsTheirNameOff() throws Exception {
        impactStories(bob, true);
        String id = showcase(",\"coAuthorIds\":[\"" + carol + "\"]");
        assertTrue(listedPublicly(id), "public with its author's consent; the invitation pending");
        given().get("/api/public/showcases/" + id).then().body("authors", contains("Bob B."));
        as("carol").get("/api/showcases/invitations").then().statusCode(200)
                .body("find { it.showcaseId == '" + id + "' }.status", equalTo("INVITED"));

        // carol says no: her name appears nowhere, the showcase stays as it was
        as("carol").body("{\"accept\":false}").post("/api/showcases/" + id + "/co-authorship").then().statusCode(200)
                .body("status", equalTo("DECLINED"));
        String page = given().get("/api/public/showcases/" + id).then().statusCode(200).body("authors", contains("Bob B.")).extract().asString();
        assertFalse(page.contains("Carol"), page);
        as("bob").get("/api/showcases/mine").then().body("find { it.id == '" + id + "' }.coAuthors[0].status", equalTo("DECLINED"));

        // she changes her mind: named, but the showcase waits for her own impact-stories consent
        as("carol").body("{\"accept\":true}").post("/api/showcases/" + id + "/co-authorship").then().statusCode(400)
                .body("errors.field", hasItem("displayName"));
        as("carol").body("{\"accept\":true,\"displayName\":\"Carol K.\"}").post("/api/showcases/" + id + "/co-authorship").then()
                .statusCode(200).body("status", equalTo("ACCEPTED"));
        given().get("/api/public/showcases/" + id).then().statusCode(404);
        as("bob").get("/api/showcases/mine").then()
                .body("find { it.id == '" + id + "' }.notPublicBecause", hasItem("1 co-author(s) who accepted have not allowed impact-stories"));
        impactStories(carol, true);
        given().get("/api/public/showcases/" + id).then().statusCode(200).body("authors", contains("Bob B.", "Carol K."));
        as("load-3").body("{\"accept\":true,\"displayName\":\"Dave\"}").post("/api/showcases/" + id + "/co-authorship").then().statusCode(404);
    }

    @Test
    void aDeclinedFeatureRequestChangesNothingElse() throws Exception {
        impactStories(bob, true);
        String id = showcase("");
        String before = given().get("/api/public/showcases/" + id).then().statusCode(200).extract().asString();
        String request = acme().body("{\"kind\":\"CASE_STUDY\",\"message\":\"May we write a co-branded case study?\"}")
                .post("/api/partner/showcases/" + id + "/feature-requests").then().statusCode(201).body("status", equalTo("REQUESTED"))
                .extract().path("id");
        globex().body("{\"kind\":\"CASE_STUDY\",\"message\":\"Us too?\"}").post("/api/partner/showcases/" + id + "/feature-requests")
                .then().statusCode(404);
        as("bob").get("/api/showcases/mine").then()
                .body("find { it.id == '" + id + "' }.featureRequests[0].partnerName", equalTo("Acme Hardware"));
        String announced = "SELECT count(*) FROM outbox WHERE subject = '" + id + "' OR message_key = '" + initiative + "'";
        long events = count(announced);
        long otherRows = count("SELECT (SELECT count(*) FROM showcase) + (SELECT count(*) FROM showcase_coauthor) + (SELECT count(*) FROM contribution)");
        as("carol").body("{\"accept\":false}").post("/api/showcases/" + id + "/feature-requests/" + request + "/answer").then().statusCode(404);
        as("bob").body("{\"accept\":false}").post("/api/showcases/" + id + "/feature-requests/" + request + "/answer").then().statusCode(200)
                .body("status", equalTo("DECLINED"));
        // the decline is the only change: the showcase reads the same, nothing is announced or recorded elsewhere
        assertEquals(before, given().get("/api/public/showcases/" + id).then().statusCode(200).extract().asString());
        assertEquals(events, count(announced));
        assertEquals(otherRows, count("SELECT (SELECT count(*) FROM showcase) + (SELECT count(*) FROM showcase_coauthor) + (SELECT count(*) FROM contribution)"));
        assertTrue(listedPublicly(id));
        acme().get("/api/partner/feature-requests").then().statusCode(200)
                .body("find { it.id == '" + request + "' }.status", equalTo("DECLINED"));
        // asked once: the answer stands
        acme().body("{\"kind\":\"CASE_STUDY\",\"message\":\"Please reconsider?\"}").post("/api/partner/showcases/" + id + "/feature-requests")
                .then().statusCode(409).body("rule", equalTo("already-asked"));
        as("bob").body("{\"accept\":true}").post("/api/showcases/" + id + "/feature-requests/" + request + "/answer").then().statusCode(409)
                .body("rule", equalTo("already-answered"));
        acme().body("{\"kind\":\"GUEST_OPPORTUNITY\",\"message\":\"Would you speak at our spring fair?\"}")
                .post("/api/partner/showcases/" + id + "/feature-requests").then().statusCode(201);
    }

    @Test
    void aShowcaseTakenDownIsNeverFoundAgain() throws Exception {
        impactStories(bob, true);
        String id = showcase("");
        given().get("/api/public/archive?q=\"fixed 140 bicycles\"").then().statusCode(200).body("items.id", hasItem(id));
        as("carol").post("/api/showcases/" + id + "/withdraw").then().statusCode(404);
        as("bob").post("/api/showcases/" + id + "/withdraw").then().statusCode(200).body("isPublic", equalTo(false))
                .body("notPublicBecause", hasItem("taken down by its author"));
        given().get("/api/public/archive?q=\"fixed 140 bicycles\"").then().statusCode(200).body("items.id", not(hasItem(id)));
        given().get("/api/public/showcases/" + id).then().statusCode(404);
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE type = 'showcase.unpublished.v1' AND subject = '" + id + "'"));
        // consent given again does not bring back what its author took down
        impactStories(bob, false);
        impactStories(bob, true);
        given().get("/api/public/showcases/" + id).then().statusCode(404);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndWritesNothing() throws Exception {
        String url = "/api/initiatives/" + initiative + "/showcases";
        String valid = "\"title\":\"Bikes\",\"story\":\"We fixed bikes.\",\"authorName\":\"Bob B.\"";
        long before = count("SELECT (SELECT count(*) FROM showcase) + (SELECT count(*) FROM showcase_coauthor) + (SELECT count(*) FROM showcase_contribution)");
        String foreign = verifiedContribution("carol", "Carol's own work.");
        Object[][] cases = {
                { "{\"title\":\"Bikes\",\"story\":\"" + "s".repeat(5001) + "\",\"authorName\":\"Bob\"}", "story" },
                { "{\"title\":\"\",\"story\":\"We fixed bikes.\",\"authorName\":\"Bob\"}", "title" },
                { "{\"title\":\"Bikes\\u0007\",\"story\":\"We fixed bikes.\",\"authorName\":\"Bob\"}", "title" },
                { "{\"title\":\"Bikes\",\"story\":\"We fixed bikes.\"}", "authorName" },
                { "{" + valid + ",\"links\":[\"https://a.org\",\"https://b.org\",\"https://c.org\",\"https://d.org\",\"https://e.org\",\"https://f.org\"]}", "links" },
                { "{" + valid + ",\"links\":[\"javascript:alert(1)\"]}", "links[0]" },
                { "{" + valid + ",\"links\":[\"https://ok.org\",\"https://user:pw@evil.org\"]}", "links[1]" },
                { "{" + valid + ",\"coAuthorIds\":[\"" + UUID.randomUUID() + "\"]}", "coAuthorIds" },
                { "{" + valid + ",\"coAuthorIds\":[\"" + bob + "\"]}", "coAuthorIds" },
                { "{" + valid + ",\"coAuthorIds\":[\"" + carol + "\",\"" + carol + "\"]}", "coAuthorIds" },
                { "{" + valid + ",\"contributionIds\":[\"" + foreign + "\"]}", "contributionIds" },
                { "{" + valid + ",\"contributionIds\":[\"" + UUID.randomUUID() + "\"]}", "contributionIds" },
                { "{" + valid + ",\"contributionIds\":" + java.util.stream.IntStream.range(0, 21).mapToObj(x -> "\"" + UUID.randomUUID() + "\"").toList() + "}", "contributionIds" },
                { "{" + valid + ",\"title\":\"<script>alert(1)</script>'; DROP TABLE showcase; --\",\"links\":[\"https://x.org\"],\"coAuthorIds\":[\"not-a-uuid\"]}", null },
        };
        for (Object[] c : cases) {
            JsonPath problem = as("bob").body(c[0]).post(url).then().statusCode(400).extract().jsonPath();
            if (c[1] != null) {
                assertTrue(problem.getList("errors.field").contains(c[1]) || problem.getString("detail").startsWith(c[1] + ":"),
                        c[1] + " is named: " + problem.prettify());
            }
        }
        Members.known("load-3");
        await().atMost(PATIENCE).until(() -> count(Members.countKnown("load-3")) == 1);
        as("load-3").body("{" + valid + "}").post(url).then().statusCode(409).body("rule", equalTo("not-a-participant"));
        as("bob").body("{" + valid + "}").post("/api/initiatives/" + UUID.randomUUID() + "/showcases").then().statusCode(404);
        acme().body("{" + valid + "}").post(url).then().statusCode(403);
        given().contentType(ContentType.JSON).body("{" + valid + "}").post(url).then().statusCode(401);
        assertEquals(before, count("SELECT (SELECT count(*) FROM showcase) + (SELECT count(*) FROM showcase_coauthor) + (SELECT count(*) FROM showcase_contribution)"),
                "nothing written");
        // a script or SQL in a showcase is stored and shown as text, never run
        impactStories(bob, true);
        String id = as("bob").body("{\"title\":\"<script>alert(1)</script>' OR 1=1 --\",\"story\":\"x'); DROP TABLE showcase; --\",\"authorName\":\"Bob\"}")
                .post(url).then().statusCode(201).extract().path("id");
        given().get("/api/public/showcases/" + id).then().statusCode(200).body("title", equalTo("<script>alert(1)</script>' OR 1=1 --"));
        // feature requests and answers are checked too
        acme().body("{\"kind\":\"BILLBOARD\",\"message\":\"Hi\"}").post("/api/partner/showcases/" + id + "/feature-requests").then()
                .statusCode(400).body("errors.field", hasItem("kind"));
        acme().body("{\"kind\":\"CASE_STUDY\",\"message\":\"" + "m".repeat(2001) + "\"}").post("/api/partner/showcases/" + id + "/feature-requests")
                .then().statusCode(400).body("errors.field", hasItem("message"));
        assertEquals(0, count("SELECT count(*) FROM showcase_feature_request WHERE showcase_id = '" + id + "'"));
        given().get("/api/public/showcases?partnershipId=nope").then().statusCode(400).body("errors.field", hasItem("partnershipId"));
    }
}
