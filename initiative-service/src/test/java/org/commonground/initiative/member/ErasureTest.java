package org.commonground.initiative.member;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.commonground.initiative.testing.Members;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/** What initiative-service does when member-service erases a member, and what it keeps of consents. */
@QuarkusTest
class ErasureTest {

    @Inject
    AgroalDataSource database;

    private long count(String sql) throws SQLException {
        try (var c = database.getConnection(); var s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void anErasedMemberIsPseudonymizedHereAndTheirWorkStays() throws SQLException {
        String member = Members.known("load-3", java.util.UUID.randomUUID().toString()); // a new member each run
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM member_link WHERE member_id = '" + member
                + "' AND subject IS NOT NULL") == 1);
        String partnership = given().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON).body("""
                        {"name":"Erasure","partnerName":"Acme","purpose":"Show that erasure leaves the work and not the person.",
                         "memberNeeds":"Privacy.","partnerContributes":"Nothing.","communityContributes":"Trust."}""")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        String initiative = given().auth().oauth2(Tokens.of("load-3")).contentType(ContentType.JSON)
                .body("{\"kind\":\"PROGRAM\",\"title\":\"Mine\",\"problem\":\"x\",\"approach\":\"y\"}")
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.of("load-3")).contentType(ContentType.JSON).body("{\"text\":\"A comment\"}")
                .post("/api/partnerships/" + partnership + "/guidelines/comments"); // 409 without guidelines: nothing to erase there

        ObjectNode erased = ((ObjectNode) EventSchemas.examples(EventType.MEMBER_ERASED).get(0).deepCopy())
                .put("memberId", member).put("at", Instant.now().toString());
        EventBus.publish(EventType.MEMBER_ERASED, member, erased);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM member_link WHERE member_id = '" + member
                + "' AND subject IS NULL AND erased_at IS NOT NULL") == 1);
        assertEquals(1, count("SELECT count(*) FROM initiative WHERE id = '" + initiative + "' AND proposed_by = '" + member + "'"),
                "the initiative stays, under the bare pseudonym");
        given().auth().oauth2(Tokens.of("load-3")).post("/api/initiatives/" + initiative + "/committee/me").then().statusCode(404);
        Members.known("load-3", member); // a replay of the old joined event does not relink the erased member
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                count("SELECT count(*) FROM member_link WHERE member_id = '" + member + "' AND subject IS NULL") == 1);
    }

    @Test
    void consentsAreKeptAsMemberServiceAnnouncesThemAndAWithdrawalWins() throws SQLException {
        String member = java.util.UUID.randomUUID().toString();
        ObjectNode granted = ((ObjectNode) EventSchemas.examples(EventType.CONSENT_GRANTED).get(0).deepCopy())
                .put("memberId", member).put("purpose", "partner-profile-sharing").put("at", Instant.now().toString());
        granted.putNull("scope");
        EventBus.publish(EventType.CONSENT_GRANTED, member, granted);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM consent_state WHERE member_id = '" + member
                + "' AND granted") == 1);
        ObjectNode withdrawn = ((ObjectNode) EventSchemas.examples(EventType.CONSENT_WITHDRAWN).get(0).deepCopy())
                .put("memberId", member).put("purpose", "partner-profile-sharing").put("at", Instant.now().plusSeconds(1).toString());
        withdrawn.putNull("scope");
        EventBus.publish(EventType.CONSENT_WITHDRAWN, member, withdrawn);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM consent_state WHERE member_id = '" + member
                + "' AND NOT granted") == 1);
    }
}
