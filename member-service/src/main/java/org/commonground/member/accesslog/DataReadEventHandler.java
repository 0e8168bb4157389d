package org.commonground.member.accesslog;

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
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads of a member's personal data made through another service (a partner reading a participant's name in
 * initiative-service) join the member's access log, once each, with the event's id as the entry's. An erased member
 * has no log to join.
 */
@ApplicationScoped
public class DataReadEventHandler {

    private final Inbox inbox;

    DataReadEventHandler(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("data-access")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        if (!EventType.MEMBER_DATA_READ.type().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        JsonNode d = event.data();
        return NativeSql.update("INSERT INTO access_log (id, member_id, reader_subject, reader_roles, client_id, endpoint, fields, read_at)"
                        + " SELECT ?1, m.id, ?3, string_to_array(?4, ','), ?5, ?6, string_to_array(?7, ','), ?8 FROM member m"
                        + " WHERE m.id = ?2 AND m.erased_at IS NULL ON CONFLICT (id) DO NOTHING",
                UUID.fromString(event.id()), UUID.fromString(d.path("memberId").asText()), d.path("readerSubject").asText(),
                String.join(",", texts(d.path("readerRoles"))), d.hasNonNull("clientId") ? d.path("clientId").asText() : null,
                d.path("endpoint").asText(), String.join(",", texts(d.path("fields"))), Instant.parse(d.path("at").asText()))
                .replaceWithVoid();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
