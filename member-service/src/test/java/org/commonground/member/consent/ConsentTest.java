package org.commonground.member.consent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ConsentTest {

    private static final String MEMBER = "tess";

    @Inject
    AgroalDataSource database;

    @BeforeEach
    void tessHasJoinedAndGrantedNothing() {
        new org.commonground.member.testing.Community(database).joined(MEMBER, "Tess T.");
    }

    private static void decide(String purpose, Object granted, int status) {
        given().auth().oauth2(Tokens.of(MEMBER)).contentType(ContentType.JSON).body("{\"granted\":" + granted + "}")
                .put("/api/members/me/consents/" + purpose).then().statusCode(status);
    }

    private long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long outbox() throws SQLException {
        return count("SELECT count(*) FROM outbox");
    }

    @Test
    void theCatalogExplainsEveryPurposeWithAVersionedNoticeInTheMembersLanguage() {
        given().get("/api/consent-purposes").then().statusCode(200)
                .body("purpose", equalTo(List.of("directory-listing", "public-recognition", "partner-profile-sharing",
                        "partner-contact", "impact-stories")))
                .body("notice", everyItem(notNullValue()), "noticeVersion", everyItem(org.hamcrest.Matchers.greaterThanOrEqualTo(1)),
                        "language", everyItem(equalTo("en")))
                .body("find { it.purpose == 'partner-contact' }.longest", equalTo("P12M"));
        given().queryParam("language", "es").get("/api/consent-purposes").then().statusCode(200)
                .body("language", everyItem(equalTo("es")), "title", hasItem("Aparecer en el directorio de miembros"));
        given().header("Accept-Language", "es-MX,es;q=0.9").get("/api/consent-purposes").then()
                .body("language", everyItem(equalTo("es")));
        given().queryParam("language", "fr").get("/api/consent-purposes").then().statusCode(200)
                .body("language", everyItem(equalTo("en")));
    }

    @Test
    void everyPurposeStartsNotGranted() {
        given().auth().oauth2(Tokens.of(MEMBER)).get("/api/members/me/consents").then().statusCode(200)
                .body("$", hasSize(5), "granted", everyItem(equalTo(false)), "expiresAt", everyItem(org.hamcrest.Matchers.nullValue()));
    }

    @Test
    void grantingAndWithdrawingEachWriteHistoryAndOneEventThatIsPublished() throws SQLException {
        long history = count("SELECT count(*) FROM consent_history");
        long events = outbox();
        decide("public-recognition", true, 200);
        decide("public-recognition", true, 200); // no change: nothing recorded
        decide("public-recognition", false, 200);
        assertEquals(history + 2, count("SELECT count(*) FROM consent_history"));
        assertEquals(events + 4, outbox(), "granted and withdrawn, and the public name published and withdrawn with them");
        given().auth().oauth2(Tokens.of(MEMBER)).get("/api/members/me/consents").then()
                .body("find { it.purpose == 'public-recognition' }.granted", equalTo(false));
        await().atMost(Duration.ofSeconds(15)).until(() -> count("SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0);
    }

    @Test
    void aGrantRecordsTheNoticeVersionTheMemberSaw() {
        given().auth().oauth2(Tokens.of(MEMBER)).contentType(ContentType.JSON).body("{\"granted\":true}")
                .put("/api/members/me/consents/directory-listing")
                .then().statusCode(200).body("granted", equalTo(true), "noticeVersion", org.hamcrest.Matchers.greaterThanOrEqualTo(1),
                        "noticeLanguage", equalTo("en"), "noticeChangedSinceGrant", equalTo(false), "changedAt", notNullValue());
    }

    /** A partnership initiative-service published, as member-service learns it: through the initiatives topic. */
    private static String publishedPartnership() {
        String partnership = java.util.UUID.randomUUID().toString();
        var data = ((com.fasterxml.jackson.databind.node.ObjectNode) EventSchemas.examples(EventType.PARTNERSHIP_PUBLISHED).get(0)
                .deepCopy()).put("partnershipId", partnership);
        org.commonground.platform.testing.EventBus.publish(EventType.PARTNERSHIP_PUBLISHED, partnership, data);
        return partnership;
    }

    @Test
    void aConsentMayBeLimitedToOnePublishedPartnershipWhereThePurposeAllowsIt() {
        String partnership = publishedPartnership();
        String body = "{\"granted\":true,\"partnershipId\":\"" + partnership + "\"}";
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(Tokens.of(MEMBER)).contentType(ContentType.JSON)
                .body(body).put("/api/members/me/consents/partner-profile-sharing").statusCode() == 200);
        given().auth().oauth2(Tokens.of(MEMBER)).get("/api/members/me/consents").then()
                .body("find { it.purpose == 'partner-profile-sharing' && it.partnershipId == null }.granted", equalTo(false))
                .body("find { it.purpose == 'partner-profile-sharing' && it.partnershipId != null }.granted", equalTo(true))
                .body("find { it.purpose == 'partner-profile-sharing' && it.partnershipId != null }.partnershipId", equalTo(partnership));
        given().auth().oauth2(Tokens.of(MEMBER)).contentType(ContentType.JSON).body(body)
                .put("/api/members/me/consents/directory-listing")
                .then().statusCode(400).body("errors.field", hasItem("partnershipId"));
    }

    @Test
    void aConsentCannotNameAPartnershipThatWasNeverPublished() throws SQLException {
        long events = outbox();
        given().auth().oauth2(Tokens.of(MEMBER)).contentType(ContentType.JSON)
                .body("{\"granted\":true,\"partnershipId\":\"" + java.util.UUID.randomUUID() + "\"}")
                .put("/api/members/me/consents/partner-contact")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("partnershipId"));
        assertEquals(events, outbox());
    }

    @Test
    void anUnknownPurposeIsA404AndNothingIsWritten() throws SQLException {
        long events = outbox();
        given().auth().oauth2(Tokens.of(MEMBER)).contentType(ContentType.JSON).body("{\"granted\":true}")
                .put("/api/members/me/consents/marketing")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("marketing"));
        assertEquals(events, outbox());
    }

    @Test
    void aBodyThatIsNotGrantedTrueOrFalseIsA400AndNothingIsWritten() throws SQLException {
        long events = outbox();
        long history = count("SELECT count(*) FROM consent_history");
        for (String body : List.of("{\"granted\":\"yes\"}", "{\"granted\":\"true\"}", "{\"granted\":1}", "{}",
                "{\"granted\":null}", "{\"granted\":true,\"purpose\":\"x\"}", "[]", "true", "{\"granted\":",
                "{\"granted\":true,\"partnershipId\":\"everything\"}", "{\"granted\":true,\"expiresOn\":\"soon\"}",
                "{\"granted\":true,\"expiresOn\":\"2020-01-01\"}", "{\"granted\":true,\"expiresOn\":\"2099-01-01\"}",
                "{\"granted\":false,\"expiresOn\":\"" + java.time.LocalDate.now().plusDays(10) + "\"}",
                "{\"granted\":true,\"noticeVersion\":0}", "{\"granted\":true,\"language\":\"klingon\"}",
                "{\"granted\":true,\"language\":\"fr\"}", "{\"granted\":true,\"expiresOn\":\"+300000-01-01\"}")) {
            given().auth().oauth2(Tokens.of(MEMBER)).contentType(ContentType.JSON).body(body)
                    .put("/api/members/me/consents/impact-stories")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(events, outbox());
        assertEquals(history, count("SELECT count(*) FROM consent_history"));
    }

    @Test
    void onlyMembersHaveConsentsToGive() {
        given().auth().oauth2(Tokens.of("olga")).contentType(ContentType.JSON).body("{\"granted\":true}")
                .put("/api/members/me/consents/impact-stories").then().statusCode(403);
    }

    @Test
    void everyEventThisServiceEmitsMatchesItsSchema() throws Exception {
        decide("impact-stories", true, 200);
        decide("impact-stories", false, 200);
        ObjectMapper json = new ObjectMapper();
        int checked = 0;
        try (var c = database.getConnection(); var s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT type, topic, message_key, source, dataschema, payload FROM outbox")) {
            while (rs.next()) {
                EventType type = EventType.of(rs.getString(1)).orElseThrow();
                assertEquals(type.topic().topicName(), rs.getString(2));
                assertEquals(type.schemaUri(), rs.getString(5));
                assertEquals("/commonground/member-service", rs.getString(4));
                var payload = json.readTree(rs.getString(6));
                assertEquals(List.of(), EventSchemas.violations(type, payload), rs.getString(6));
                String key = type == EventType.GROUP_LEADERSHIP_OPENED ? "groupId" : "memberId";
                assertEquals(payload.path(key).asText(), rs.getString(3), "keyed by " + key + ", for order per " + key);
                checked++;
            }
        }
        assertTrue(checked >= 2);
    }
}
