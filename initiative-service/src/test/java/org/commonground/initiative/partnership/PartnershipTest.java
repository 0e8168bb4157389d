package org.commonground.initiative.partnership;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PartnershipTest {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource database;

    private static final String PURPOSE = "Neighbours and the library run a repair café together every month.";

    private static String start(String steward, String name) {
        return given().auth().oauth2(Tokens.of(steward)).contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"partnerName\":\"Acme\",\"memberNeeds\":\"Members need this.\",\"partnerContributes\":\"Money and tools.\",\"communityContributes\":\"Time and care.\",\"purpose\":\"" + PURPOSE + "\"}")
                .post("/api/partnerships")
                .then().statusCode(201).extract().path("id");
    }

    private static List<String> everyPartnershipId() {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var page = given().queryParam("limit", 2).queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/public/partnerships").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return ids;
    }

    @Test
    void aStartedPartnershipIsPublishedToTheOtherServicesThroughTheOutbox() throws Exception {
        String id = given().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON)
                .body("{\"name\":\"Published one\",\"partnerName\":\"Acme\",\"memberNeeds\":\"Members need this.\",\"partnerContributes\":\"Money and tools.\",\"communityContributes\":\"Time and care.\",\"purpose\":\"Something worth doing together for everyone.\"}")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        try (var c = database.getConnection(); var st = c.prepareStatement(
                "SELECT type, payload FROM outbox WHERE message_key = ? AND type = 'partnership.published.v1'")) {
            st.setString(1, id);
            try (var rs = st.executeQuery()) {
                org.junit.jupiter.api.Assertions.assertTrue(rs.next(), "an event for the new partnership");
                assertEquals("partnership.published.v1", rs.getString(1));
                var payload = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(2));
                assertEquals(List.of(), org.commonground.platform.events.EventSchemas.violations(
                        org.commonground.platform.events.EventType.PARTNERSHIP_PUBLISHED, payload));
                assertEquals("Published one", payload.path("name").asText());
            }
        }
    }

    private List<String> announcedStewards(String partnershipId) throws Exception {
        try (var c = database.getConnection(); var st = c.prepareStatement(
                "SELECT payload FROM outbox WHERE message_key = ? AND type = 'partnership.stewards-changed.v1' ORDER BY seq DESC LIMIT 1")) {
            st.setString(1, partnershipId);
            try (var rs = st.executeQuery()) {
                org.junit.jupiter.api.Assertions.assertTrue(rs.next(), "stewards announced");
                var payload = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(1));
                assertEquals(List.of(), org.commonground.platform.events.EventSchemas.violations(
                        org.commonground.platform.events.EventType.PARTNERSHIP_STEWARDS_CHANGED, payload));
                List<String> stewards = new ArrayList<>();
                payload.path("stewards").forEach(s -> stewards.add(s.asText()));
                return stewards;
            }
        }
    }

    @Test
    void whoStewardsAPartnershipIsAnnouncedToTheOtherServicesWheneverItChanges() throws Exception {
        String id = start("sam", "Stewards announced");
        assertEquals(List.of(Tokens.subject("sam")), announcedStewards(id));
        given().auth().oauth2(Tokens.of("olga")).put("/api/partnerships/" + id + "/stewards/" + Tokens.subject("tess"))
                .then().statusCode(204);
        assertEquals(new java.util.TreeSet<>(List.of(Tokens.subject("sam"), Tokens.subject("tess"))),
                new java.util.TreeSet<>(announcedStewards(id)));
        given().auth().oauth2(Tokens.of("olga")).delete("/api/partnerships/" + id + "/stewards/" + Tokens.subject("sam"))
                .then().statusCode(204);
        assertEquals(List.of(Tokens.subject("tess")), announcedStewards(id));
    }

    @Test
    void aStewardStartsAPartnershipThatAnyoneCanRead() {
        String id = start("sam", "Repair café");
        given().get("/api/public/partnerships/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Repair café"), "partnerName", equalTo("Acme"), "purpose", equalTo(PURPOSE),
                        "createdAt", notNullValue(), "createdBy", nullValue());
    }

    @Test
    void theListPagesThroughEveryPartnershipOnceInOrder() {
        start("tess", "Paging one");
        start("tess", "Paging two");
        start("olga", "Paging three");
        List<String> ids = everyPartnershipId();
        assertEquals(ids.size(), ids.stream().distinct().count(), "no partnership appears twice: " + ids);
        given().queryParam("limit", 1).get("/api/public/partnerships")
                .then().statusCode(200).body("items", hasSize(1), "nextCursor", notNullValue());
    }

    @Test
    void aMemberCannotStartAPartnership() {
        given().auth().oauth2(Tokens.of("alice")).contentType(ContentType.JSON)
                .body("{\"name\":\"Mine\",\"partnerName\":\"Acme\",\"memberNeeds\":\"Members need this.\",\"partnerContributes\":\"Money and tools.\",\"communityContributes\":\"Time and care.\",\"purpose\":\"" + PURPOSE + "\"}")
                .post("/api/partnerships")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void aVaguePurposeIsRefusedNamingTheFieldAndNothingIsWritten() {
        int before = everyPartnershipId().size();
        given().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON)
                .body("{\"name\":\"\",\"partnerName\":\"Acme\",\"memberNeeds\":\"Members need this.\",\"partnerContributes\":\"Money and tools.\",\"communityContributes\":\"Time and care.\",\"purpose\":\"Stuff\"}")
                .post("/api/partnerships")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("purpose"), "errors.field", hasItem("name"),
                        "errors.field", not(hasItem("partnerName")));
        assertEquals(before, everyPartnershipId().size());
    }

    @Test
    void aPageLargerThanTheMaximumIsRefused() {
        given().queryParam("limit", 1000).get("/api/public/partnerships")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("limit"));
    }

    @Test
    void aCursorThisListDidNotIssueIsRefused() {
        given().queryParam("cursor", "bm90LWEtY3Vyc29y").get("/api/public/partnerships")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("cursor"));
    }

    @Test
    void anUnknownPartnershipIsA404Problem() {
        given().get("/api/public/partnerships/00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:commonground:problem:not-found"));
        given().get("/api/public/partnerships/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aPartnerLearnsWhichOrganizationItsCredentialsStandFor() {
        given().auth().oauth2(Tokens.partner("partner-acme", "partner-acme-secret")).get("/api/partner/me")
                .then().statusCode(200).body("organization", equalTo("acme"), "client", equalTo("partner-acme"));
        given().auth().oauth2(Tokens.partner("partner-globex", "partner-globex-secret")).get("/api/partner/me")
                .then().statusCode(200).body("organization", equalTo("globex"));
        given().auth().oauth2(Tokens.of("alice")).get("/api/partner/me").then().statusCode(403);
    }
}
