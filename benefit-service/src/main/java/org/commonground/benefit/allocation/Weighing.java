package org.commonground.benefit.allocation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.commonground.benefit.pool.Method;

/**
 * Each member's weight under a pool's method, from the points the ledger credited them (plain Java, exact):
 * <ul>
 * <li>{@code PROPORTIONAL}: the points of contributions made within the pool's period;</li>
 * <li>{@code RECENT}: every point up to the period's end, times {@code decay^k} where k is how many whole periods (of the
 * pool's length) before the pool's period the contribution was made ({@code decay^k} to 34 significant digits, the
 * sum rounded to 12 decimals, half to even);</li>
 * <li>{@code BALANCED}: the distance below the lifetime target, where
 * {@code target = (paid so far to everyone + pool) × lifetime points ÷ everyone's lifetime points}; the weight is
 * {@code max(0, target − paid so far)} (scaled by everyone's lifetime points, which changes no proportion).</li>
 * </ul>
 * Contributions after the period's end never count.
 */
public final class Weighing {

    /** Decayed weights keep this many decimals. */
    public static final int RECENT_DECIMALS = 12;

    private Weighing() {
    }

    /** Points credited to a member for one contribution (negative for a reversal). */
    public record Earned(String member, BigDecimal points, LocalDate occurredOn) {
    }

    /**
     * One member's figures: points in the period, lifetime points, decayed points, what they were paid before and their
     * target (minor units; BALANCED only), and the weight the distribution uses.
     */
    public record Weighed(String member, BigDecimal periodPoints, BigDecimal lifetimePoints, BigDecimal recentPoints,
            long paidBefore, BigDecimal target, BigDecimal weight) {
    }

    public static List<Weighed> weigh(Method method, List<Earned> earned, LocalDate from, LocalDate to, BigDecimal decay,
            Map<String, Long> paidBefore, long pool) {
        long periodDays = ChronoUnit.DAYS.between(from, to) + 1;
        Map<String, BigDecimal> period = new TreeMap<>();
        Map<String, BigDecimal> lifetime = new TreeMap<>();
        Map<String, BigDecimal> recent = new TreeMap<>();
        for (Earned e : earned) {
            if (e.occurredOn().isAfter(to)) {
                continue;
            }
            lifetime.merge(e.member(), e.points(), BigDecimal::add);
            if (!e.occurredOn().isBefore(from)) {
                period.merge(e.member(), e.points(), BigDecimal::add);
            }
            if (method == Method.RECENT) {
                int k = e.occurredOn().isBefore(from)
                        ? (int) Math.min((ChronoUnit.DAYS.between(e.occurredOn(), from) - 1) / periodDays + 1, 10_000)
                        : 0;
                recent.merge(e.member(), e.points().multiply(decay.pow(k, MathContext.DECIMAL128)), BigDecimal::add);
            }
        }
        TreeSet<String> members = new TreeSet<>(lifetime.keySet());
        if (method == Method.BALANCED) {
            members.addAll(paidBefore.keySet());
        }
        BigDecimal everyonePaid = BigDecimal.valueOf(method == Method.BALANCED
                ? paidBefore.values().stream().mapToLong(Long::longValue).sum() : 0);
        BigDecimal everyoneLifetime = lifetime.values().stream().filter(v -> v.signum() > 0).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal toShare = everyonePaid.add(BigDecimal.valueOf(pool));
        return members.stream().map(m -> {
            BigDecimal inPeriod = positive(period.get(m));
            BigDecimal overLifetime = positive(lifetime.get(m));
            BigDecimal decayed = positive(recent.get(m)).setScale(RECENT_DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros();
            long paid = paidBefore.getOrDefault(m, 0L);
            BigDecimal target = null;
            BigDecimal weight = switch (method) {
                case PROPORTIONAL -> inPeriod;
                case RECENT -> decayed;
                case BALANCED -> {
                    if (everyoneLifetime.signum() == 0) {
                        yield BigDecimal.ZERO;
                    }
                    target = toShare.multiply(overLifetime).divide(everyoneLifetime, 6, RoundingMode.HALF_EVEN);
                    yield positive(toShare.multiply(overLifetime).subtract(BigDecimal.valueOf(paid).multiply(everyoneLifetime)));
                }
            };
            return new Weighed(m, inPeriod, overLifetime, method == Method.RECENT ? decayed : null, paid, target, weight);
        }).toList();
    }

    private static BigDecimal positive(BigDecimal value) {
        return value == null || value.signum() <= 0 ? BigDecimal.ZERO : value;
    }
}
