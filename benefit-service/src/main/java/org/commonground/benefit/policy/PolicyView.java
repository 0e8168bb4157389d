package org.commonground.benefit.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.benefit.preference.RewardFormat;

/** A policy version as anyone reads it, with the rules it applies spelled out. */
public record PolicyView(UUID id, UUID partnershipId, int version, BenefitPolicy.Status status, Map<String, String> weights,
        Map<String, String> impactMultipliers, String capShare, String floorShare, String recentDecay, List<RewardFormat> formats,
        LocalDate reviewOn, String changeNote, Instant createdAt, Instant publishedAt, List<String> rules) {

    static final List<String> RULES = List.of(
            "points = weight of the contribution type × hours × multiplier of the impact (exact, no rounding)",
            "a verified contribution is credited once, under the policy version published when it is credited; a revoked one is reversed exactly",
            "PROPORTIONAL: the pool is split by the points each member earned in the pool's period",
            "BALANCED: target = (paid so far to everyone + pool) × your lifetime points ÷ everyone's lifetime points;"
                    + " the pool goes to members in proportion to how far they are below their target",
            "RECENT: each point counts recentDecay^k, k = how many whole periods (of the pool's length) before the pool's period it was earned",
            "no member receives more than capShare of a pool; every eligible member receives at least floorShare (when the pool cannot give"
                    + " everyone the floor, it is shared equally; when everyone is at the cap, the rest stays in the pool)",
            "amounts are rounded down to the currency's minor unit and the units left go to the largest remainders, so they add up exactly to the pool");

    public static PolicyView of(BenefitPolicy p) {
        Map<String, String> weights = new LinkedHashMap<>();
        p.weightsByType().forEach((type, w) -> weights.put(type.name(), w.toPlainString()));
        Map<String, String> multipliers = new LinkedHashMap<>();
        p.multipliers().forEach((impact, m) -> multipliers.put(impact.name(), m.stripTrailingZeros().toPlainString()));
        return new PolicyView(p.id, p.partnershipId, p.version, p.status, weights, multipliers, text(p.capShare), text(p.floorShare),
                text(p.recentDecay), p.offered(), p.reviewOn, p.changeNote, p.createdAt, p.publishedAt, RULES);
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }
}
