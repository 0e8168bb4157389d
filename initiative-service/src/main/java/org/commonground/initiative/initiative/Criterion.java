package org.commonground.initiative.initiative;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.math.BigDecimal;
import java.util.UUID;

/** A progression criterion: a metric the service measures, and the threshold a pilot must reach to scale. */
@Entity
public class Criterion extends PanacheEntityBase {

    /** The metrics the service computes from its own data. */
    public enum Metric {
        /** active participants ÷ enrolled, over the last 30 days (0–1) */
        ENGAGEMENT_RATE,
        /** mean satisfaction from participants' feedback (1–5) */
        MEAN_SATISFACTION,
        /** the quality score stewards rated (1–5) */
        QUALITY_SCORE
    }

    @Id
    public UUID id;

    @Column(name = "initiative_id", nullable = false, updatable = false)
    public UUID initiativeId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Metric metric;

    @Column(nullable = false)
    public BigDecimal threshold;

    @Column(nullable = false)
    public String description;
}
