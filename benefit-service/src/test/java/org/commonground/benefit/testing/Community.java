package org.commonground.benefit.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.commonground.platform.testing.Tokens;

/**
 * The rest of the suite as benefit-service learns of it in tests: partnerships, stewards, members and verified
 * contributions arrive as real events on the test Kafka; each test makes its own, with fresh ids, so tests never share
 * a ledger even against a reused database.
 */
public final class Community {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final AgroalDataSource database;

    public Community(AgroalDataSource database) {
        this.database = database;
    }

    /** A new partnership of partner organization acme, stewarded by sam; known here when this returns. */
    public UUID partnership() {
        UUID id = UUID.randomUUID();
        String key = id.toString();
        EventBus.publish(EventType.PARTNERSHIP_PUBLISHED, key, JSON.objectNode().put("partnershipId", key).put("name", "Repair café " + key.substring(0, 8))
                .put("partnerName", "Acme Hardware").put("partnerOrganization", "acme").put("at", Instant.now().toString()));
        ObjectNode stewards = JSON.objectNode().put("partnershipId", key).put("at", Instant.now().toString());
        stewards.putArray("stewards").add(Tokens.subject("sam"));
        EventBus.publish(EventType.PARTNERSHIP_STEWARDS_CHANGED, key, stewards);
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM partnership_steward WHERE partnership_id = '" + id + "'") == 1);
        return id;
    }

    /** The demo user joins as a new member (a fresh member id: the newest holder of their identity); known here when this returns. */
    public UUID member(String user) {
        UUID id = UUID.randomUUID();
        EventBus.publish(EventType.MEMBER_JOINED, id.toString(), JSON.objectNode().put("memberId", id.toString())
                .put("subject", Tokens.subject(user)).put("at", Instant.now().toString()).set("groupIds", JSON.arrayNode()));
        await().atMost(PATIENCE).until(() -> count("SELECT count(*) FROM ledger_member WHERE member_id = '" + id
                + "' AND subject = '" + Tokens.subject(user) + "'") == 1);
        return id;
    }

    /** A member who never signs in (no identity here), for allocations among many. */
    public UUID anonymousMember() {
        return UUID.randomUUID();
    }

    public static ObjectNode verified(UUID contributionId, UUID partnershipId, UUID memberId, String type, String hours, String impact,
            LocalDate on) {
        return JSON.objectNode().put("contributionId", contributionId.toString()).put("memberId", memberId.toString())
                .put("initiativeId", UUID.nameUUIDFromBytes(partnershipId.toString().getBytes()).toString())
                .put("partnershipId", partnershipId.toString()).put("type", type).put("hours", Double.parseDouble(hours)).put("impact", impact)
                .put("occurredOn", on.toString()).put("at", Instant.now().toString());
    }

    /** Publishes contribution.verified.v1 for a new contribution; answers its id. */
    public static UUID verify(UUID partnershipId, UUID memberId, String type, String hours, String impact, LocalDate on) {
        UUID contributionId = UUID.randomUUID();
        EventBus.publish(EventType.CONTRIBUTION_VERIFIED, memberId.toString(),
                verified(contributionId, partnershipId, memberId, type, hours, impact, on));
        return contributionId;
    }

    public static void revoke(UUID contributionId, UUID partnershipId, UUID memberId) {
        EventBus.publish(EventType.CONTRIBUTION_REVOKED, memberId.toString(), JSON.objectNode().put("contributionId", contributionId.toString())
                .put("memberId", memberId.toString()).put("initiativeId", UUID.nameUUIDFromBytes(partnershipId.toString().getBytes()).toString())
                .put("partnershipId", partnershipId.toString()).put("reason", "Counted twice by mistake.").put("at", Instant.now().toString()));
    }

    /** The policy terms tests use: every type weighs 1 except CONTENT 2 and MENTORING 1.5; LOW 1, MEDIUM 2, HIGH 3. */
    public static String terms(UUID partnershipId, String extra) {
        return "{\"partnershipId\":\"" + partnershipId + "\",\"weights\":{\"CONTENT\":\"2\",\"EVENT_ORGANIZATION\":\"1\",\"ADVISORY\":\"1\","
                + "\"MENTORING\":\"1.5\",\"TRAINING\":\"1\",\"FACILITATION\":\"1\",\"RESEARCH\":\"1\",\"OUTREACH\":\"1\",\"OTHER\":\"0\"},"
                + "\"formats\":[\"STIPEND\",\"PROFESSIONAL_DEVELOPMENT\"],\"reviewOn\":\"" + LocalDate.now().plusMonths(6) + "\""
                + (extra == null || extra.isEmpty() ? "" : "," + extra) + "}";
    }

    /** sam drafts and publishes a policy for the partnership; answers its id. */
    public static String publishedPolicy(UUID partnershipId, String extra) {
        String id = given().auth().oauth2(Tokens.of("sam")).contentType(ContentType.JSON).body(terms(partnershipId, extra))
                .post("/api/policies").then().statusCode(201).extract().path("id");
        given().auth().oauth2(Tokens.of("sam")).post("/api/policies/" + id + "/publish").then().statusCode(200);
        return id;
    }

    /** How many entries the partnership's ledger has. */
    public long ledgerSize(UUID partnershipId) {
        return count("SELECT count(*) FROM ledger_entry WHERE partnership_id = '" + partnershipId + "'");
    }

    public long count(String sql) {
        try (var c = database.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int update(String sql) {
        try (var c = database.getConnection(); var st = c.createStatement()) {
            return st.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
