package org.commonground.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * How a service applies an event, exactly once: it reads the CloudEvent from the record, checks it against its
 * schema, and in one transaction records the event id in {@code processed_event} and applies the handler. A
 * redelivered or duplicated event finds its id recorded and changes nothing. The consumer's offset is committed
 * only after this returns (the connector acknowledges the record then). A record that is not a valid event goes
 * to the dead-letter topic at once; one whose handler keeps failing goes there after a few attempts (the
 * channel's {@code failure-strategy=dead-letter-queue}), with the reason; the consumer goes on with the next.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final int ATTEMPTS = 3;
    private static final String RECORD = "INSERT INTO processed_event (source, event_id, type, topic, partition_no, record_offset, event_time)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";

    private final ObjectMapper json;
    private final MeterRegistry metrics;

    Inbox(ObjectMapper json, MeterRegistry metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    /** A record that can never be applied: not a CloudEvent, an unknown type, or data that breaks its schema. */
    public static class PoisonEvent extends RuntimeException {
        public PoisonEvent(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Applies a record once. The handler runs inside the transaction (use Panache as usual in it) and is not
     * called for an event applied before.
     */
    public Uni<Void> accept(ConsumerRecord<String, String> record, Function<CloudEvent, Uni<Void>> handler) {
        CloudEvent event;
        try {
            event = read(record);
        } catch (PoisonEvent poison) {
            return deadLetter(record, poison);
        }
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD)
                        .setParameter(1, event.source())
                        .setParameter(2, event.id())
                        .setParameter(3, event.type())
                        .setParameter(4, record.topic())
                        .setParameter(5, record.partition())
                        .setParameter(6, record.offset())
                        .setParameter(7, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))
                        .executeUpdate())
                .chain(inserted -> inserted == 1 ? handler.apply(event) : alreadyApplied(event)))
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(ATTEMPTS - 1)
                .onFailure().call(failure -> {
                    count(record, "handler");
                    LOG.errorf(failure, "event %s (%s) failed %d times: to %s.dlq", event.id(), event.type(), ATTEMPTS, record.topic());
                    return Uni.createFrom().voidItem();
                });
    }

    private Uni<Void> alreadyApplied(CloudEvent event) {
        LOG.debugf("event %s from %s was applied before: skipped", event.id(), event.source());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> deadLetter(ConsumerRecord<String, String> record, PoisonEvent poison) {
        count(record, "invalid");
        LOG.warnf("record %s-%d@%d is not a valid event (%s): to %s.dlq", record.topic(), record.partition(),
                record.offset(), poison.getMessage(), record.topic());
        return Uni.createFrom().failure(poison);
    }

    private void count(ConsumerRecord<String, String> record, String reason) {
        metrics.counter("commonground.inbox.dead.lettered", "topic", record.topic(), "reason", reason).increment();
    }

    /** The CloudEvent of a record in binary mode, validated against its type's schema. */
    public CloudEvent read(ConsumerRecord<String, String> record) {
        String specVersion = header(record, CloudEvent.Headers.SPECVERSION);
        if (!CloudEvent.SPEC_VERSION.equals(specVersion)) {
            throw new PoisonEvent("not a CloudEvents 1.0 record (ce_specversion " + specVersion + ")");
        }
        String id = required(record, CloudEvent.Headers.ID);
        String source = required(record, CloudEvent.Headers.SOURCE);
        String typeName = required(record, CloudEvent.Headers.TYPE);
        EventType type = EventType.of(typeName).orElseThrow(() -> new PoisonEvent("unknown event type " + typeName));
        Instant time;
        try {
            time = Instant.parse(required(record, CloudEvent.Headers.TIME));
        } catch (java.time.format.DateTimeParseException e) {
            throw new PoisonEvent("ce_time is not an RFC 3339 instant");
        }
        JsonNode data;
        try {
            data = json.readTree(record.value() == null ? "" : record.value());
        } catch (Exception e) {
            throw new PoisonEvent("the value is not JSON: " + e.getMessage());
        }
        if (data == null || data.isMissingNode()) {
            throw new PoisonEvent("the record has no data");
        }
        List<String> violations = EventSchemas.violations(type, data);
        if (!violations.isEmpty()) {
            throw new PoisonEvent(typeName + " does not match its schema: " + violations);
        }
        return new CloudEvent(id, source, typeName, header(record, CloudEvent.Headers.SUBJECT), time,
                header(record, CloudEvent.Headers.DATASCHEMA), record.key(), data);
    }

    private static String required(ConsumerRecord<String, String> record, String name) {
        String value = header(record, name);
        if (value == null || value.isBlank()) {
            throw new PoisonEvent("the record has no " + name + " header");
        }
        return value;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
