package org.commonground.benefit.member;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.commonground.platform.events.CloudEvent;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Inbox;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.reactive.Sequentially;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns who members are (to answer their own requests) and, only while they allow public recognition, the name the
 * public ledger may show. Erasure forgets their identity and name; the ledger keeps its pseudonym, which names no one.
 */
@ApplicationScoped
public class MemberEventHandler {

    private final Inbox inbox;

    MemberEventHandler(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("members")
    public Uni<Void> onMembers(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    @Incoming("consents")
    public Uni<Void> onConsents(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    Uni<Void> apply(CloudEvent event) {
        JsonNode data = event.data();
        String type = event.type();
        if (!data.hasNonNull("memberId")) {
            return Uni.createFrom().voidItem();
        }
        UUID memberId = UUID.fromString(data.path("memberId").asText());
        Instant at = Instant.parse(data.path("at").asText());
        if (EventType.MEMBER_JOINED.type().equals(type) && data.hasNonNull("subject")) {
            String subject = data.path("subject").asText();
            // one live member per subject, the one who joined last, whatever order the events arrive in
            return LedgerMembers.pseudonymOf(memberId)
                    .chain(() -> NativeSql.count("SELECT count(*) FROM ledger_member WHERE subject = ?1 AND member_id <> ?2 AND joined_at > ?3",
                            subject, memberId, at))
                    .chain(newer -> newer > 0
                            ? NativeSql.update("UPDATE ledger_member SET joined_at = ?2 WHERE member_id = ?1", memberId, at)
                            : NativeSql.update("UPDATE ledger_member SET subject = NULL WHERE subject = ?1 AND member_id <> ?2", subject, memberId)
                                    .chain(() -> NativeSql.update("UPDATE ledger_member SET subject = ?2, joined_at = ?3"
                                            + " WHERE member_id = ?1 AND erased_at IS NULL", memberId, subject, at)))
                    .replaceWithVoid();
        }
        if (EventType.MEMBER_PUBLIC_PROFILE_PUBLISHED.type().equals(type)) {
            return LedgerMembers.pseudonymOf(memberId).chain(() -> NativeSql.update(
                    "UPDATE ledger_member SET display_name = ?2 WHERE member_id = ?1 AND erased_at IS NULL",
                    memberId, data.path("displayName").asText())).replaceWithVoid();
        }
        boolean recognitionWithdrawn = EventType.CONSENT_WITHDRAWN.type().equals(type)
                && "public-recognition".equals(data.path("purpose").asText()) && data.path("scope").isNull();
        if (EventType.MEMBER_PUBLIC_PROFILE_WITHDRAWN.type().equals(type) || recognitionWithdrawn) {
            return NativeSql.update("UPDATE ledger_member SET display_name = NULL WHERE member_id = ?1", memberId).replaceWithVoid();
        }
        if (EventType.MEMBER_ERASED.type().equals(type)) {
            return Sequentially.each(List.of(
                    "DELETE FROM reward_preference WHERE member_id = ?1",
                    "UPDATE allocation_line SET member_id = NULL WHERE member_id = ?1",
                    "UPDATE ledger_member SET subject = NULL, display_name = NULL, erased_at = now() WHERE member_id = ?1"),
                    sql -> NativeSql.update(sql, memberId));
        }
        return Uni.createFrom().voidItem();
    }
}
