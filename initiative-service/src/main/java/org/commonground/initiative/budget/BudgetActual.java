package org.commonground.initiative.budget;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** Money spent against a budget line. */
@Entity
@Table(name = "budget_actual")
public class BudgetActual extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "line_id", nullable = false, updatable = false)
    public UUID lineId;

    @Column(nullable = false, updatable = false)
    public BigDecimal amount;

    @Column(name = "spent_on", nullable = false, updatable = false)
    public LocalDate spentOn;

    @Column(nullable = false, updatable = false)
    public String note;

    @Column(name = "recorded_by", nullable = false, updatable = false)
    public String recordedBy;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;
}
