package org.commonground.reporting.facts;

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
import org.commonground.reporting.freshness.ReadModel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Members as reporting counts them: when they joined, their affinity groups, and a public name only while they allow
 * public recognition. Erasure removes the name and the groups; the member still counts in totals, never by name.
 */
@ApplicationScoped
public class MemberFacts {

    private final Inbox inbox;

    MemberFacts(Inbox inbox) {
        this.inbox = inbox;
    }

    @Incoming("members")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    public Uni<Void> apply(CloudEvent event) {
        JsonNode data = event.data();
        if (!data.hasNonNull("memberId")) {
            return ReadModel.applied("members", event.time());
        }
        UUID member = UUID.fromString(data.path("memberId").asText());
        Instant at = Instant.parse(data.path("at").asText());
        String type = event.type();
        Uni<Void> effect;
        if (EventType.MEMBER_JOINED.type().equals(type) || EventType.MEMBER_GROUPS_CHANGED.type().equals(type)) {
            List<UUID> groups = new ArrayList<>();
            data.path("groupIds").forEach(g -> groups.add(UUID.fromString(g.asText())));
            boolean joined = EventType.MEMBER_JOINED.type().equals(type);
            effect = NativeSql.update("INSERT INTO member_fact (member_id, joined_at) VALUES (?1, ?2) ON CONFLICT (member_id) DO UPDATE"
                            + " SET joined_at = COALESCE(member_fact.joined_at, excluded.joined_at)", member, joined ? at : null)
                    .chain(() -> NativeSql.update("DELETE FROM member_group WHERE member_id = ?1", member))
                    .chain(() -> Sequentially.each(groups, g -> NativeSql.update(
                            "INSERT INTO member_group (member_id, group_id) SELECT ?1, ?2 WHERE NOT EXISTS"
                                    + " (SELECT 1 FROM member_fact WHERE member_id = ?1 AND erased_at IS NOT NULL) ON CONFLICT DO NOTHING",
                            member, g)));
        } else if (EventType.MEMBER_PUBLIC_PROFILE_PUBLISHED.type().equals(type)) {
            effect = NativeSql.update("INSERT INTO member_fact (member_id, display_name, named_at) VALUES (?1, ?2, ?3) ON CONFLICT (member_id)"
                    + " DO UPDATE SET display_name = excluded.display_name, named_at = excluded.named_at WHERE member_fact.erased_at IS NULL"
                    + " AND (member_fact.named_at IS NULL OR member_fact.named_at <= excluded.named_at)", member,
                    data.path("displayName").asText(), at).replaceWithVoid();
        } else if (EventType.MEMBER_PUBLIC_PROFILE_WITHDRAWN.type().equals(type)) {
            effect = forgetName(member, at);
        } else if (EventType.MEMBER_ERASED.type().equals(type)) {
            effect = NativeSql.update("INSERT INTO member_fact (member_id, erased_at) VALUES (?1, ?2) ON CONFLICT (member_id) DO UPDATE"
                            + " SET display_name = NULL, erased_at = excluded.erased_at", member, at)
                    .chain(() -> NativeSql.update("DELETE FROM member_group WHERE member_id = ?1", member))
                    .chain(() -> RoleFacts.erased(member, at)).replaceWithVoid();
        } else if (EventType.GROUP_ROLE_CHANGED.type().equals(type)) {
            effect = RoleFacts.changed(data, "group-" + data.path("role").asText(), null, at).replaceWithVoid();
        } else {
            effect = Uni.createFrom().voidItem();
        }
        return effect.chain(() -> ReadModel.applied("members", event.time()));
    }

    /** The member's name leaves every view (it is read from here only), unless it was given again after {@code at}. */
    public static Uni<Void> forgetName(UUID member, Instant at) {
        return NativeSql.update("UPDATE member_fact SET display_name = NULL, named_at = ?2 WHERE member_id = ?1"
                + " AND (named_at IS NULL OR named_at <= ?2)", member, at).replaceWithVoid();
    }
}
