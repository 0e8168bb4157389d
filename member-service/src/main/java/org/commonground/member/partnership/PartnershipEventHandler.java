package org.commonground.member.partnership;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns the published partnerships (a consent may be limited to one) and the initiatives proposed in them (a mentoring
 * session is recorded in one) from the initiatives topic; every other initiative event is none of its business.
 */
@ApplicationScoped
public class PartnershipEventHandler {

    private static final String UPSERT = "INSERT INTO known_partnership (id, name, partner_name, published_at)"
            + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
            + " partner_name = excluded.partner_name, published_at = excluded.published_at"
            + " WHERE known_partnership.published_at <= excluded.published_at";

    private final Inbox inbox;

    PartnershipEventHandler(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("initiatives")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        JsonNode data = event.data();
        if (EventType.INITIATIVE_PROPOSED.type().equals(event.type())) {
            // the initiatives a mentoring session may be recorded in
            return org.commonground.platform.persistence.NativeSql.update("INSERT INTO known_initiative (id, partnership_id, title, proposed_at)"
                    + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (id) DO UPDATE SET title = excluded.title", UUID.fromString(data.path("initiativeId").asText()),
                    UUID.fromString(data.path("partnershipId").asText()), data.path("title").asText(), Instant.parse(data.path("at").asText()))
                    .replaceWithVoid();
        }
        if (!EventType.PARTNERSHIP_PUBLISHED.type().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(UPSERT)
                .setParameter(1, UUID.fromString(data.path("partnershipId").asText()))
                .setParameter(2, data.path("name").asText())
                .setParameter(3, data.path("partnerName").asText())
                .setParameter(4, OffsetDateTime.ofInstant(Instant.parse(data.path("at").asText()), ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }
}
