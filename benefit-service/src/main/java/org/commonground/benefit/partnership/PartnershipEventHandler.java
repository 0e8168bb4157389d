package org.commonground.benefit.partnership;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.reactive.Sequentially;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Learns the partnerships, their partner organization and their stewards from initiative-service. */
@ApplicationScoped
public class PartnershipEventHandler {

    private static final String PUBLISHED = "INSERT INTO partnership (id, name, partner_name, partner_organization, published_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (id) DO UPDATE SET name = excluded.name,"
            + " partner_name = excluded.partner_name, partner_organization = excluded.partner_organization,"
            + " published_at = excluded.published_at WHERE partnership.published_at <= excluded.published_at";

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
        if (EventType.PARTNERSHIP_PUBLISHED.type().equals(event.type())) {
            return NativeSql.update(PUBLISHED, UUID.fromString(data.path("partnershipId").asText()), data.path("name").asText(),
                    data.path("partnerName").asText(), data.hasNonNull("partnerOrganization") ? data.path("partnerOrganization").asText() : null,
                    Instant.parse(data.path("at").asText())).replaceWithVoid();
        }
        if (EventType.PARTNERSHIP_STEWARDS_CHANGED.type().equals(event.type())) {
            // the event carries the whole set: what it names replaces what was known (events of a partnership are ordered)
            UUID partnershipId = UUID.fromString(data.path("partnershipId").asText());
            List<String> stewards = new ArrayList<>();
            data.path("stewards").forEach(s -> stewards.add(s.asText()));
            return NativeSql.update("DELETE FROM partnership_steward WHERE partnership_id = ?1", partnershipId)
                    .chain(() -> Sequentially.each(stewards, subject -> NativeSql.update(
                            "INSERT INTO partnership_steward (partnership_id, subject) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                            partnershipId, subject)));
        }
        return Uni.createFrom().voidItem();
    }
}
