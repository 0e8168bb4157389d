package org.commonground.benefit.policy;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.benefit.preference.RewardFormat;
import org.commonground.platform.problem.ProblemException;

/**
 * A partnership's benefit policy, one version of it: how contributions earn points, what bounds a share of a pool, the
 * reward formats offered and when the community reviews it. A draft until published; a published version never
 * changes, and a change is a new version with a change note.
 */
@Entity
@Table(name = "benefit_policy")
public class BenefitPolicy extends PanacheEntityBase {

    public enum Status {
        DRAFT, PUBLISHED
    }

    public enum Impact {
        LOW, MEDIUM, HIGH
    }

    @Id
    public UUID id;

    @Column(name = "partnership_id", nullable = false)
    public UUID partnershipId;

    @Column(nullable = false)
    public int version;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    /** {@code TYPE=weight} pairs separated by commas, every type present. */
    @Column(nullable = false)
    public String weights;

    @Column(name = "multiplier_low", nullable = false)
    public BigDecimal multiplierLow;

    @Column(name = "multiplier_medium", nullable = false)
    public BigDecimal multiplierMedium;

    @Column(name = "multiplier_high", nullable = false)
    public BigDecimal multiplierHigh;

    @Column(name = "cap_share")
    public BigDecimal capShare;

    @Column(name = "floor_share")
    public BigDecimal floorShare;

    @Column(name = "recent_decay", nullable = false)
    public BigDecimal recentDecay;

    /** The reward formats offered, comma-separated. */
    @Column(nullable = false)
    public String formats;

    @Column(name = "review_on", nullable = false)
    public LocalDate reviewOn;

    @Column(name = "change_note")
    public String changeNote;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "published_by")
    public String publishedBy;

    @Column(name = "published_at")
    public Instant publishedAt;

    @Version
    public long revision;

    public Map<ContributionType, BigDecimal> weightsByType() {
        return weightsOf(weights);
    }

    /** Reads the stored {@code TYPE=weight,...} form. */
    public static Map<ContributionType, BigDecimal> weightsOf(String weights) {
        Map<ContributionType, BigDecimal> map = new EnumMap<>(ContributionType.class);
        for (String pair : weights.split(",")) {
            String[] kv = pair.split("=");
            map.put(ContributionType.valueOf(kv[0]), new BigDecimal(kv[1]));
        }
        return map;
    }

    public Map<Impact, BigDecimal> multipliers() {
        Map<Impact, BigDecimal> map = new EnumMap<>(Impact.class);
        map.put(Impact.LOW, multiplierLow);
        map.put(Impact.MEDIUM, multiplierMedium);
        map.put(Impact.HIGH, multiplierHigh);
        return map;
    }

    public List<RewardFormat> offered() {
        return Arrays.stream(formats.split(",")).map(RewardFormat::valueOf).toList();
    }

    /** points = weight of the type × hours × multiplier of the impact, exactly. */
    public BigDecimal points(ContributionType type, BigDecimal hours, Impact impact) {
        return weightsByType().get(type).multiply(hours).multiply(multipliers().get(impact));
    }

    /** The latest published version of the partnership's policy, or null. */
    public static Uni<BenefitPolicy> current(UUID partnershipId) {
        return BenefitPolicy.<BenefitPolicy>find("partnershipId = ?1 and status = ?2 order by version desc", partnershipId, Status.PUBLISHED)
                .firstResult();
    }

    public static Uni<BenefitPolicy> existing(UUID id) {
        return BenefitPolicy.<BenefitPolicy>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No benefit policy " + id + "."));
    }
}
