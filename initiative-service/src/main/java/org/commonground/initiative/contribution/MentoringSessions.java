package org.commonground.initiative.contribution;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.initiative.Initiative;
import org.commonground.initiative.participation.Participation;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.persistence.NativeSql;
import org.jboss.logging.Logger;

/**
 * A mentoring session held in member-service's exchange (mentorship.session-held.v1) becomes the mentor's MENTORING
 * contribution, with the session's id, for the stewards to verify like any other. The rules of a contribution hold:
 * a mentor who does not take part in the initiative (or did not yet on that day), or whose day would hold more than 24 hours, has it recorded and
 * rejected at once with the reason, so that they see why (GET /api/contributions/mine). The mentee is not named.
 */
@ApplicationScoped
public class MentoringSessions {

    private static final Logger LOG = Logger.getLogger(MentoringSessions.class);
    static final String DECIDER = "commonground";

    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    MentoringSessions(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> record(JsonNode data) {
        UUID session = UUID.fromString(data.path("sessionId").asText());
        UUID mentor = UUID.fromString(data.path("mentorMemberId").asText());
        UUID initiativeId = UUID.fromString(data.path("initiativeId").asText());
        LocalDate heldOn = LocalDate.parse(data.path("heldOn").asText());
        BigDecimal hours = new BigDecimal(data.path("hours").asText());
        List<String> skills = new ArrayList<>();
        data.path("skills").forEach(s -> skills.add(s.asText()));
        Instant now = clock.instant();
        return Initiative.<Initiative>findById(initiativeId).chain(initiative -> {
            if (initiative == null) {
                LOG.warnf("mentoring session %s names initiative %s, unknown here: not recorded", session, initiativeId);
                return Uni.createFrom().voidItem();
            }
            // one member's contributions are recorded one at a time (as through the API), so the day's sum stays true
            return NativeSql.rows("SELECT member_id FROM member_link WHERE member_id = ?1 FOR UPDATE", mentor)
                    .chain(() -> Contribution.<Contribution>findById(session))
                    .chain(existing -> existing != null ? Uni.createFrom().voidItem() : Participation.current(initiativeId, mentor)
                            .chain(participation -> ContributionResource.dayTotal(mentor, heldOn).chain(total -> {
                                String refusal = participation == null
                                        ? "You did not take part in this initiative when the session was recorded: join it, then record the session again."
                                        : heldOn.isBefore(LocalDate.ofInstant(participation.joinedAt, java.time.ZoneOffset.UTC))
                                                ? "The session was held before you joined this initiative ("
                                                        + LocalDate.ofInstant(participation.joinedAt, java.time.ZoneOffset.UTC) + ")."
                                        : total.add(hours).compareTo(BigDecimal.valueOf(24)) > 0
                                                ? "With this session your " + heldOn + " would hold " + total.add(hours).stripTrailingZeros().toPlainString()
                                                        + " hours; a day has 24."
                                                : null;
                                Contribution c = new Contribution();
                                c.id = session;
                                c.initiativeId = initiativeId;
                                c.partnershipId = initiative.partnershipId;
                                c.memberId = mentor;
                                c.type = Contribution.Type.MENTORING;
                                c.description = "Mentoring session (" + String.join(", ", skills) + "), recorded in the mentorship exchange.";
                                c.hours = hours;
                                c.occurredOn = heldOn;
                                c.evidence = "mentorship " + data.path("mentorshipId").asText() + ", session " + session;
                                c.status = Contribution.Status.RECORDED;
                                c.recordedAt = now;
                                String key = mentor.toString();
                                Uni<Void> recorded = c.<Contribution>persistAndFlush().chain(saved -> outbox.add(EventType.CONTRIBUTION_RECORDED, key,
                                        session.toString(), new ContributionResource.Recorded(session, mentor, initiativeId, initiative.partnershipId,
                                                c.type.name(), hours, null, heldOn)));
                                if (refusal == null) {
                                    return recorded;
                                }
                                return recorded.chain(() -> {
                                    c.status = Contribution.Status.REJECTED;
                                    c.reason = refusal;
                                    c.rejectedBy = DECIDER;
                                    c.decidedBy = DECIDER;
                                    c.decidedAt = now;
                                    return c.persistAndFlush().chain(() -> outbox.add(EventType.CONTRIBUTION_REJECTED, key, session.toString(),
                                            new ContributionResource.Refused(session, mentor, initiativeId, initiative.partnershipId, refusal, now)));
                                });
                            })));
        });
    }
}
