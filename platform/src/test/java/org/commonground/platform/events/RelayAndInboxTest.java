package org.commonground.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The relay's and the inbox's rules that need no database or broker. */
class RelayAndInboxTest {

    private static final String PAYLOAD = "{\"memberId\":\"3f6c1a9e-2b7d-4c1e-9a51-0d6b8e2f4a11\",\"purpose\":\"public-recognition\","
            + "\"scope\":null,\"noticeVersion\":1,\"at\":\"2026-09-14T10:15:30Z\"}";

    private final Inbox inbox = new Inbox(new ObjectMapper(), null, io.opentelemetry.api.OpenTelemetry.noop().getTracer("test"));

    private static OutboxRow row() {
        return new OutboxRow(7, "0b6f9c1e-8d5a-4e3b-9f2c-1a7d6e5b4c3d", "consents", "3f6c1a9e-2b7d-4c1e-9a51-0d6b8e2f4a11",
                "consent.granted.v1", "/commonground/member-service", "3f6c1a9e-2b7d-4c1e-9a51-0d6b8e2f4a11",
                Instant.parse("2026-09-14T10:15:30.123Z"), "urn:commonground:schema:consent.granted.v1", PAYLOAD, 0);
    }

    private static ConsumerRecord<String, String> consumed(ProducerRecord<String, String> sent) {
        RecordHeaders headers = new RecordHeaders(sent.headers().toArray());
        return new ConsumerRecord<>(sent.topic(), 2, 41L, 0L, TimestampType.CREATE_TIME, 0, 0, sent.key(), sent.value(),
                headers, java.util.Optional.empty());
    }

    @Test
    void theRelayWritesACloudEventInBinaryModeKeyedForOrder() {
        ProducerRecord<String, String> record = OutboxRelay.record(row());
        assertEquals("consents", record.topic());
        assertEquals(row().key(), record.key());
        assertEquals(PAYLOAD, record.value());
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals(row().id(), header(record, "ce_id"));
        assertEquals("/commonground/member-service", header(record, "ce_source"));
        assertEquals("consent.granted.v1", header(record, "ce_type"));
        assertEquals("2026-09-14T10:15:30.123Z", header(record, "ce_time"));
        assertEquals("urn:commonground:schema:consent.granted.v1", header(record, "ce_dataschema"));
        assertEquals("application/json", header(record, "content-type"));
    }

    @Test
    void theInboxReadsBackWhatTheRelayWrote() {
        CloudEvent event = inbox.read(consumed(OutboxRelay.record(row())));
        assertEquals(row().id(), event.id());
        assertEquals("/commonground/member-service", event.source());
        assertEquals("consent.granted.v1", event.type());
        assertEquals(Instant.parse("2026-09-14T10:15:30.123Z"), event.time());
        assertEquals("public-recognition", event.data().path("purpose").asText());
    }

    @Test
    void aRecordThatIsNotAnEventIsPoison() {
        ProducerRecord<String, String> notJson = OutboxRelay.record(row());
        assertThrows(Inbox.PoisonEvent.class, () -> inbox.read(consumed(new ProducerRecord<>("consents", null, "k", "{not json",
                notJson.headers()))));
        assertThrows(Inbox.PoisonEvent.class, () -> inbox.read(consumed(new ProducerRecord<>("consents", "k", PAYLOAD))),
                "no CloudEvents headers");
        ProducerRecord<String, String> unknownType = OutboxRelay.record(new OutboxRow(1, "x", "consents", "k", "consent.granted.v9",
                "/s", null, Instant.now(), "urn:x", PAYLOAD, 0));
        assertThrows(Inbox.PoisonEvent.class, () -> inbox.read(consumed(unknownType)));
        ProducerRecord<String, String> wrongShape = OutboxRelay.record(new OutboxRow(1, "x", "consents", "k", "consent.granted.v1",
                "/s", null, Instant.now(), "urn:x", "{\"memberId\":\"nobody\"}", 0));
        assertThrows(Inbox.PoisonEvent.class, () -> inbox.read(consumed(wrongShape)));
    }

    @Test
    void theRelayProducerWaitsForEveryReplicaAndIsIdempotent() {
        Properties config = OutboxRelay.producerConfig("127.0.0.1:9092", "member-service");
        assertEquals("all", config.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("true", config.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertTrue(Integer.parseInt((String) config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)) <= 5,
                "ordering holds with idempotence only up to 5 requests in flight");
    }

    @Test
    void kafkaBeingAwayIsWorthWaitingForButARefusedRecordIsNot() {
        assertTrue(OutboxRelay.retriable(new NotLeaderOrFollowerException("electing")));
        assertTrue(OutboxRelay.retriable(new org.apache.kafka.common.errors.TimeoutException("no broker")));
        assertFalse(OutboxRelay.retriable(new RecordTooLargeException("too big")));
    }

    @Test
    void backOffDoublesUpToItsLimit() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2));
        assertEquals(Duration.ofMillis(250), backoff.next());
        assertEquals(Duration.ofMillis(500), backoff.next());
        assertEquals(Duration.ofMillis(1000), backoff.next());
        assertEquals(Duration.ofMillis(2000), backoff.next());
        assertEquals(Duration.ofMillis(2000), backoff.next());
        backoff.reset();
        assertEquals(Duration.ofMillis(250), backoff.next());
    }

    private static String header(ProducerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @Test
    void aDatabaseOutageIsWaitedOutNotBlamedOnTheEvent() {
        assertTrue(Inbox.outage(new RuntimeException("wrapped", new java.net.ConnectException("Connection refused"))));
        assertTrue(Inbox.outage(new IllegalStateException("Connection is closed")));
        assertFalse(Inbox.outage(new IllegalArgumentException("memberId is not a UUID")));
        assertFalse(Inbox.outage(new NullPointerException()));
        assertTrue(Inbox.outage(new RuntimeException("wrapped", new java.util.concurrent.TimeoutException("Timeout"))),
                "a database that answers too slowly is an outage too");
    }

    @Test
    void aDeadLetterIsRetriedWhileKafkaIsAwayButNotWhenKafkaRefusesItForGood() {
        assertTrue(Inbox.kafkaAway(new org.apache.kafka.common.errors.TimeoutException("no broker")));
        assertTrue(Inbox.kafkaAway(new NotLeaderOrFollowerException("electing")));
        assertFalse(Inbox.kafkaAway(new RecordTooLargeException("too big")));
    }
}
