package org.commonground.member.leadership;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A lead's term in a group: from its first to its last day. A term is never deleted; ending it early records the
 * last day served ({@code endedOn}) and why. A term ended before it started was cancelled.
 */
@Entity
@Table(name = "leadership_term")
public class LeadershipTerm extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "group_id", nullable = false, updatable = false)
    public UUID groupId;

    @Column(name = "member_id", nullable = false, updatable = false)
    public UUID memberId;

    @Column(name = "starts_on", nullable = false, updatable = false)
    public LocalDate startsOn;

    @Column(name = "ends_on", nullable = false, updatable = false)
    public LocalDate endsOn;

    @Column(name = "ended_on")
    public LocalDate endedOn;

    @Column(name = "ended_reason")
    public String endedReason;

    @Column(name = "assigned_at", nullable = false, updatable = false)
    public Instant assignedAt;

    /** The last day served or to be served. */
    public LocalDate lastDay() {
        return endedOn != null && endedOn.isBefore(endsOn) ? endedOn : endsOn;
    }

    public boolean cancelled() {
        return lastDay().isBefore(startsOn);
    }

    public boolean serving(LocalDate day) {
        return !cancelled() && !startsOn.isAfter(day) && !lastDay().isBefore(day);
    }

    public String status(LocalDate today) {
        if (cancelled()) {
            return "cancelled";
        }
        if (startsOn.isAfter(today)) {
            return "upcoming";
        }
        return lastDay().isBefore(today) ? "ended" : "serving";
    }

    /** Ends the term so that {@code today} is no longer served (an upcoming term is cancelled). */
    void endBefore(LocalDate today, String reason) {
        endedOn = today.minusDays(1).isBefore(endsOn) ? today.minusDays(1) : endsOn;
        endedReason = reason;
    }
}
