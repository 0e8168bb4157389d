package org.commonground.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.commonground.platform.observability.TraceContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * How a service applies events, exactly once: it reads the CloudEvent of each record, checks it against its schema,
 * and in one transaction records the event id in {@code processed_event} and applies the handler; a redelivered or
 * duplicated event finds its id recorded and changes nothing. A batch of records is applied in one transaction
 * (one commit for many events); if that fails, its events are applied one by one. The consumer's offsets are
 * committed only after this completes (the connector acknowledges the records then).
 * <p>
 * A record that is not a valid event goes to {@code <topic>.dlq} at once. An event whose handler keeps failing goes
 * there after a few attempts, with the reason; the consumer goes on with the next. An outage of the database or of
 * Kafka is not the event's fault: it is waited out (with back-off), never dead-lettered.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final int ATTEMPTS = 3;
    private static final String RECORD = "INSERT INTO processed_event (source, event_id, type, topic, partition_no, record_offset, event_time,"
            + " consumer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING";

    /** The service's main consumer of each topic. */
    public static final String MAIN = "";

    private final ObjectMapper json;
    private final DeadLetters deadLetters;
    private final Tracer tracer;

    Inbox(ObjectMapper json, DeadLetters deadLetters, Tracer tracer) {
        this.json = json;
        this.deadLetters = deadLetters;
        this.tracer = tracer;
    }

    /** A record that can never be applied: not a CloudEvent, an unknown type, or data that breaks its schema. */
    public static class PoisonEvent extends RuntimeException {
        public PoisonEvent(String reason) {
            super(reason, null, false, false);
        }
    }

    private record Received(ConsumerRecord<String, String> record, CloudEvent event) {
    }

    /** Applies a batch of records (a channel with {@code batch=true}), each event once. */
    public Uni<Void> accept(ConsumerRecords<String, String> records, Function<CloudEvent, Uni<Void>> handler) {
        return accept(MAIN, records, handler);
    }

    /**
     * Applies a batch of records for one of several consumers of a topic in this service (each with its own channel and
     * consumer group): each consumer applies each event once, whatever the others did.
     */
    public Uni<Void> accept(String consumer, ConsumerRecords<String, String> records, Function<CloudEvent, Uni<Void>> handler) {
        List<ConsumerRecord<String, String>> list = new ArrayList<>(records.count());
        records.forEach(list::add);
        return acceptAll(consumer, list, handler);
    }

    /** Applies one record, its event once. */
    public Uni<Void> accept(ConsumerRecord<String, String> record, Function<CloudEvent, Uni<Void>> handler) {
        return acceptAll(MAIN, List.of(record), handler);
    }

    private Uni<Void> acceptAll(String consumer, List<ConsumerRecord<String, String>> records, Function<CloudEvent, Uni<Void>> handler) {
        // the database work must run on this Vert.x context; a dead-letter send completes on Kafka's own thread
        Context context = Vertx.currentContext();
        Executor here = context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
        List<Received> events = new ArrayList<>();
        List<Uni<Void>> poison = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(new Received(record, read(record)));
            } catch (PoisonEvent e) {
                LOG.warnf("record %s-%d@%d is not a valid event (%s): to %s.dlq", record.topic(), record.partition(),
                        record.offset(), e.getMessage(), record.topic());
                poison.add(untilDone(deadLetters.send(record, "invalid event: " + e.getMessage(), null), here));
            }
        }
        Uni<Void> deadLettered = poison.isEmpty() ? Uni.createFrom().voidItem()
                : Multi.createFrom().iterable(poison).onItem().transformToUniAndConcatenate(u -> u).collect().last().replaceWithVoid();
        if (events.isEmpty()) {
            return deadLettered;
        }
        return deadLettered.chain(() -> Panache.withTransaction(() -> applyInOrder(consumer, events, handler))
                .onFailure().recoverWithUni(failure -> {
                    LOG.debugf(failure, "a batch of %d events failed together; applying them one by one", events.size());
                    return Multi.createFrom().iterable(events)
                            .onItem().transformToUniAndConcatenate(received -> alone(consumer, received, handler, here))
                            .collect().last().replaceWithVoid();
                }));
    }

    private Uni<Void> applyInOrder(String consumer, List<Received> events, Function<CloudEvent, Uni<Void>> handler) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Received received : events) {
            chain = chain.chain(() -> applyOnce(consumer, received, handler));
        }
        return chain;
    }

    /** One event in its own transaction: waits out outages, retries a failing handler, then dead-letters it. */
    private Uni<Void> alone(String consumer, Received received, Function<CloudEvent, Uni<Void>> handler, Executor here) {
        CloudEvent event = received.event();
        // every attempt (and every retry, which Mutiny resubscribes from a timer thread) runs on the consumer's
        // Vert.x context, where Hibernate Reactive can work
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> applyOnce(consumer, received, handler)))
                .runSubscriptionOn(here)
                .onFailure(Inbox::outage).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).indefinitely()
                .onFailure().retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(ATTEMPTS - 1)
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf(failure, "event %s (%s) failed %d times: to %s.dlq", event.id(), event.type(), ATTEMPTS,
                            received.record().topic());
                    return untilDone(deadLetters.send(received.record(), "handler failed " + ATTEMPTS + " times", failure), here);
                });
    }

    private Uni<Void> applyOnce(String consumer, Received received, Function<CloudEvent, Uni<Void>> handler) {
        CloudEvent event = received.event();
        ConsumerRecord<String, String> record = received.record();
        // a child of the publication (the traceparent the relay put in the record's headers), current while the
        // handler runs: what the handler writes to the outbox continues the same trace
        Span span = tracer.spanBuilder(record.topic() + " process").setSpanKind(SpanKind.CONSUMER)
                .setParent(TraceContext.parent(record.headers()))
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.destination.name", record.topic())
                .setAttribute("messaging.destination.partition.id", Integer.toString(record.partition()))
                .setAttribute("messaging.kafka.offset", record.offset())
                .setAttribute("messaging.message.id", event.id())
                .setAttribute("cloudevents.event_type", event.type())
                .setAttribute("commonground.consumer", consumer.isEmpty() ? "main" : consumer)
                .startSpan();
        Scope scope = span.makeCurrent();
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(RECORD)
                        .setParameter(1, event.source())
                        .setParameter(2, event.id())
                        .setParameter(3, event.type())
                        .setParameter(4, record.topic())
                        .setParameter(5, record.partition())
                        .setParameter(6, record.offset())
                        .setParameter(7, OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC))
                        .setParameter(8, consumer)
                        .executeUpdate())
                .chain(inserted -> {
                    span.setAttribute("commonground.already_applied", inserted != 1);
                    return inserted == 1 ? handler.apply(event) : alreadyApplied(event);
                })
                .onTermination().invoke((done, failure, cancelled) -> {
                    if (failure != null) {
                        span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                    }
                    span.end();
                    scope.close();
                });
    }

    /**
     * Retries a dead-letter send while Kafka is away, then carries on on the consumer's context. A record Kafka
     * refuses for good (too large with the added headers, say) is logged with its coordinates and passed over,
     * rather than stopping the partition forever.
     */
    private static Uni<Void> untilDone(Uni<Void> send, Executor here) {
        return send.onFailure(Inbox::kafkaAway).retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).indefinitely()
                .onFailure().recoverWithItem(failure -> {
                    LOG.errorf(failure, "Kafka refused a dead letter for good: the record is logged here and passed over");
                    return null;
                })
                .emitOn(here);
    }

    static boolean kafkaAway(Throwable failure) {
        return failure instanceof org.apache.kafka.common.errors.RetriableException
                || failure instanceof org.apache.kafka.common.errors.TimeoutException
                || failure instanceof java.util.concurrent.TimeoutException;
    }

    /** The database or the network is away: the event is not at fault. */
    static boolean outage(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
            if (cause instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P") || pg.getSqlState().equals("53300"))) {
                return true;
            }
            String message = String.valueOf(cause.getMessage()).toLowerCase();
            if (message.contains("connection refused") || message.contains("connection is closed")
                    || message.contains("connection reset") || message.contains("closed connection")
                    || message.contains("timeout") || message.contains("timed out")
                    || cause.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private Uni<Void> alreadyApplied(CloudEvent event) {
        LOG.debugf("event %s from %s was applied before: skipped", event.id(), event.source());
        return Uni.createFrom().voidItem();
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
