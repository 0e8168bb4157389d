package org.commonground.member.consent;

import static org.awaitility.Awaitility.await;
import static org.commonground.member.testing.Community.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.commonground.member.testing.Community;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What partners may see of a member leaves member-service only as the member allows, and their reads come back to the access log. */
@QuarkusTest
class PartnerSharingTest {

    private static final String PUBLISHED = "member.partner-profile-published.v1";
    private static final String WITHDRAWN = "member.partner-profile-withdrawn.v1";

    @Inject
    AgroalDataSource database;

    Community community;
    String tess;

    @BeforeEach
    void tessHasJoinedAndSharesNothing() {
        community = new Community(database);
        tess = community.joined("tess", "Tess T.");
    }

    private void profile(String body) {
        String etag = as("tess").get("/api/members/me").then().statusCode(200).extract().header("ETag");
        as("tess").header("If-Match", etag).body(body).put("/api/members/me").then().statusCode(200);
    }

    @Test
    void theProfileGoesToPartnersOnlyWhileSharingHoldsAndTheContactOnlyWithPartnerContactToo() {
        profile("{\"displayName\":\"Tess T.\",\"skills\":[\"carpentry\"],\"contactEmail\":\"tess@example.org\"}");
        assertEquals(0, community.events(PUBLISHED, tess), "nothing is shared before the member says so");

        Community.grant("tess", "partner-profile-sharing");
        assertEquals(1, community.events(PUBLISHED, tess));
        String shared = community.lastEvent(PUBLISHED, tess);
        assertTrue(shared.contains("\"displayName\":\"Tess T.\"") && shared.contains("\"skills\":[\"carpentry\"]")
                && shared.contains("\"contactEmail\":null"), shared);

        Community.grant("tess", "partner-contact");
        assertTrue(community.lastEvent(PUBLISHED, tess).contains("\"contactEmail\":\"tess@example.org\""));
        profile("{\"displayName\":\"Tess Taylor\",\"skills\":[\"carpentry\",\"plumbing\"],\"contactEmail\":\"tess@example.org\"}");
        assertTrue(community.lastEvent(PUBLISHED, tess).contains("\"skills\":[\"carpentry\",\"plumbing\"]"), "an edit follows");
        Community.withdraw("tess", "partner-contact");
        assertTrue(community.lastEvent(PUBLISHED, tess).contains("\"contactEmail\":null"));

        long published = community.events(PUBLISHED, tess);
        Community.withdraw("tess", "partner-profile-sharing");
        assertEquals(1, community.events(WITHDRAWN, tess));
        profile("{\"displayName\":\"Tess T.\",\"skills\":[\"roofing\"]}");
        assertEquals(published, community.events(PUBLISHED, tess), "an edit shares nothing once sharing stopped");
        Community.grant("tess", "partner-contact");
        assertEquals(published, community.events(PUBLISHED, tess), "contact alone shares nothing");
    }

    @Test
    void erasureWithdrawsTheProfileFromPartners() {
        Community.grant("tess", "partner-profile-sharing");
        as("tess").delete("/api/members/me").then().statusCode(204);
        assertTrue(community.events(WITHDRAWN, tess) >= 1);
        assertTrue(community.count("SELECT count(*) FROM outbox WHERE type = '" + PUBLISHED + "' AND message_key = '" + tess
                + "' AND seq > (SELECT max(seq) FROM outbox WHERE type = '" + WITHDRAWN + "' AND message_key = '" + tess + "')") == 0,
                "nothing is shared after the last withdrawal");
    }

    @Test
    void aPartnersReadThroughAnotherServiceJoinsTheMembersAccessLogOnce() {
        ObjectNode read = ((ObjectNode) EventSchemas.examples(EventType.MEMBER_DATA_READ).get(0).deepCopy())
                .put("memberId", tess).put("endpoint", "GET /api/partner/initiatives/x/participants").put("at", Instant.now().toString());
        String id = UUID.randomUUID().toString();
        EventBus.publish(EventType.MEMBER_DATA_READ, tess, read, id, Instant.now());
        EventBus.publish(EventType.MEMBER_DATA_READ, tess, read, id, Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> community.count("SELECT count(*) FROM access_log WHERE member_id = '" + tess + "'") == 1);
        as("tess").get("/api/members/me/access-log").then().statusCode(200)
                .body("items.size()", equalTo(1), "items[0].clientId", equalTo("partner-acme"),
                        "items[0].endpoint", equalTo("GET /api/partner/initiatives/x/participants"),
                        "items[0].fields", equalTo(List.of("displayName", "skills")), "items[0].readerRoles", equalTo(List.of("partner")));
    }
}
