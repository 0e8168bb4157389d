package org.commonground.initiative.webhook;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.Inbox;
import org.commonground.platform.persistence.NativeSql;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Turns the events partners may subscribe to into deliveries, one per endpoint that wants the event: of its type, of
 * one of the organization's partnerships it covers, registered before the event happened. A consumer of its own
 * (consumer group initiative-service-webhooks) on the initiatives, contributions and benefits topics, through the
 * idempotent inbox: an event is queued once per endpoint however often it arrives.
 */
@ApplicationScoped
public class WebhookFanOut {

    static final String CONSUMER = "webhooks";

    private static final String QUEUE = "INSERT INTO webhook_delivery (id, endpoint_id, webhook_id, event_id, event_type, ordering_key,"
            + " event_time, event_data, status, next_attempt_at, created_at)"
            + " SELECT gen_random_uuid(), e.id, 'msg_' || replace(gen_random_uuid()::text, '-', ''), ?3, ?2, ?4, ?5, ?6, 'PENDING', ?7, ?7"
            + " FROM webhook_endpoint e JOIN partnership p ON p.partner_organization = e.organization"
            + " WHERE p.id = ?1 AND e.status = 'ACTIVE' AND ?2 = ANY (e.event_types)"
            + " AND (e.partnership_ids IS NULL OR ?1 = ANY (e.partnership_ids)) AND e.created_at <= ?5"
            + " ON CONFLICT (endpoint_id, event_id) DO NOTHING";

    private final Inbox inbox;
    private final Clock clock = Clock.systemUTC();

    WebhookFanOut(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("webhook-initiatives")
    public Uni<Void> initiatives(ConsumerRecords<String, String> records) {
        return inbox.accept(CONSUMER, records, this::apply);
    }

    @Incoming("webhook-contributions")
    public Uni<Void> contributions(ConsumerRecords<String, String> records) {
        return inbox.accept(CONSUMER, records, this::apply);
    }

    @Incoming("webhook-benefits")
    public Uni<Void> benefits(ConsumerRecords<String, String> records) {
        return inbox.accept(CONSUMER, records, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        if (!WebhookEvents.TYPES.contains(event.type()) || !event.data().hasNonNull("partnershipId")) {
            return Uni.createFrom().voidItem();
        }
        return NativeSql.update(QUEUE, UUID.fromString(event.data().path("partnershipId").asText()), event.type(), event.id(),
                WebhookEvents.orderingKey(event.data()), event.time(), event.data().toString(), clock.instant()).replaceWithVoid();
    }
}
