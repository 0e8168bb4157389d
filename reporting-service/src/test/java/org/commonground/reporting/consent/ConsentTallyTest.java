package org.commonground.reporting.consent;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consent tally is built from the consents topic: exactly once per event, whatever Kafka delivers. */
@QuarkusTest
class ConsentTallyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static long members(String purpose) {
        return ((Number) given().get("/api/public/consents").then().statusCode(200).extract()
                .path("purposes.find { it.purpose == '" + purpose + "' }.members")).longValue();
    }

    private static long applied() {
        return ((Number) given().get("/api/public/consents").then().extract().path("eventsApplied")).longValue();
    }

    private static JsonNode decision(EventType type, String memberId, String purpose, Instant at) {
        ObjectNode data = (ObjectNode) EventSchemas.examples(type).get(0).deepCopy();
        data.put("memberId", memberId).put("purpose", purpose).put("at", at.toString());
        return data;
    }

    /**
     * The consumer starts at the beginning of the topic: in a full test run it first applies what member-service's
     * tests published. Each test here starts once it has caught up (a marker of its own is applied).
     */
    @BeforeEach
    void theConsumerHasCaughtUp() {
        String marker = UUID.randomUUID().toString();
        long before = members("impact-stories");
        EventBus.publish(EventType.CONSENT_GRANTED, marker, decision(EventType.CONSENT_GRANTED, marker, "impact-stories", Instant.now()));
        await().atMost(Duration.ofSeconds(90)).until(() -> members("impact-stories") > before);
    }

    @Test
    void theConsumerAcceptsEverySchemaExample() {
        long before = applied();
        int examples = 0;
        for (EventType type : new EventType[] {EventType.CONSENT_GRANTED, EventType.CONSENT_WITHDRAWN}) {
            for (JsonNode example : EventSchemas.examples(type)) {
                EventBus.publish(type, example.path("memberId").asText(), example);
                examples++;
            }
        }
        long expected = before + examples;
        await().atMost(Duration.ofSeconds(20)).until(() -> applied() >= expected);
    }

    @Test
    void aGrantCountsOnceHoweverOftenItIsDeliveredAndAWithdrawalUndoesIt() {
        String member = UUID.randomUUID().toString();
        long before = members("impact-stories");
        String id = UUID.randomUUID().toString();
        Instant at = Instant.now();
        JsonNode granted = decision(EventType.CONSENT_GRANTED, member, "impact-stories", at);
        EventBus.publish(EventType.CONSENT_GRANTED, member, granted, id, at);
        EventBus.publish(EventType.CONSENT_GRANTED, member, granted, id, at); // redelivered
        await().atMost(Duration.ofSeconds(20)).until(() -> members("impact-stories") == before + 1);
        long appliedAfterGrant = applied();

        EventBus.publish(EventType.CONSENT_WITHDRAWN, member,
                decision(EventType.CONSENT_WITHDRAWN, member, "impact-stories", at.plusSeconds(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> members("impact-stories") == before);
        assertTrue(applied() == appliedAfterGrant + 1, "the duplicate was not applied");
    }

    @Test
    void anOlderDecisionArrivingLateDoesNotOverrideANewerOne() {
        String member = UUID.randomUUID().toString();
        long before = members("partner-contact");
        Instant now = Instant.now();
        EventBus.publish(EventType.CONSENT_GRANTED, member, decision(EventType.CONSENT_GRANTED, member, "partner-contact", now));
        EventBus.publish(EventType.CONSENT_WITHDRAWN, member,
                decision(EventType.CONSENT_WITHDRAWN, member, "partner-contact", now.minusSeconds(60)));
        String marker = UUID.randomUUID().toString();
        EventBus.publish(EventType.CONSENT_GRANTED, marker, decision(EventType.CONSENT_GRANTED, marker, "directory-listing", now));
        await().atMost(Duration.ofSeconds(20)).until(() -> members("partner-contact") == before + 1);
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheConsumerGoesOn() {
        String poison = "poison-" + UUID.randomUUID();
        EventBus.send(new ProducerRecord<>("consents", poison, "{this is not an event"));
        String member = UUID.randomUUID().toString();
        long before = members("public-recognition");
        EventBus.publish(EventType.CONSENT_GRANTED, member,
                decision(EventType.CONSENT_GRANTED, member, "public-recognition", Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> members("public-recognition") == before + 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> EventBus.readAll("consents.dlq").stream()
                .anyMatch(r -> poison.equals(r.key()) && EventBus.header(r, "dead-letter-reason") != null));
    }

    @Test
    void aMalformedRecordAmongValidEventsHoldsNoneOfThemUp() {
        String poison = "poison-" + UUID.randomUUID();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        long before = members("directory-listing");
        Instant now = Instant.now();
        EventBus.sendTogether(java.util.List.of(
                EventBus.record(EventType.CONSENT_GRANTED, first, decision(EventType.CONSENT_GRANTED, first, "directory-listing", now)),
                new ProducerRecord<>("consents", first, "{\"memberId\":"),
                new ProducerRecord<>("consents", poison, "not json at all"),
                EventBus.record(EventType.CONSENT_GRANTED, second, decision(EventType.CONSENT_GRANTED, second, "directory-listing", now))));
        await().atMost(Duration.ofSeconds(20)).until(() -> members("directory-listing") == before + 2);
        // and the consumer is still alive for the next one
        String third = UUID.randomUUID().toString();
        EventBus.publish(EventType.CONSENT_GRANTED, third, decision(EventType.CONSENT_GRANTED, third, "directory-listing", now));
        await().atMost(Duration.ofSeconds(20)).until(() -> members("directory-listing") == before + 3);
    }

    @Test
    void theTallyIsPublicAndSaysHowFreshItIs() {
        given().get("/api/public/consents").then().statusCode(200)
                .body("purposes.purpose", equalTo(java.util.List.of("directory-listing", "public-recognition",
                        "partner-profile-sharing", "partner-contact", "impact-stories")));
    }
}
