package org.commonground.initiative.decision;

import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.commonground.initiative.partnership.Stewardship;

/** Writes decisions into the log, in the transaction of the change they record: no change without its entry. */
@ApplicationScoped
public class DecisionLog {

    /** The payload of decision.recorded.v1: the decision without who took it (that stays in this service's log). */
    record DecisionRecorded(UUID decisionId, UUID partnershipId, UUID initiativeId, Decision.Kind kind, String summary, String rationale,
            Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;

    DecisionLog(SecurityIdentity identity, Outbox outbox) {
        this.identity = identity;
        this.outbox = outbox;
    }

    /** A decision the service takes by itself on published rules (a vote closing at its time): no person is its author. */
    public Uni<Decision> recordByRule(UUID partnershipId, UUID initiativeId, Decision.Kind kind, String summary, String rationale,
            Instant now) {
        return record(partnershipId, initiativeId, kind, summary, rationale, null, now, "commonground", "Commonground, by its published rules");
    }

    public Uni<Decision> record(UUID partnershipId, UUID initiativeId, Decision.Kind kind, String summary, String rationale,
            LocalDate reviewOn, Instant now) {
        return record(partnershipId, initiativeId, kind, summary, rationale, reviewOn, now, identity.getPrincipal().getName(),
                Stewardship.actingName(identity));
    }

    private Uni<Decision> record(UUID partnershipId, UUID initiativeId, Decision.Kind kind, String summary, String rationale,
            LocalDate reviewOn, Instant now, String authorSubject, String authorName) {
        Decision decision = new Decision();
        decision.id = UUID.randomUUID();
        decision.partnershipId = partnershipId;
        decision.initiativeId = initiativeId;
        decision.kind = kind;
        decision.summary = summary.length() > 500 ? summary.substring(0, 497) + "..." : summary;
        decision.rationale = rationale;
        decision.authorSubject = authorSubject;
        decision.authorName = authorName;
        decision.decidedAt = now;
        decision.reviewOn = reviewOn;
        String key = partnershipId.toString();
        return decision.<Decision>persist().call(saved -> outbox.add(EventType.DECISION_RECORDED, key, decision.id.toString(),
                new DecisionRecorded(decision.id, partnershipId, initiativeId, kind, decision.summary, rationale, now)));
    }
}
