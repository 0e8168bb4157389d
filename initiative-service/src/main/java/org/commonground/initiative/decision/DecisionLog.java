package org.commonground.initiative.decision;

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

    private final SecurityIdentity identity;

    DecisionLog(SecurityIdentity identity) {
        this.identity = identity;
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

    private static Uni<Decision> record(UUID partnershipId, UUID initiativeId, Decision.Kind kind, String summary, String rationale,
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
        return decision.persist();
    }
}
