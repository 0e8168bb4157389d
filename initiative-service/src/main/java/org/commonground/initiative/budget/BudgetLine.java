package org.commonground.initiative.budget;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A planned line of a partnership's budget. */
@Entity
@Table(name = "budget_line")
public class BudgetLine extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "partnership_id", nullable = false, updatable = false)
    public UUID partnershipId;

    @Column(nullable = false)
    public String category;

    @Column(nullable = false)
    public String description;

    @Column(nullable = false)
    public BigDecimal planned;

    @Column(nullable = false)
    public String currency;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
