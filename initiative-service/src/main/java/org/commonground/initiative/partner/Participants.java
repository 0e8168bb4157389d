package org.commonground.initiative.partner;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.reactive.Sequentially;
import org.commonground.platform.security.PartnerPseudonyms;

/**
 * How a participant appears to a partner: by name, skills (and contact) only while the member grants
 * partner-profile-sharing (partner-contact for the contact) for that partnership or for every partnership, as the
 * consents topic last said and unless it lapsed; otherwise by a pseudonym of that partner's own. Every identified
 * participant served is written to the member's access log (member.data-read.v1), in the transaction that reads it.
 */
@ApplicationScoped
public class Participants {

    /** A participant as the partner sees them: identified, or a pseudonym. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Who(String participant, boolean identified, String displayName, List<String> skills, String contactEmail) {
    }

    /** The payload of member.data-read.v1. */
    record DataRead(UUID memberId, String readerSubject, List<String> readerRoles, String clientId, String endpoint, List<String> fields,
            Instant at) {
    }

    /**
     * The SQL columns (for a row whose member id is {@code <alias>.member_id}, in the partnership {@code ?2}) that
     * {@link #who} reads: name, skills, contact, whether sharing holds. Join {@code partner_profile pp} on the member.
     */
    public static String columns(String alias) {
        return "pp.display_name, array_to_string(pp.skills, chr(31)), CASE WHEN " + holds(alias, "partner-contact")
                + " THEN pp.contact_email END, (pp.member_id IS NOT NULL AND " + holds(alias, "partner-profile-sharing") + ")";
    }

    private static String holds(String alias, String purpose) {
        return "EXISTS (SELECT 1 FROM consent_state c WHERE c.member_id = " + alias + ".member_id AND c.purpose = '" + purpose + "'"
                + " AND c.scope_key IN ('', ?2) AND c.granted AND (c.expires_at IS NULL OR c.expires_at > now()))";
    }

    private final PartnerPseudonyms pseudonyms;
    private final PartnerAccess access;
    private final Outbox outbox;

    Participants(PartnerPseudonyms pseudonyms, PartnerAccess access, Outbox outbox) {
        this.pseudonyms = pseudonyms;
        this.access = access;
        this.outbox = outbox;
    }

    /** The participant of a row, to the calling partner: {@code row[at..at+3]} are the {@link #columns} of {@code member}. */
    Who who(UUID member, Object[] row, int at) {
        return who(access.organization(), member, row, at);
    }

    /** The participant of a row, to an organization. */
    public Who who(String organization, UUID member, Object[] row, int at) {
        if (!Boolean.TRUE.equals(row[at + 3])) {
            return new Who(pseudonyms.of(organization, member), false, null, null, null);
        }
        String skills = (String) row[at + 1];
        return new Who(member.toString(), true, (String) row[at], skills == null || skills.isEmpty() ? List.of()
                : Arrays.asList(skills.split("\u001f")), (String) row[at + 2]);
    }

    /**
     * Logs, for each identified participant served (once per call), what of theirs the caller read ({@code fields}, and
     * their contact when it was served) and where.
     */
    Uni<Void> logReads(List<Who> served, List<String> read, String endpoint, Instant now) {
        return logReads(served, read, endpoint, now, access.subject(), access.client());
    }

    /** Logs reads made by a partner's client when the partner is not the caller (a webhook delivered to it). */
    public Uni<Void> logReads(List<Who> served, List<String> read, String endpoint, Instant now, String subject, String client) {
        Map<String, Who> identified = new LinkedHashMap<>();
        served.stream().filter(Who::identified).forEach(who -> identified.merge(who.participant(), who,
                (a, b) -> a.contactEmail() != null ? a : b));
        return Sequentially.each(List.copyOf(identified.values()), who -> {
            List<String> fields = new ArrayList<>(read);
            if (who.contactEmail() != null) {
                fields.add("contactEmail");
            }
            return outbox.add(EventType.MEMBER_DATA_READ, who.participant(), who.participant(), new DataRead(UUID.fromString(who.participant()),
                    subject, List.of("partner"), client, endpoint, fields, now));
        });
    }
}
