package org.commonground.initiative.initiative;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A step of an initiative's plan, with its weight in the whole and how far along it is (0–100). */
@Entity
public class Milestone extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Column(nullable = false)
    public String title;

    @Column(name = "due_on", nullable = false)
    public LocalDate dueOn;

    @Column(nullable = false)
    public int weight;

    @Column(nullable = false)
    public int progress;

    @Column(name = "done_on")
    public LocalDate doneOn;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Version
    public long version;

    /** The payload of initiative.milestone-changed.v1: the milestone, whole. */
    record Changed(UUID milestoneId, UUID initiativeId, UUID partnershipId, String title, int weight, int progress, LocalDate dueOn,
            LocalDate doneOn, Instant at) {
    }

    Changed changed(UUID partnershipId, Instant at) {
        return new Changed(id, initiativeId, partnershipId, title, weight, progress, dueOn, doneOn, at);
    }
}
