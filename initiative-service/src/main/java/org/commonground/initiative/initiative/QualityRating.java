package org.commonground.initiative.initiative;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The stewards' rating of an initiative's work (1 to 5), with why; the latest one counts. */
@Entity
@Table(name = "quality_rating")
public class QualityRating extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Column(nullable = false, updatable = false)
    public BigDecimal score;

    @Column(nullable = false, updatable = false)
    public String note;

    @Column(name = "rated_by", nullable = false, updatable = false)
    public String ratedBy;

    @Column(name = "rated_at", nullable = false, updatable = false)
    public Instant ratedAt;
}
