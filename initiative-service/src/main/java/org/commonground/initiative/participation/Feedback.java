package org.commonground.initiative.participation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** A participant's feedback on an initiative for one month: how satisfied, how fair the sharing felt. */
@Entity
public class Feedback extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Column(name = "member_id", nullable = false, updatable = false)
    public UUID memberId;

    /** the month it is about, yyyy-MM */
    @Column(nullable = false, updatable = false)
    public String period;

    @Column(nullable = false)
    public int satisfaction;

    @Column(nullable = false)
    public int fairness;

    public String comment;

    @Column(name = "submitted_at", nullable = false)
    public Instant submittedAt;
}
