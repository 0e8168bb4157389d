package org.commonground.benefit.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.benefit.policy.BenefitPolicy;
import org.commonground.benefit.policy.ContributionType;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Verified and revoked contributions, as initiative-service announces them, written to the ledger. */
@ApplicationScoped
public class ContributionEventHandler {

    private final Inbox inbox;
    private final ContributionCredits credits;

    ContributionEventHandler(Inbox inbox, ContributionCredits credits) {
        this.inbox = inbox;
        this.credits = credits;
    }

    @Incoming("contributions")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        JsonNode data = event.data();
        if (EventType.CONTRIBUTION_VERIFIED.type().equals(event.type())) {
            return credits.verified(new ContributionCredits.Verified(uuid(data, "contributionId"), uuid(data, "memberId"),
                    uuid(data, "initiativeId"), uuid(data, "partnershipId"), ContributionType.valueOf(data.path("type").asText()),
                    new BigDecimal(data.path("hours").asText()), BenefitPolicy.Impact.valueOf(data.path("impact").asText()),
                    LocalDate.parse(data.path("occurredOn").asText()), Instant.parse(data.path("at").asText())));
        }
        if (EventType.CONTRIBUTION_REVOKED.type().equals(event.type())) {
            return credits.revoked(uuid(data, "contributionId"), uuid(data, "memberId"), uuid(data, "partnershipId"),
                    Instant.parse(data.path("at").asText()));
        }
        return Uni.createFrom().voidItem(); // recorded and rejected contributions earn nothing
    }

    private static UUID uuid(JsonNode data, String field) {
        return UUID.fromString(data.path(field).asText());
    }
}
