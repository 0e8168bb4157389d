package org.commonground.initiative.guideline;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A member's comment on the current version of a partnership's guidelines. */
@Entity
@Table(name = "guideline_comment")
public class GuidelineComment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Column(nullable = false, updatable = false)
    public int version;

    @Column(name = "author_subject", nullable = false, updatable = false)
    public String authorSubject;

    @Column(nullable = false, updatable = false)
    public String text;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
