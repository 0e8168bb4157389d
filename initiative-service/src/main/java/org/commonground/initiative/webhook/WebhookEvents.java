package org.commonground.initiative.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.partner.Participants;
import org.commonground.initiative.showcase.Showcases;
import org.commonground.platform.events.EventType;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.security.PartnerPseudonyms;

/**
 * The events a partner may subscribe to, and how each is told to it: as a Standard Webhooks payload
 * ({@code type}, {@code timestamp}, {@code data}) carrying only what that partner may see, decided when it is sent: a
 * member in a verified contribution is named only while they share their profile with the partnership (the read is
 * logged to them), and is otherwise the partner's pseudonym for them; a share of a pool is always by pseudonym; a
 * showcase carries its title and its authors' names only while it is public, and never a member's id.
 */
@ApplicationScoped
public class WebhookEvents {

    static final List<String> TYPES = List.of(EventType.INITIATIVE_STAGE_CHANGED.type(), EventType.CONTRIBUTION_VERIFIED.type(),
            EventType.ALLOCATION_PUBLISHED.type(), EventType.ESCALATION_OPENED.type(), EventType.ESCALATION_RESOLVED.type(),
            EventType.SHOWCASE_PUBLISHED.type(), EventType.SHOWCASE_UNPUBLISHED.type());
    static final String TYPES_TEXT = "initiative.stage-changed.v1, contribution.verified.v1, allocation.published.v1, "
            + "escalation.opened.v1, escalation.resolved.v1, showcase.published.v1, showcase.unpublished.v1";

    /** A payload ready to send, and the named members it reveals (to log, once it is sent). */
    record Rendered(String body, List<Participants.Who> named) {
    }

    private final ObjectMapper json;
    private final Participants participants;
    private final PartnerPseudonyms pseudonyms;

    WebhookEvents(ObjectMapper json, Participants participants, PartnerPseudonyms pseudonyms) {
        this.json = json;
        this.participants = participants;
        this.pseudonyms = pseudonyms;
    }

    /** What orders an event's deliveries: its initiative, or (for a pool's shares) its partnership. */
    static String orderingKey(JsonNode data) {
        return data.hasNonNull("initiativeId") ? data.path("initiativeId").asText() : data.path("partnershipId").asText();
    }

    /** The body for an organization, as it may see the event now. */
    Uni<Rendered> render(String type, Instant time, String eventData, String organization) {
        ObjectNode data;
        try {
            data = (ObjectNode) json.readTree(eventData);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored event is not JSON", e);
        }
        Uni<List<Participants.Who>> named = Uni.createFrom().item(List.of());
        if (type.equals(EventType.CONTRIBUTION_VERIFIED.type())) {
            UUID member = UUID.fromString(data.path("memberId").asText());
            named = NativeSql.rows("SELECT " + Participants.columns("m") + " FROM (SELECT CAST(?1 AS uuid) AS member_id) m"
                    + " LEFT JOIN partner_profile pp ON pp.member_id = m.member_id", member.toString(), data.path("partnershipId").asText())
                    .map(rows -> {
                        Participants.Who who = participants.who(organization, member, rows.get(0), 0);
                        data.remove("memberId");
                        data.put("participant", who.participant()).put("identified", who.identified());
                        if (who.identified()) {
                            data.put("displayName", who.displayName());
                        }
                        return who.identified() ? List.of(who) : List.of();
                    });
        } else if (type.equals(EventType.SHOWCASE_PUBLISHED.type())) {
            // as public as the showcase is when this is sent, under the names it has then: withdrawn since, it carries
            // nothing but that; a co-author who took their name off since is not named
            UUID showcase = UUID.fromString(data.path("showcaseId").asText());
            data.remove("authors");
            named = NativeSql.count("SELECT count(*) FROM showcase s WHERE s.id = ?1 AND " + Showcases.isPublic("s"), showcase)
                    .chain(n -> n == 0 ? Uni.createFrom().item(java.util.Map.<UUID, List<Showcases.Author>>of()) : Showcases.authors(List.of(showcase)))
                    .map(authors -> {
                        if (authors.containsKey(showcase)) {
                            com.fasterxml.jackson.databind.node.ArrayNode names = data.putArray("authors");
                            authors.get(showcase).forEach(a -> names.add(a.displayName()));
                            data.put("public", true);
                        } else {
                            data.remove("title");
                            data.put("public", false);
                        }
                        return List.of();
                    });
        } else if (type.equals(EventType.ALLOCATION_PUBLISHED.type())) {
            UUID member = UUID.fromString(data.path("memberId").asText());
            data.remove("memberId");
            data.put("participant", pseudonyms.of(organization, member));
        }
        return named.map(who -> {
            ObjectNode body = json.createObjectNode();
            body.put("type", type);
            body.put("timestamp", time.toString());
            body.set("data", data);
            return new Rendered(body.toString(), who);
        });
    }
}
