package org.commonground.initiative.archive;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The archive: decisions, lessons, guidelines and escalation outcomes, searched together and ranked. */
@QuarkusTest
class ArchiveTest {

    @Inject
    AgroalDataSource database;

    String partnership;
    String initiative;

    static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void lesson(String whatWorked, String whatDidNot) {
        as("alice").body("{\"whatWorked\":\"" + whatWorked + "\",\"whatDidNot\":\"" + whatDidNot + "\",\"doDifferently\":\"Ask earlier.\","
                + "\"forWhom\":\"Organisers\"}").post("/api/initiatives/" + initiative + "/lessons").then().statusCode(201);
    }

    @BeforeEach
    void aPartnershipWithAnInitiative() throws SQLException {
        Members.known("alice");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Members.countKnown("alice")) == 1);
        partnership = as("sam").body("""
                        {"name":"Archive test","partnerName":"Acme Hardware","partnerOrganization":"acme",
                         "purpose":"Remember what the community learned.","memberNeeds":"Memory.","partnerContributes":"Time.","communityContributes":"Stories."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        initiative = as("alice").body("{\"kind\":\"PILOT\",\"title\":\"Lending shelf\",\"problem\":\"Things sit unused.\",\"approach\":\"Lend.\"}")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
    }

    @Test
    void anExactPhraseRanksAboveTheSameWordsScattered() {
        lesson("The library of tools grew when the community asked neighbours.", "Nothing.");
        lesson("Our community tool library opened every Saturday.", "Nothing.");
        lesson("Members liked the tool counter.", "The community garden library was closed.");
        given().queryParam("q", "community tool library").queryParam("partnershipId", partnership).get("/api/public/archive").then()
                .statusCode(200)
                .body("items.size()", equalTo(3),
                        "items[0].snippet", containsString("<mark>community</mark> <mark>tool</mark> <mark>library</mark>"),
                        "items.kind", everyItem(equalTo("lesson")));
    }

    @Test
    void decisionsLessonsAndGuidelinesAreFoundTogetherStemmedAndFiltered() {
        lesson("Repairs went faster with two people per bench.", "Soldering irons ran out.");
        as("sam").body("{\"to\":\"CO_DESIGN\",\"rationale\":\"Volunteers offered to repair bicycles together.\"}")
                .post("/api/initiatives/" + initiative + "/transitions").then().statusCode(200);
        // "repairing" is stemmed: it finds "repairs" in the lesson and "repair" in the decision's rationale
        given().queryParam("q", "repairing").queryParam("partnershipId", partnership).get("/api/public/archive").then().statusCode(200)
                .body("items.kind", hasItem("lesson"), "items.kind", hasItem("decision"),
                        "items.find { it.kind == 'decision' }.initiativeId", equalTo(initiative));
        given().queryParam("q", "repairing").queryParam("partnershipId", partnership).queryParam("kind", "decision")
                .get("/api/public/archive").then().statusCode(200).body("items.kind", equalTo(List.of("decision")));
        given().queryParam("q", "repairing").queryParam("partnershipId", UUID.randomUUID().toString())
                .get("/api/public/archive").then().statusCode(200).body("items", equalTo(List.of()));
    }

    @Test
    void anEscalationOutcomeIsFoundOnlyByWhoMaySeeTheEscalation() throws SQLException {
        Members.known("bob");
        Members.known("carol");
        await().atMost(Duration.ofSeconds(30)).until(() -> count(Members.countKnown("bob", "carol")) == 2);
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(201);
        String id = as("bob").body("{\"kind\":\"CONFLICT\",\"summary\":\"Shelf keys\",\"description\":\"Two people hold no key.\"}")
                .post("/api/initiatives/" + initiative + "/escalations").then().statusCode(201).extract().path("id");
        as("sam").body("{\"resolution\":\"A key safe with a code was fitted by the door.\"}").post("/api/escalations/" + id + "/resolve")
                .then().statusCode(200);
        String search = "/api/public/archive?q=key safe&partnershipId=" + partnership;
        given().get(search).then().statusCode(200).body("items.id", not(hasItem(id)));
        as("carol").get(search).then().statusCode(200).body("items.id", not(hasItem(id)));
        as("tess").get(search).then().statusCode(200).body("items.id", not(hasItem(id)));
        as("bob").get(search).then().statusCode(200).body("items.find { it.id == '" + id + "' }.kind", equalTo("escalation"))
                .body("items.find { it.id == '" + id + "' }.snippet", containsString("<mark>key</mark> <mark>safe</mark>"));
        as("sam").get(search + "&kind=escalation").then().statusCode(200).body("items.id", equalTo(List.of(id)));
        as("audrey").get(search).then().statusCode(200).body("items.id", hasItem(id));
    }

    @Test
    void whatWasWrittenIsEscapedInSnippets() {
        lesson("The <b>poster</b> & flyers brought people.", "Nothing.");
        given().queryParam("q", "poster").queryParam("partnershipId", partnership).get("/api/public/archive").then().statusCode(200)
                .body("items[0].snippet", containsString("&lt;b&gt;<mark>poster</mark>&lt;/b&gt; &amp; flyers"),
                        "items[0].snippet", not(containsString("<b>")));
    }

    @Test
    void aSearchThatIsNotOneIsRefusedNamingWhy() {
        // 10,000 characters do not fit a request line: the HTTP server refuses them (414) before the search reads them;
        // through the gateway that is a 414 problem, "uri-too-long" (system-tests)
        given().queryParam("q", "y".repeat(10_000)).get("/api/public/archive").then().statusCode(414);
        for (String q : List.of("", "a", "x".repeat(201), "y".repeat(2_000), "' OR 1=1; --", "<script>alert(1)</script>",
                "tools; DROP TABLE lesson", "name=value")) {
            given().queryParam("q", q).get("/api/public/archive").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem("q"));
        }
        given().get("/api/public/archive").then().statusCode(400).body("errors.field", hasItem("q"));
        for (String kind : List.of("secrets", "escalations", "people")) {
            given().queryParam("q", "tools").queryParam("kind", kind).get("/api/public/archive").then().statusCode(400)
                    .body("errors.field", hasItem("kind"));
        }
        given().queryParam("q", "tools").queryParam("partnershipId", "1 OR 1=1").get("/api/public/archive").then().statusCode(400)
                .body("errors.field", hasItem("partnershipId"));
        given().queryParam("q", "tools").queryParam("limit", 51).get("/api/public/archive").then().statusCode(400)
                .body("errors.field", hasItem("limit"));
        given().queryParam("q", "tools").queryParam("cursor", "not-a-cursor").get("/api/public/archive").then().statusCode(400);
        // an apostrophe, quotes and a minus are search syntax, not an attack
        given().queryParam("q", "\"what we'd do\" -never").get("/api/public/archive").then().statusCode(200);
    }

    @Test
    void excludedWordsAloneFindNothingRatherThanEverything() {
        lesson("Lanterns lit the path.", "Nothing.");
        given().queryParam("q", "-lanterns").queryParam("partnershipId", partnership).get("/api/public/archive").then().statusCode(200)
                .body("items", equalTo(List.of()));
    }

    @Test
    void resultsComeInPagesByRank() {
        for (int i = 0; i < 5; i++) {
            lesson("Lanterns lit the path " + i + ".", "Nothing.");
        }
        var first = given().queryParam("q", "lanterns").queryParam("partnershipId", partnership).queryParam("limit", 2)
                .get("/api/public/archive").then().statusCode(200).body("items.size()", equalTo(2)).extract().jsonPath();
        var second = given().queryParam("q", "lanterns").queryParam("partnershipId", partnership).queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor")).get("/api/public/archive").then().statusCode(200)
                .body("items.size()", equalTo(2)).extract().jsonPath();
        assertEquals(0, second.getList("items.id").stream().filter(first.getList("items.id")::contains).count(), "no hit twice");
    }
}
