package org.commonground.reporting.facts;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.reporting.freshness.ReadModel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Contributions and where they stand (recorded, verified, rejected, revoked), from the contributions topic. */
@ApplicationScoped
public class ContributionFacts {

    private static final String UPSERT = "INSERT INTO contribution_fact (id, member_id, partnership_id, initiative_id, type, hours,"
            + " impact, occurred_on, status, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (id) DO UPDATE SET"
            + " type = COALESCE(excluded.type, contribution_fact.type), hours = COALESCE(excluded.hours, contribution_fact.hours),"
            + " impact = COALESCE(excluded.impact, contribution_fact.impact),"
            + " occurred_on = COALESCE(excluded.occurred_on, contribution_fact.occurred_on),"
            // a later state wins; a revocation is final
            + " status = CASE WHEN contribution_fact.status = 'REVOKED' THEN 'REVOKED'"
            + "   WHEN excluded.changed_at >= contribution_fact.changed_at OR excluded.status = 'REVOKED' THEN excluded.status"
            + "   ELSE contribution_fact.status END,"
            + " changed_at = GREATEST(contribution_fact.changed_at, excluded.changed_at)";

    private final Inbox inbox;

    ContributionFacts(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("contributions")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    public Uni<Void> apply(CloudEvent event) {
        JsonNode d = event.data();
        String status = switch (EventType.of(event.type()).orElse(EventType.CONTRIBUTION_RECORDED)) {
            case CONTRIBUTION_VERIFIED -> "VERIFIED";
            case CONTRIBUTION_REJECTED -> "REJECTED";
            case CONTRIBUTION_REVOKED -> "REVOKED";
            default -> "RECORDED";
        };
        Instant at = d.hasNonNull("at") ? Instant.parse(d.path("at").asText()) : event.time();
        return NativeSql.update(UPSERT, InitiativeFacts.id(d, "contributionId"), InitiativeFacts.id(d, "memberId"),
                        InitiativeFacts.id(d, "partnershipId"), InitiativeFacts.id(d, "initiativeId"),
                        d.hasNonNull("type") ? d.path("type").asText() : null,
                        d.hasNonNull("hours") ? new BigDecimal(d.path("hours").asText()) : null,
                        d.hasNonNull("impact") ? d.path("impact").asText() : null,
                        d.hasNonNull("occurredOn") ? LocalDate.parse(d.path("occurredOn").asText()) : null, status, at)
                .chain(() -> ReadModel.applied("contributions", event.time()));
    }
}
