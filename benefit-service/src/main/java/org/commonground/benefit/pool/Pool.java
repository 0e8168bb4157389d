package org.commonground.benefit.pool;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.UUID;
import org.commonground.benefit.preference.RewardFormat;
import org.commonground.platform.problem.ProblemException;

/** Value a partner (or the community) puts up for a partnership's members, shared by a named method over a period. */
@Entity
@Table(name = "pool")
public class Pool extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "partnership_id", nullable = false)
    public UUID partnershipId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public BigDecimal amount;

    @Column(nullable = false)
    public String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RewardFormat format;

    @Column(name = "period_from", nullable = false)
    public LocalDate periodFrom;

    @Column(name = "period_to", nullable = false)
    public LocalDate periodTo;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Method method;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The currency's minor digits (2 for EUR, 0 for JPY, 3 for KWD). */
    public int minorDigits() {
        return Math.max(Currency.getInstance(currency.strip()).getDefaultFractionDigits(), 0);
    }

    /** The pool in whole minor units (cents). */
    public long minorUnits() {
        return amount.movePointRight(minorDigits()).longValueExact();
    }

    /** Minor units back to an amount of the currency. */
    public BigDecimal money(long minorUnits) {
        return BigDecimal.valueOf(minorUnits, minorDigits());
    }

    public static Uni<Pool> existing(UUID id) {
        return Pool.<Pool>findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("No pool " + id + "."));
    }
}
