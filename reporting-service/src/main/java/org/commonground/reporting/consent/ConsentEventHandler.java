package org.commonground.reporting.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.commonground.reporting.freshness.ReadModel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Keeps the consent tally from consent.granted.v1 and consent.withdrawn.v1, through the idempotent inbox. */
@ApplicationScoped
public class ConsentEventHandler {

    private final Inbox inbox;

    ConsentEventHandler(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("consents")
    public Uni<Void> on(ConsumerRecord<String, String> record) {
        return inbox.accept(record, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        boolean granted = EventType.CONSENT_GRANTED.type().equals(event.type());
        JsonNode data = event.data();
        JsonNode scope = data.path("scope");
        ConsentState.Key key = new ConsentState.Key(UUID.fromString(data.path("memberId").asText()),
                data.path("purpose").asText(), scope.isNull() || scope.isMissingNode() ? "" : scope.asText());
        Instant at = Instant.parse(data.path("at").asText());
        return ConsentState.<ConsentState>findById(key)
                .chain(state -> {
                    if (state == null) {
                        state = new ConsentState();
                        state.key = key;
                    } else if (state.changedAt.isAfter(at)) {
                        return Uni.createFrom().voidItem(); // a newer decision was applied already
                    }
                    state.granted = granted;
                    state.changedAt = at;
                    return state.persist().replaceWithVoid();
                })
                .call(() -> ReadModel.applied("consents", event.time()));
    }
}
