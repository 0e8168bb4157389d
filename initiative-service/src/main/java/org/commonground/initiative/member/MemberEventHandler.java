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
import org.commonground.platform.events.Outbox;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.initiative.contribution.MentoringSessions;
import org.commonground.initiative.showcase.Showcases;
import org.commonground.platform.reactive.Sequentially;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Learns who is a member from the members topic. An erased member is pseudonymized here: the link to their identity
 * goes; what they did (committee seats, proposals, contributions) stays under the bare member id.
 */
@ApplicationScoped
public class MemberEventHandler {

    private static final String JOINED = "INSERT INTO member_link (member_id, subject, joined_at) VALUES (?1, ?2, ?3)"
            + " ON CONFLICT (member_id) DO UPDATE SET subject = excluded.subject WHERE member_link.erased_at IS NULL";
    private static final String ERASED = "INSERT INTO member_link (member_id, subject, joined_at, erased_at) VALUES (?1, NULL, ?2, ?2)"
            + " ON CONFLICT (member_id) DO UPDATE SET subject = NULL, erased_at = excluded.erased_at";

    /** Where an erased member's identity (their subject) is written here; each is replaced by a mark of erasure. */
    private static final String[] FORGET = {
            "UPDATE guideline_comment SET author_subject = 'erased' WHERE author_subject = ?1",
            "UPDATE disclosure SET discloser_subject = 'erased', discloser_name = 'an erased member' WHERE discloser_subject = ?1",
            "UPDATE contribution SET decided_by = 'erased' WHERE decided_by = ?1",
            "UPDATE contribution SET rejected_by = 'erased' WHERE rejected_by = ?1",
            "UPDATE budget_actual SET recorded_by = 'erased' WHERE recorded_by = ?1",
            "UPDATE quality_rating SET rated_by = 'erased' WHERE rated_by = ?1",
            "UPDATE vote SET opened_by = 'erased' WHERE opened_by = ?1",
            "UPDATE partnership SET created_by = 'erased' WHERE created_by = ?1",
            "DELETE FROM partnership_steward WHERE subject = ?1",
            "DELETE FROM idempotent_request WHERE subject = ?1" };

    private final Inbox inbox;
    private final Outbox outbox;
    private final Showcases showcases;
    private final MentoringSessions mentoringSessions;

    MemberEventHandler(Inbox inbox, Outbox outbox, Showcases showcases, MentoringSessions mentoringSessions) {
        this.inbox = inbox;
        this.outbox = outbox;
        this.showcases = showcases;
        this.mentoringSessions = mentoringSessions;
    }

    /**
     * An erased member's showcases lose what they wrote and are taken down (announced); where they were a co-author,
     * their name comes off (announced again if the showcase stays public).
     */
    private Uni<Void> eraseShowcases(UUID member) {
        return NativeSql.ids("DELETE FROM showcase_coauthor WHERE member_id = ?1 RETURNING showcase_id", member)
                .chain(coAuthored -> Sequentially.each(coAuthored, id -> showcases.refresh(id, true)))
                .chain(() -> NativeSql.update("UPDATE showcase SET withdrawn_at = COALESCE(withdrawn_at, now()), author_name = 'an erased member',"
                        + " title = 'Erased', story = '', links = '{}' WHERE author_member = ?1", member))
                .chain(() -> showcases.refreshFor(member));
    }

    @Incoming("members")
    public Uni<Void> on(ConsumerRecords<String, String> records) {
        return inbox.accept(records, this::apply);
    }

    /** Replaces an erased member's identity wherever it is written; the partnerships they stewarded are told who is left. */
    private Uni<Void> forget(String subject, Instant now) {
        return NativeSql.ids("SELECT partnership_id FROM partnership_steward WHERE subject = ?1", subject)
                .call(() -> Sequentially.each(java.util.List.of(FORGET), sql -> NativeSql.update(sql, subject)))
                .chain(stewarded -> Sequentially.each(stewarded, id -> Stewardship.announce(outbox, id, now)));
    }

    Uni<Void> apply(CloudEvent event) {
        JsonNode data = event.data();
        if (EventType.MENTORSHIP_SESSION_HELD.type().equals(event.type())) {
            return mentoringSessions.record(data);
        }
        OffsetDateTime at = OffsetDateTime.ofInstant(Instant.parse(data.path("at").asText()), ZoneOffset.UTC);
        if (EventType.MEMBER_JOINED.type().equals(event.type())) {
            if (!data.hasNonNull("subject")) {
                // joined before member.joined.v1 carried the subject (only in stacks older than that change): such a
                // member is not known here until they join again
                return Uni.createFrom().voidItem();
            }
            UUID memberId = UUID.fromString(data.path("memberId").asText());
            String subject = data.path("subject").asText();
            // one live member per subject, the one who joined last: a person erased and joined again is the newest
            // member, whatever order the events of the two arrive in (they are on different partitions)
            return Panache.getSession().chain(s -> s.createNativeQuery(
                                    "SELECT count(*) FROM member_link WHERE subject = ?1 AND member_id <> ?2 AND joined_at > ?3", Long.class)
                            .setParameter(1, subject).setParameter(2, memberId).setParameter(3, at).getSingleResult()
                            .chain(newer -> newer > 0
                                    ? s.createNativeQuery("INSERT INTO member_link (member_id, subject, joined_at) VALUES (?1, NULL, ?2)"
                                            + " ON CONFLICT (member_id) DO NOTHING").setParameter(1, memberId).setParameter(2, at).executeUpdate()
                                    : s.createNativeQuery("UPDATE member_link SET subject = NULL WHERE subject = ?1 AND member_id <> ?2")
                                            .setParameter(1, subject).setParameter(2, memberId).executeUpdate()
                                            .chain(() -> s.createNativeQuery(JOINED).setParameter(1, memberId).setParameter(2, subject)
                                                    .setParameter(3, at).executeUpdate())))
                    .replaceWithVoid();
        }
        if (EventType.MEMBER_PARTNER_PROFILE_PUBLISHED.type().equals(event.type())) {
            java.util.List<String> skills = new java.util.ArrayList<>();
            data.path("skills").forEach(skill -> skills.add(skill.asText()));
            return NativeSql.update("INSERT INTO partner_profile (member_id, display_name, skills, contact_email, published_at)"
                    + " VALUES (?1, ?2, COALESCE(string_to_array(?3, chr(31)), '{}'), ?4, ?5) ON CONFLICT (member_id) DO UPDATE SET display_name = excluded.display_name,"
                    + " skills = excluded.skills, contact_email = excluded.contact_email, published_at = excluded.published_at"
                    + " WHERE partner_profile.published_at <= excluded.published_at",
                    UUID.fromString(data.path("memberId").asText()), data.path("displayName").asText(),
                    skills.isEmpty() ? null : String.join("\u001f", skills),
                    data.hasNonNull("contactEmail") ? data.path("contactEmail").asText() : null, at).replaceWithVoid();
        }
        if (EventType.MEMBER_PARTNER_PROFILE_WITHDRAWN.type().equals(event.type())) {
            return NativeSql.update("DELETE FROM partner_profile WHERE member_id = ?1 AND published_at <= ?2",
                    UUID.fromString(data.path("memberId").asText()), at).replaceWithVoid();
        }
        if (EventType.MEMBER_ERASED.type().equals(event.type())) {
            UUID memberId = UUID.fromString(data.path("memberId").asText());
            // first what hangs on their identity (their subject), then the link itself
            return MemberLink.<MemberLink>findById(memberId)
                    .chain(link -> link == null || link.subject == null ? Uni.createFrom().voidItem()
                            : forget(link.subject, at.toInstant()))
                    .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery(ERASED)
                            .setParameter(1, memberId).setParameter(2, at).executeUpdate()))
                    .chain(() -> Sequentially.each(java.util.List.of(
                            "DELETE FROM consent_state WHERE member_id = ?1",
                            "DELETE FROM partner_profile WHERE member_id = ?1",
                            "DELETE FROM committee_member WHERE member_id = ?1",
                            "UPDATE participation SET left_at = now() WHERE member_id = ?1 AND left_at IS NULL",
                            "UPDATE committee_lead_term SET ended_on = LEAST(ends_on, current_date - 1), ended_reason = 'erased'"
                                    + " WHERE member_id = ?1 AND ended_on IS NULL AND ends_on >= current_date"),
                            sql -> Panache.getSession().chain(s -> s.createNativeQuery(sql).setParameter(1, memberId).executeUpdate())))
                    .chain(() -> eraseShowcases(memberId));
        }
        return Uni.createFrom().voidItem();
    }
}
