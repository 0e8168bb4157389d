package org.commonground.initiative.escalation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A conflict or concern a participant raised: the stewards must acknowledge it, then resolve it, each in time. */
@Entity
public class Escalation extends PanacheEntityBase {

    public enum Kind {
        CONFLICT, CONCERN
    }

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Column(name = "raised_by", nullable = false, updatable = false)
    public UUID raisedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Kind kind;

    @Column(nullable = false, updatable = false)
    public String summary;

    @Column(nullable = false, updatable = false)
    public String description;

    @Column(name = "opened_at", nullable = false, updatable = false)
    public Instant openedAt;

    @Column(name = "acknowledge_by", nullable = false, updatable = false)
    public Instant acknowledgeBy;

    @Column(name = "resolve_by", nullable = false, updatable = false)
    public Instant resolveBy;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    public String resolution;

    /** when it was found overdue and escalated to the partnership's stewards */
    @Column(name = "overdue_since")
    public Instant overdueSince;

    @Version
    public long version;

    /** Whether a deadline has passed without its step being taken. */
    public boolean overdue(Instant now) {
        return (acknowledgedAt == null && now.isAfter(acknowledgeBy)) || (resolvedAt == null && now.isAfter(resolveBy));
    }
}
