package org.commonground.initiative.initiative;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A committee member's term as lead of an initiative's co-design committee. Ending it early keeps it in the history. */
@Entity
@Table(name = "committee_lead_term")
public class CommitteeLeadTerm extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Column(name = "member_id", nullable = false, updatable = false)
    public UUID memberId;

    @Column(name = "starts_on", nullable = false, updatable = false)
    public LocalDate startsOn;

    @Column(name = "ends_on", nullable = false, updatable = false)
    public LocalDate endsOn;

    /** the last day served, when the term ended early */
    @Column(name = "ended_on")
    public LocalDate endedOn;

    @Column(name = "ended_reason")
    public String endedReason;

    @Column(name = "assigned_at", nullable = false, updatable = false)
    public Instant assignedAt;

    public LocalDate lastDay() {
        return endedOn != null && endedOn.isBefore(endsOn) ? endedOn : endsOn;
    }

    public boolean cancelled() {
        return lastDay().isBefore(startsOn);
    }

    public boolean serving(LocalDate day) {
        return !cancelled() && !startsOn.isAfter(day) && !lastDay().isBefore(day);
    }
}
