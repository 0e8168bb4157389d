package org.commonground.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.commonground.platform.observability.TraceContext;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a service puts the events of a state change: in its {@code outbox} table, in the <b>same</b> transaction
 * as the change, so that both happen or neither does. The {@link OutboxRelay} publishes them to Kafka after the
 * commit. This is the only way a Commonground service emits a domain event.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "INSERT INTO outbox (id, topic, message_key, type, source, subject, occurred_at, dataschema, payload,"
            + " trace_context) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

    private static final String KEY_LOCK = "SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) AS locked";

    private final ObjectMapper json;
    private final String source;
    private final Clock clock = Clock.systemUTC();

    Outbox(ObjectMapper json, @ConfigProperty(name = "quarkus.application.name") String application) {
        this.json = json;
        this.source = "/commonground/" + application;
    }

    /**
     * Adds an event to the current transaction (call it inside {@code @WithTransaction} or
     * {@code Panache.withTransaction}). The payload must match the type's schema: a mismatch is a bug in the
     * producer, refused here before anything leaves the service.
     *
     * @param key the ordering key: every event of one key is delivered in order (a memberId, an initiativeId)
     * @param subject what the event is about, for routing without reading the payload (often the key)
     */
    public Uni<Void> add(EventType type, String key, String subject, Object data) {
        JsonNode payload = json.valueToTree(data);
        List<String> violations = EventSchemas.violations(type, payload);
        if (!violations.isEmpty()) {
            return Uni.createFrom().failure(new IllegalStateException(
                    "event " + type.type() + " does not match its schema: " + violations));
        }
        // same-key transactions take their seq in commit order: the relay publishes by seq, so a key's events
        // reach Kafka in the order their transactions committed
        return Panache.getSession().chain(session -> session.createNativeQuery(KEY_LOCK, Integer.class)
                        .setParameter(1, type.topic().topicName() + ":" + key).getSingleResult()
                        .replaceWith(session))
                .chain(session -> session.createNativeQuery(INSERT)
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, type.topic().topicName())
                .setParameter(3, key)
                .setParameter(4, type.type())
                .setParameter(5, source)
                .setParameter(6, subject)
                .setParameter(7, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .setParameter(8, type.schemaUri())
                .setParameter(9, payload.toString())
                // the trace of the request or event that made this change: the relay's publication continues it
                .setParameter(10, java.util.Objects.requireNonNullElse(TraceContext.current(), ""))
                .executeUpdate())
                .replaceWithVoid();
    }
}
