package org.commonground.initiative.contribution;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Work a participant did for an initiative: it counts once a steward who is not them has verified it. */
@Entity
public class Contribution extends PanacheEntityBase {

    public enum Type {
        CONTENT, EVENT_ORGANIZATION, ADVISORY, MENTORING, TRAINING, FACILITATION, RESEARCH, OUTREACH, OTHER
    }

    public enum Impact {
        LOW, MEDIUM, HIGH
    }

    /** RECORDED → VERIFIED or REJECTED; a REJECTED one may be DISPUTED once, then another steward decides; VERIFIED → REVOKED. */
    public enum Status {
        RECORDED, VERIFIED, REJECTED, DISPUTED, REVOKED
    }

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Column(name = "member_id", nullable = false, updatable = false)
    public UUID memberId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Type type;

    @Column(nullable = false, updatable = false)
    public String description;

    @Column(nullable = false, updatable = false)
    public BigDecimal hours;

    @Column(name = "occurred_on", nullable = false, updatable = false)
    public LocalDate occurredOn;

    /** the evidence links, one per line */
    @Column(nullable = false, updatable = false)
    public String evidence;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Enumerated(EnumType.STRING)
    public Impact impact;

    public String note;

    /** who rejected it first: a dispute goes to someone else */
    @Column(name = "rejected_by")
    public String rejectedBy;

    public String reason;

    @Column(nullable = false)
    public boolean disputed;

    @Column(name = "decided_by")
    public String decidedBy;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Version
    public long version;
}
