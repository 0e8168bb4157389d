package org.commonground.initiative.partnership;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a partnership is governed, in public: guidelines with versions, disclosures, the budget, the decisions log. */
@QuarkusTest
class PartnershipGovernanceTest {

    private static final String GUIDELINES = """
            {"funding":{"amount":"%s","currency":"EUR","source":"Acme community fund","conditions":"Tools and repairs only."},
             "decisionRights":[{"decision":"Which tools are bought","decidedBy":"The lending desk volunteers"}],
             "accountability":{"cadence":"QUARTERLY","reported":"Loans and money spent per line."},
             "changeNote":"%s"}""";

    @Inject
    AgroalDataSource database;

    String partnership;

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    private static RequestSpecification asPartner(String org) {
        return given().auth().oauth2(Tokens.partner("partner-" + org, "partner-" + org + "-secret")).contentType(ContentType.JSON);
    }

    /** sam starts a partnership with Acme, and so stewards it */
    @BeforeEach
    void samStartsAPartnershipWithAcme() {
        partnership = as("sam").body("""
                        {"name":"Tool library","partnerName":"Acme Hardware","partnerOrganization":"acme",
                         "purpose":"Lend tools to neighbours and teach repairs on Saturdays.",
                         "memberNeeds":"No room for tools at home.","partnerContributes":"Tools and a room.",
                         "communityContributes":"Volunteers at the lending desk."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
    }

    private long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void thePublicSeesWhyThePartnershipExistsAndWhatEachSideBrings() {
        given().get("/api/public/partnerships/" + partnership).then().statusCode(200)
                .body("memberNeeds", equalTo("No room for tools at home."), "partnerContributes", equalTo("Tools and a room."),
                        "communityContributes", equalTo("Volunteers at the lending desk."), "partnerOrganization", equalTo("acme"));
    }

    @Test
    void aPartnerReadsItsOwnPartnershipsAndNoOneElses() {
        asPartner("acme").get("/api/partner/partnerships").then().statusCode(200).body("id", hasItem(partnership));
        asPartner("acme").get("/api/partner/partnerships/" + partnership).then().statusCode(200);
        asPartner("globex").get("/api/partner/partnerships").then().statusCode(200).body("id", not(hasItem(partnership)));
        asPartner("globex").get("/api/partner/partnerships/" + partnership).then().statusCode(404);
        as("alice").get("/api/partner/partnerships").then().statusCode(403);
    }

    @Test
    void guidelinesAreALivingDocumentWhoseEveryVersionStaysReadable() throws SQLException {
        String url = "/api/partnerships/" + partnership + "/guidelines";
        as("sam").body(GUIDELINES.formatted("12000.00", "First version")).put(url).then().statusCode(201)
                .header("ETag", "\"1\"").body("version", equalTo(1), "funding.amount", equalTo("12000.00"), "changedBy", equalTo("Sam Sato"));
        as("sam").body(GUIDELINES.formatted("15000", "No precondition")).put(url).then().statusCode(428);
        as("sam").header("If-Match", "\"1\"").body(GUIDELINES.formatted("15000", "Acme raised the fund")).put(url)
                .then().statusCode(201).body("version", equalTo(2), "funding.amount", equalTo("15000.00"));
        as("sam").header("If-Match", "\"1\"").body(GUIDELINES.formatted("1", "Stale")).put(url).then().statusCode(412);

        String pub = "/api/public/partnerships/" + partnership + "/guidelines";
        given().get(pub).then().statusCode(200).header("ETag", "\"2\"").body("changeNote", equalTo("Acme raised the fund"),
                "decisionRights[0].decidedBy", equalTo("The lending desk volunteers"), "accountability.cadence", equalTo("QUARTERLY"));
        given().get(pub + "/versions").then().statusCode(200).body("items.version", equalTo(List.of(2, 1)));
        given().get(pub + "/versions/1").then().statusCode(200).body("funding.amount", equalTo("12000.00"));
        given().get(pub + "/versions/3").then().statusCode(404);

        // every change is in the decisions log, as JSON and as CSV
        given().get("/api/public/partnerships/" + partnership + "/decisions").then().statusCode(200)
                .body("items.kind", equalTo(List.of("GUIDELINE_CHANGE", "GUIDELINE_CHANGE")),
                        "items[1].rationale", equalTo("Acme raised the fund"), "items[1].decidedBy", equalTo("Sam Sato"));
        String csv = given().accept("text/csv").get("/api/public/partnerships/" + partnership + "/decisions")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        assertEquals(3, csv.split("\r\n").length, csv);
        org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> {
            try (var c = database.getConnection(); var s = c.createStatement()) {
                s.executeUpdate("UPDATE guideline_version SET change_note = 'rewritten' WHERE partnership_id = '" + partnership + "'");
            }
        }, "a published version never changes");
        assertEquals(2, count("SELECT count(*) FROM guideline_version WHERE partnership_id = '" + partnership + "'"));
    }

    @Test
    void membersCommentOnTheCurrentVersionAndThePublicReadsCommentsWithoutNames() {
        String comments = "/api/partnerships/" + partnership + "/guidelines/comments";
        as("alice").body("{\"text\":\"Too early\"}").post(comments).then().statusCode(409);
        as("sam").body(GUIDELINES.formatted("12000.00", "First")).put("/api/partnerships/" + partnership + "/guidelines")
                .then().statusCode(201);
        as("alice").body("{\"text\":\"Could expenses include childcare?\"}").post(comments).then().statusCode(201)
                .body("version", equalTo(1));
        as("alice").body("{\"text\":\"\"}").post(comments).then().statusCode(400);
        given().get("/api/public/partnerships/" + partnership + "/guidelines/comments").then().statusCode(200)
                .body("items[0].text", equalTo("Could expenses include childcare?"), "items[0].authorSubject", nullValue());
    }

    @Test
    void onlyThePartnershipsStewardsChangeItsGuidelinesAndBudget() {
        String guidelines = "/api/partnerships/" + partnership + "/guidelines";
        as("tess").body(GUIDELINES.formatted("1.00", "Not mine")).put(guidelines).then().statusCode(403);
        as("alice").body(GUIDELINES.formatted("1.00", "Not mine")).put(guidelines).then().statusCode(403);
        asPartner("acme").body(GUIDELINES.formatted("1.00", "Not mine")).put(guidelines).then().statusCode(403);
        as("tess").body("{\"category\":\"x\",\"description\":\"y\",\"planned\":\"1.00\",\"currency\":\"EUR\"}")
                .post("/api/partnerships/" + partnership + "/budget/lines").then().statusCode(403);
        // an admin makes tess a steward of it; then she may
        as("olga").put("/api/partnerships/" + partnership + "/stewards/" + Tokens.subject("tess") + "?name=tess").then().statusCode(204);
        as("tess").body(GUIDELINES.formatted("1.00", "Now mine too")).put(guidelines).then().statusCode(201);
    }

    @Test
    void badGuidelinesAreRefusedNamingTheFieldAndNothingIsWritten() throws SQLException {
        String url = "/api/partnerships/" + partnership + "/guidelines";
        record Case(String body, String field) {
        }
        for (Case c : List.of(
                new Case(GUIDELINES.formatted("-5", "x"), "funding.amount"),
                new Case(GUIDELINES.formatted("12.345", "x"), "funding.amount"),
                new Case(GUIDELINES.formatted("1e9", "x"), "funding.amount"),
                new Case(GUIDELINES.formatted("10", "x").replace("\"EUR\"", "\"EURO\""), "funding.currency"),
                new Case(GUIDELINES.formatted("10", "x").replace("\"EUR\"", "\"XYZ\""), "funding.currency"),
                new Case(GUIDELINES.formatted("10", "x").replace("QUARTERLY", "WEEKLY"), "accountability.cadence"),
                new Case(GUIDELINES.formatted("10", "x").replaceAll("\\[\\{.*?\\}\\]", "[]"), "decisionRights"),
                new Case(GUIDELINES.formatted("10", "x".repeat(1001)), "changeNote"),
                new Case(GUIDELINES.formatted("10", "bell\\u0007"), "changeNote"))) {
            as("sam").body(c.body()).put(url).then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem(c.field()));
        }
        assertEquals(0, count("SELECT count(*) FROM guideline_version WHERE partnership_id = '" + partnership + "'"));
        assertEquals(0, count("SELECT count(*) FROM decision WHERE partnership_id = '" + partnership + "'"));
        as("sam").body(GUIDELINES.formatted("10", "x")).put("/api/partnerships/00000000-0000-4000-8000-000000000000/guidelines")
                .then().statusCode(404);
    }

    @Test
    void stewardsAndThePartnerDiscloseTheirInterestsPublicly() {
        String url = "/api/partnerships/" + partnership + "/disclosures";
        as("sam").body("{\"interest\":\"My brother works at Acme.\",\"since\":\"2024-03-01\"}").post(url).then().statusCode(201)
                .body("who", equalTo("Sam Sato"), "role", equalTo("steward"));
        asPartner("acme").body("{\"interest\":\"Acme sells the tools the library lends.\",\"since\":\"2020-01-01\"}").post(url)
                .then().statusCode(201).body("role", equalTo("partner"));
        asPartner("globex").body("{\"interest\":\"None\",\"since\":\"2020-01-01\"}").post(url).then().statusCode(403);
        as("tess").body("{\"interest\":\"Not mine\",\"since\":\"2020-01-01\"}").post(url).then().statusCode(403);
        as("sam").body("{\"interest\":\"Later\",\"since\":\"" + LocalDate.now().plusDays(2) + "\"}").post(url).then().statusCode(400)
                .body("errors.field", hasItem("since"));
        as("sam").body("{\"since\":\"2020-01-01\"}").post(url).then().statusCode(400).body("errors.field", hasItem("interest"));
        given().get("/api/public/partnerships/" + partnership + "/disclosures").then().statusCode(200)
                .body("$", hasSize(2), "interest", hasItem("My brother works at Acme."));
    }

    @Test
    void theBudgetShowsEveryLinePlannedAgainstSpent() {
        String lines = "/api/partnerships/" + partnership + "/budget/lines";
        String tools = as("sam").body("{\"category\":\"Tools\",\"description\":\"Drills and saws\",\"planned\":\"8000\",\"currency\":\"EUR\"}")
                .post(lines).then().statusCode(201).body("planned", equalTo("8000.00")).extract().path("id");
        as("sam").body("{\"category\":\"Volunteers\",\"description\":\"Lunches\",\"planned\":\"400.50\",\"currency\":\"EUR\"}")
                .post(lines).then().statusCode(201);
        as("sam").body("{\"amount\":\"2350.40\",\"spentOn\":\"" + LocalDate.now() + "\",\"note\":\"Power tools\"}")
                .post(lines + "/" + tools + "/actuals").then().statusCode(201);
        as("sam").body("{\"amount\":\"100\",\"spentOn\":\"" + LocalDate.now() + "\",\"note\":\"Saw blades\"}")
                .post(lines + "/" + tools + "/actuals").then().statusCode(201);
        given().get("/api/public/partnerships/" + partnership + "/budget").then().statusCode(200)
                .body("totals[0].currency", equalTo("EUR"), "totals[0].planned", equalTo("8400.50"),
                        "totals[0].spent", equalTo("2450.40"), "totals[0].remaining", equalTo("5950.10"))
                .body("lines[0].spent", equalTo("2450.40"), "lines[0].remaining", equalTo("5549.60"), "lines[0].actuals", hasSize(2));
        given().get("/api/public/partnerships/" + partnership + "/decisions").then()
                .body("items.kind", equalTo(List.of("BUDGET_CHANGE", "BUDGET_CHANGE")));
    }

    @Test
    void badBudgetEntriesAreRefusedAndNothingIsWritten() throws SQLException {
        String lines = "/api/partnerships/" + partnership + "/budget/lines";
        as("sam").body("{\"category\":\"Tools\",\"description\":\"x\",\"planned\":\"10.001\",\"currency\":\"EUR\"}").post(lines)
                .then().statusCode(400).body("errors.field", hasItem("planned"));
        as("sam").body("{\"category\":\"Tools\",\"description\":\"x\",\"planned\":\"10\",\"currency\":\"eur\"}").post(lines)
                .then().statusCode(400).body("errors.field", hasItem("currency"));
        as("sam").body("{\"category\":\"Tools\",\"description\":\"x\",\"planned\":10,\"currency\":\"EUR\"}").post(lines)
                .then().statusCode(400).body("errors.field", hasItem("planned"));
        String line = as("sam").body("{\"category\":\"Tools\",\"description\":\"x\",\"planned\":\"10\",\"currency\":\"JPY\"}").post(lines)
                .then().statusCode(201).body("planned", equalTo("10")).extract().path("id");
        as("sam").body("{\"amount\":\"1.50\",\"spentOn\":\"" + LocalDate.now() + "\",\"note\":\"yen have no cents\"}")
                .post(lines + "/" + line + "/actuals").then().statusCode(400).body("errors.field", hasItem("amount"));
        as("sam").body("{\"amount\":\"1\",\"spentOn\":\"" + LocalDate.now().plusDays(3) + "\",\"note\":\"future\"}")
                .post(lines + "/" + line + "/actuals").then().statusCode(400).body("errors.field", hasItem("spentOn"));
        as("sam").body("{\"amount\":\"0\",\"spentOn\":\"" + LocalDate.now() + "\",\"note\":\"nothing\"}")
                .post(lines + "/" + line + "/actuals").then().statusCode(400).body("errors.field", hasItem("amount"));
        as("sam").body("{\"amount\":\"1\",\"spentOn\":\"" + LocalDate.now() + "\",\"note\":\"wrong line\"}")
                .post(lines + "/00000000-0000-4000-8000-000000000000/actuals").then().statusCode(404);
        assertEquals(0, count("SELECT count(*) FROM budget_actual WHERE line_id = '" + line + "'"));
    }
}
