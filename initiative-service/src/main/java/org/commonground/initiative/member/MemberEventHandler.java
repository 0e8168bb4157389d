package org.commonground.initiative.member;

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
 * Learns who is a member from the members topic. An erased member is pseudonymized here: the link to their identity
 * goes; what they did (committee seats, proposals, contributions) stays under the bare member id.
 */
@ApplicationScoped
public class MemberEventHandler {

    private static final String JOINED = "INSERT INTO member_link (member_id, subject, joined_at) VALUES (?1, ?2, ?3)"
            + " ON CONFLICT (member_id) DO NOTHING";
    private static final String ERASED = "INSERT INTO member_link (member_id, subject, joined_at, erased_at) VALUES (?1, NULL, ?2, ?2)"
            + " ON CONFLICT (member_id) DO UPDATE SET subject = NULL, erased_at = excluded.erased_at";

    private final Inbox inbox;

    MemberEventHandler(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("members")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        JsonNode data = event.data();
        OffsetDateTime at = OffsetDateTime.ofInstant(Instant.parse(data.path("at").asText()), ZoneOffset.UTC);
        if (EventType.MEMBER_JOINED.type().equals(event.type())) {
            if (!data.hasNonNull("subject")) {
                return Uni.createFrom().voidItem(); // joined before members carried their subject: they are linked when they act
            }
            return Panache.getSession().chain(s -> s.createNativeQuery(JOINED)
                    .setParameter(1, UUID.fromString(data.path("memberId").asText()))
                    .setParameter(2, data.path("subject").asText())
                    .setParameter(3, at).executeUpdate())
                    .replaceWithVoid();
        }
        if (EventType.MEMBER_ERASED.type().equals(event.type())) {
            return Panache.getSession().chain(s -> s.createNativeQuery(ERASED)
                    .setParameter(1, UUID.fromString(data.path("memberId").asText()))
                    .setParameter(2, at).executeUpdate())
                    .replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
