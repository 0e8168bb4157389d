package org.commonground.reporting.facts;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.reporting.freshness.ReadModel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Published allocations (and held shares released), from the benefits topic. */
@ApplicationScoped
public class BenefitFacts {

    private final Inbox inbox;

    BenefitFacts(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("benefits")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    public Uni<Void> apply(CloudEvent event) {
        JsonNode d = event.data();
        Uni<Integer> effect;
        if (EventType.ALLOCATION_PUBLISHED.type().equals(event.type())) {
            effect = NativeSql.update("INSERT INTO allocation_fact (pool_id, member_id, partnership_id, points, amount, currency, format,"
                            + " held, policy_version, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT DO NOTHING",
                    InitiativeFacts.id(d, "poolId"), InitiativeFacts.id(d, "memberId"), InitiativeFacts.id(d, "partnershipId"),
                    new BigDecimal(d.path("points").asText()), new BigDecimal(d.path("amount").asText()), d.path("currency").asText(),
                    d.path("format").asText(), d.path("held").asBoolean(false), d.path("policyVersion").asInt(),
                    Instant.parse(d.path("at").asText()));
        } else if (EventType.ALLOCATION_RELEASED.type().equals(event.type())) {
            effect = NativeSql.update("UPDATE allocation_fact SET held = false WHERE pool_id = ?1 AND member_id = ?2",
                    InitiativeFacts.id(d, "poolId"), InitiativeFacts.id(d, "memberId"));
        } else {
            effect = Uni.createFrom().item(0);
        }
        return effect.chain(() -> ReadModel.applied("benefits", event.time()));
    }
}
