package org.commonground.initiative.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.initiative.showcase.Showcases;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Keeps what each member allowed, per purpose and partnership, as member-service announces it: a withdrawal takes
 * effect here the moment it arrives (a withdrawal of impact-stories unpublishes the member's showcases in the same
 * transaction). A newer decision that arrived first is never overwritten by an older one.
 */
@ApplicationScoped
public class ConsentEventHandler {

    private static final String UPSERT = "INSERT INTO consent_state (member_id, purpose, scope_key, granted, changed_at, expires_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (member_id, purpose, scope_key) DO UPDATE"
            + " SET granted = excluded.granted, changed_at = excluded.changed_at, expires_at = excluded.expires_at"
            + " WHERE consent_state.changed_at <= excluded.changed_at";

    private final Inbox inbox;
    private final Showcases showcases;

    ConsentEventHandler(Inbox inbox, Showcases showcases) {
        this.inbox = inbox;
        this.showcases = showcases;
    }

    @Incoming("consents")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        boolean granted = EventType.CONSENT_GRANTED.type().equals(event.type());
        if (!granted && !EventType.CONSENT_WITHDRAWN.type().equals(event.type())) {
            return Uni.createFrom().voidItem(); // reminders change no decision
        }
        JsonNode data = event.data();
        JsonNode scope = data.path("scope");
        UUID member = UUID.fromString(data.path("memberId").asText());
        return Panache.getSession().chain(s -> s.createNativeQuery(UPSERT)
                .setParameter(1, member)
                .setParameter(2, data.path("purpose").asText())
                .setParameter(3, scope.isNull() || scope.isMissingNode() ? "" : scope.asText())
                .setParameter(4, granted)
                .setParameter(5, OffsetDateTime.ofInstant(Instant.parse(data.path("at").asText()), ZoneOffset.UTC))
                .setParameter(6, granted && data.hasNonNull("expiresAt")
                        ? OffsetDateTime.ofInstant(Instant.parse(data.path("expiresAt").asText()), ZoneOffset.UTC) : null)
                .executeUpdate())
                // their showcases follow at once: hidden (and announced) when they withdraw impact-stories
                .chain(() -> "impact-stories".equals(data.path("purpose").asText()) ? showcases.refreshFor(member)
                        : Uni.createFrom().voidItem());
    }
}
