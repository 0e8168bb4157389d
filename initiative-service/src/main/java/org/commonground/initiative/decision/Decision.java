package org.commonground.initiative.decision;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One decision of a partnership, with its rationale, who made it and when. Never changed, never deleted. */
@Entity
@Table(name = "decision")
public class Decision extends PanacheEntityBase {

    public enum Kind {
        GUIDELINE_CHANGE, STAGE_TRANSITION, CRITERIA_CHANGE, VOTE_RESULT, BUDGET_CHANGE
    }

    @Id
    public UUID id;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Column(name = "initiative_id", updatable = false)
    public UUID initiativeId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;

    @Column(nullable = false, updatable = false)
    public String summary;

    @Column(nullable = false, updatable = false)
    public String rationale;

    @Column(name = "author_subject", nullable = false, updatable = false)
    public String authorSubject;

    @Column(name = "author_name", nullable = false, updatable = false)
    public String authorName;

    @Column(name = "decided_at", nullable = false, updatable = false)
    public Instant decidedAt;

    @Column(name = "review_on", updatable = false)
    public LocalDate reviewOn;
}
