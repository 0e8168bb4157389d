package org.commonground.reporting.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import io.quarkus.hibernate.reactive.panache.Panache;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.commonground.reporting.freshness.ReadModel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the consent tally from consent.granted.v1 and consent.withdrawn.v1, through the idempotent inbox. */
@ApplicationScoped
public class ConsentEventHandler {

    private static final String UPSERT = "INSERT INTO consent_state (member_id, purpose, scope_key, granted, changed_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (member_id, purpose, scope_key) DO UPDATE"
            + " SET granted = excluded.granted, changed_at = excluded.changed_at"
            + " WHERE consent_state.changed_at <= excluded.changed_at";

    private final Inbox inbox;

    ConsentEventHandler(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("consents")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    public Uni<Void> apply(CloudEvent event) {
        boolean granted = EventType.CONSENT_GRANTED.type().equals(event.type());
        if (!granted && !EventType.CONSENT_WITHDRAWN.type().equals(event.type())) {
            return Uni.createFrom().voidItem(); // a reminder (consent.expiring.v1) changes no decision
        }
        JsonNode data = event.data();
        JsonNode scope = data.path("scope");
        UUID memberId = UUID.fromString(data.path("memberId").asText());
        String scopeKey = scope.isNull() || scope.isMissingNode() ? "" : scope.asText();
        Instant at = Instant.parse(data.path("at").asText());
        // one statement: insert, or overwrite an older decision (a newer one that arrived first wins)
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                        .setParameter(1, memberId)
                        .setParameter(2, data.path("purpose").asText())
                        .setParameter(3, scopeKey)
                        .setParameter(4, granted)
                        .setParameter(5, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                        .executeUpdate())
                // withdrawing public recognition takes the member's name out of every view at once
                .call(() -> !granted && "public-recognition".equals(data.path("purpose").asText()) && scopeKey.isEmpty()
                        ? org.commonground.reporting.facts.MemberFacts.forgetName(memberId, at) : Uni.createFrom().voidItem())
                .chain(() -> ReadModel.applied("consents", event.time()));
    }
}
