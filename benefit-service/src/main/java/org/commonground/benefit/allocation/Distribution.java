package org.commonground.benefit.allocation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Shares a pool among members in proportion to their weights, exactly: no member gets less than the floor or more than
 * the cap, and the amounts (whole minor units of the currency) add up to the pool, to the cent.
 * <p>
 * The arithmetic, as the published policy states it:
 * <ol>
 * <li>Only members with a weight above zero take part (the eligible members).</li>
 * <li>Each eligible member's exact amount is {@code clamp(λ × weight, floor, cap)}, with the one λ for which the exact
 * amounts add up to the pool. When the pool cannot give every eligible member the floor, it is shared equally;
 * when even the cap for everyone leaves money over, everyone receives the cap and the rest stays in the pool
 * (unallocated).</li>
 * <li>Exact amounts are rounded down to whole minor units; the units still missing go one each to the members with
 * the largest remainders (the largest-remainder method), ties to the larger weight, then to the lower member key.</li>
 * </ol>
 * Plain Java with exact rational arithmetic (no floating point, no rounding before the last step), so the same inputs
 * always give the same allocation.
 */
public final class Distribution {

    private Distribution() {
    }

    /** A member and their weight under the pool's method (points, decayed points or distance below target). */
    public record Claim(String member, BigDecimal weight) {
        public Claim {
            if (weight.signum() < 0) {
                throw new IllegalArgumentException("a weight is never negative: " + member);
            }
        }
    }

    /** Where the floor or the cap decided a member's amount. */
    public enum Bound {
        NONE, FLOOR, CAP, EQUAL_SPLIT
    }

    /**
     * One member's share. {@code exactAmount} is the amount before rounding, in minor units, as a fraction
     * {@code exactNumerator / exactDenominator}; {@code amount} is what they receive, in minor units.
     */
    public record Share(String member, BigDecimal weight, long amount, BigInteger exactNumerator, BigInteger exactDenominator,
            Bound bound) {

        /** The exact amount before rounding, in minor units, to the given number of decimals. */
        public BigDecimal exactAmount(int decimals) {
            return new BigDecimal(exactNumerator).divide(new BigDecimal(exactDenominator), decimals, java.math.RoundingMode.HALF_EVEN);
        }

        /** What rounding added: 0 or 1 minor unit, less the fraction the exact amount had (in minor units). */
        public BigDecimal rounding(int decimals) {
            return BigDecimal.valueOf(amount).subtract(exactAmount(decimals + 2)).setScale(decimals, java.math.RoundingMode.HALF_EVEN);
        }
    }

    /** The whole result: every eligible member's share (ordered by member key) and what stays in the pool. */
    public record Result(List<Share> shares, long unallocated, BigDecimal totalWeight) {

        public long allocated() {
            return shares.stream().mapToLong(Share::amount).sum();
        }

        public Map<String, Long> amounts() {
            Map<String, Long> amounts = new LinkedHashMap<>();
            shares.forEach(s -> amounts.put(s.member(), s.amount()));
            return amounts;
        }
    }

    /**
     * Shares {@code pool} minor units among the claims.
     *
     * @param floor at least this many minor units for every eligible member, or {@code null}
     * @param cap at most this many minor units for any member, or {@code null}
     */
    public static Result share(long pool, List<Claim> claims, Long floor, Long cap) {
        if (pool < 0 || (floor != null && floor < 0) || (cap != null && cap < 0)) {
            throw new IllegalArgumentException("pool, floor and cap are never negative");
        }
        List<Claim> eligible = claims.stream().filter(c -> c.weight().signum() > 0)
                .sorted(Comparator.comparing(Claim::member)).toList();
        if (new TreeSet<>(eligible.stream().map(Claim::member).toList()).size() != eligible.size()) {
            throw new IllegalArgumentException("each member claims once");
        }
        BigDecimal totalWeight = eligible.stream().map(Claim::weight).reduce(BigDecimal.ZERO, BigDecimal::add);
        int n = eligible.size();
        if (n == 0) {
            return new Result(List.of(), pool, totalWeight);
        }
        BigInteger p = BigInteger.valueOf(pool);
        BigInteger f = BigInteger.valueOf(floor == null ? 0 : floor);
        BigInteger c = cap == null ? null : BigInteger.valueOf(cap);
        if (c != null && f.compareTo(c) > 0) {
            f = c;
        }
        BigInteger count = BigInteger.valueOf(n);
        if (f.multiply(count).compareTo(p) >= 0) {
            // not enough for everyone's floor: everyone the same
            return settle(eligible, pool, totalWeight, i -> p, count, i -> Bound.EQUAL_SPLIT);
        }
        if (c != null && c.multiply(count).compareTo(p) <= 0) {
            // the cap for everyone uses no more than the pool: the rest stays in the pool
            BigInteger cc = c;
            Result capped = settle(eligible, c.multiply(count).longValueExact(), totalWeight, i -> cc, BigInteger.ONE, i -> Bound.CAP);
            return new Result(capped.shares(), pool - capped.allocated(), totalWeight);
        }
        int scale = eligible.stream().mapToInt(cl -> Math.max(cl.weight().stripTrailingZeros().scale(), 0)).max().orElse(0);
        List<BigInteger> w = eligible.stream().map(cl -> cl.weight().setScale(scale).unscaledValue()).toList();
        Solution solution = solve(p, w, f, c);
        return settle(eligible, pool, totalWeight, solution::numerator, solution.denominator(), solution::bound);
    }

    /** λ = lambdaNumerator / denominator; member i is at the floor, at the cap, or free (λ × w). */
    private record Solution(List<Bound> bounds, BigInteger free, BigInteger denominator, BigInteger f, BigInteger c,
            List<BigInteger> w) {
        BigInteger numerator(int i) {
            return switch (bounds.get(i)) {
                case FLOOR -> f.multiply(denominator);
                case CAP -> c.multiply(denominator);
                default -> free.multiply(w.get(i));
            };
        }

        Bound bound(int i) {
            return bounds.get(i);
        }
    }

    /** A value λ = num / den, compared exactly. */
    private record Fraction(BigInteger num, BigInteger den) implements Comparable<Fraction> {
        @Override
        public int compareTo(Fraction o) {
            return num.multiply(o.den).compareTo(o.num.multiply(den));
        }
    }

    /** Finds the λ for which the clamped amounts add up to the pool (the sum grows with λ, piece by piece). */
    private static Solution solve(BigInteger p, List<BigInteger> w, BigInteger f, BigInteger c) {
        int n = w.size();
        TreeSet<Fraction> points = new TreeSet<>();
        points.add(new Fraction(BigInteger.ZERO, BigInteger.ONE));
        for (BigInteger wi : w) {
            points.add(new Fraction(f, wi));
            if (c != null) {
                points.add(new Fraction(c, wi));
            }
        }
        List<Fraction> breaks = new ArrayList<>(points);
        // the first breakpoint at which the sum reaches the pool; λ lies just before it (or after the last one)
        int lo = 0;
        int hi = breaks.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (reaches(breaks.get(mid), p, w, f, c)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Fraction below = breaks.get(lo - 1);
        Fraction above = lo < breaks.size() ? breaks.get(lo) : null;
        List<Bound> bounds = new ArrayList<>(n);
        BigInteger fixed = BigInteger.ZERO;
        BigInteger freeWeight = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger wi = w.get(i);
            // on the open interval (below, above): at the floor while λ × w ≤ f, at the cap once λ × w ≥ c
            if (above != null && above.compareTo(new Fraction(f, wi)) <= 0) {
                bounds.add(Bound.FLOOR);
                fixed = fixed.add(f);
            } else if (c != null && new Fraction(c, wi).compareTo(below) <= 0) {
                bounds.add(Bound.CAP);
                fixed = fixed.add(c);
            } else {
                bounds.add(Bound.NONE);
                freeWeight = freeWeight.add(wi);
            }
        }
        // λ = (p − fixed) / freeWeight; exact amounts share the denominator freeWeight
        return new Solution(bounds, p.subtract(fixed), freeWeight, f, c, w);
    }

    private static boolean reaches(Fraction lambda, BigInteger p, List<BigInteger> w, BigInteger f, BigInteger c) {
        BigInteger sum = BigInteger.ZERO;
        BigInteger fq = f.multiply(lambda.den());
        BigInteger cq = c == null ? null : c.multiply(lambda.den());
        for (BigInteger wi : w) {
            BigInteger x = lambda.num().multiply(wi).max(fq);
            sum = sum.add(cq == null ? x : x.min(cq));
        }
        return sum.compareTo(p.multiply(lambda.den())) >= 0;
    }

    private interface Numerators {
        BigInteger of(int i);
    }

    private interface Bounds {
        Bound of(int i);
    }

    /** Rounds exact amounts (numerator(i) / denominator minor units, adding up to total) by the largest remainder. */
    private static Result settle(List<Claim> eligible, long total, BigDecimal totalWeight, Numerators numerator, BigInteger denominator,
            Bounds bound) {
        int n = eligible.size();
        BigInteger d = denominator;
        long[] amounts = new long[n];
        BigInteger[] remainders = new BigInteger[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            BigInteger[] qr = numerator.of(i).divideAndRemainder(d);
            amounts[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += amounts[i];
        }
        long missing = total - given;
        if (missing < 0 || missing > n) {
            throw new IllegalStateException("the exact amounts do not add up to the pool");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        // largest remainder first; among equal remainders the larger weight (so more points never means less money),
        // then member order (eligible is sorted by member)
        order.sort(Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed()
                .thenComparing(i -> eligible.get(i).weight(), Comparator.reverseOrder()).thenComparing(i -> i));
        for (int k = 0; k < missing; k++) {
            amounts[order.get(k)]++;
        }
        List<Share> shares = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            shares.add(new Share(eligible.get(i).member(), eligible.get(i).weight(), amounts[i], numerator.of(i), d, bound.of(i)));
        }
        return new Result(List.copyOf(shares), 0, totalWeight);
    }
}
