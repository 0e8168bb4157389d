package org.commonground.benefit.allocation;

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
import java.util.UUID;
import org.commonground.platform.problem.ProblemException;

/**
 * One computation of how a pool is shared: a draft until a second person publishes it, then immutable and in the
 * ledger. It names the policy version it applied and the last ledger entry it read, so anyone can recompute it from
 * the public ledger.
 */
@Entity
@Table(name = "allocation")
public class Allocation extends PanacheEntityBase {

    public enum Status {
        DRAFT, PUBLISHED, DISCARDED
    }

    @Id
    public UUID id;

    @Column(name = "pool_id", nullable = false)
    public UUID poolId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "policy_id", nullable = false)
    public UUID policyId;

    @Column(name = "policy_version", nullable = false)
    public int policyVersion;

    @Column(name = "ledger_seq", nullable = false)
    public long ledgerSeq;

    @Column(name = "total_weight", nullable = false)
    public BigDecimal totalWeight;

    @Column(name = "floor_amount")
    public BigDecimal floorAmount;

    @Column(name = "cap_amount")
    public BigDecimal capAmount;

    @Column(nullable = false)
    public BigDecimal unallocated;

    @Column(name = "computed_by", nullable = false)
    public String computedBy;

    @Column(name = "computed_at", nullable = false)
    public Instant computedAt;

    @Column(name = "published_by")
    public String publishedBy;

    @Column(name = "published_at")
    public Instant publishedAt;

    public static Uni<Allocation> existing(UUID id) {
        return Allocation.<Allocation>findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("No allocation " + id + "."));
    }
}
