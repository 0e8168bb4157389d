package org.commonground.benefit.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.commonground.benefit.allocation.Distribution.Claim;
import org.commonground.benefit.allocation.Distribution.Result;
import org.commonground.benefit.allocation.Distribution.Share;

/** The allocation arithmetic, stated as properties that hold for any pool, any members and any points. */
class DistributionTest {

    @Provide
    Arbitrary<List<BigDecimal>> points() {
        // 0, 1 or many members; points with up to 4 decimals, some of them zero, some equal
        Arbitrary<BigDecimal> one = Arbitraries.oneOf(
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("5000")).ofScale(4),
                Arbitraries.of(BigDecimal.ZERO, BigDecimal.ONE, new BigDecimal("2.5"), new BigDecimal("0.0001")));
        return one.list().ofMinSize(0).ofMaxSize(60);
    }

    private static List<Claim> claims(List<BigDecimal> points) {
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            claims.add(new Claim(String.format("member-%03d", i), points.get(i)));
        }
        return claims;
    }

    private static long eligible(List<BigDecimal> points) {
        return points.stream().filter(p -> p.signum() > 0).count();
    }

    @Property(tries = 500)
    void theAmountsAndWhatStaysInThePoolAddUpToThePoolExactly(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long pool,
            @ForAll("points") List<BigDecimal> points) {
        Result result = Distribution.share(pool, claims(points), null, null);
        assertEquals(pool, result.allocated() + result.unallocated());
        if (eligible(points) > 0) {
            assertEquals(0, result.unallocated(), "with no cap, everything is shared");
        } else {
            assertEquals(pool, result.unallocated(), "with nobody eligible, the pool stays whole");
        }
        result.shares().forEach(s -> assertTrue(s.amount() >= 0));
    }

    @Property(tries = 500)
    void moreWeightNeverMeansLessMoney(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long pool,
            @ForAll("points") List<BigDecimal> points, @ForAll("capAndFloor") long[] capAndFloor) {
        Long floor = capAndFloor[0] < 0 ? null : capAndFloor[0];
        Long cap = capAndFloor[1] < 0 ? null : capAndFloor[1];
        for (Long[] bounds : new Long[][] { { null, null }, { floor, cap } }) {
            Result result = Distribution.share(pool, claims(points), bounds[0], bounds[1]);
            for (Share a : result.shares()) {
                for (Share b : result.shares()) {
                    if (a.weight().compareTo(b.weight()) > 0) {
                        assertTrue(a.amount() >= b.amount(), a + " has more points than " + b);
                    }
                }
            }
        }
    }

    @Provide
    Arbitrary<long[]> capAndFloor() {
        Arbitrary<Long> bound = Arbitraries.oneOf(Arbitraries.just(-1L), Arbitraries.longs().between(0, 50_000_000L));
        return bound.list().ofSize(2).map(l -> new long[] { l.get(0), l.get(1) })
                .filter(b -> b[0] < 0 || b[1] < 0 || b[0] <= b[1]);
    }

    @Property(tries = 800)
    void capsAndFloorsHoldAndNothingIsCreatedOrLost(@ForAll @LongRange(min = 0, max = 100_000_000L) long pool,
            @ForAll("points") List<BigDecimal> points, @ForAll("capAndFloor") long[] capAndFloor) {
        Long floor = capAndFloor[0] < 0 ? null : capAndFloor[0];
        Long cap = capAndFloor[1] < 0 ? null : capAndFloor[1];
        Result result = Distribution.share(pool, claims(points), floor, cap);
        long n = eligible(points);
        assertEquals(pool, result.allocated() + result.unallocated());
        assertEquals(n, result.shares().size());
        for (Share s : result.shares()) {
            if (cap != null) {
                assertTrue(s.amount() <= cap, s + " is over the cap " + cap);
            }
            if (floor != null) {
                // the floor holds whenever the pool can give it to everyone; otherwise all get the same
                long reachable = n * floor <= pool ? floor : pool / n;
                assertTrue(s.amount() >= reachable, s + " is under the floor " + reachable);
            }
        }
        if (n > 0 && (cap == null || n * cap >= pool)) {
            assertEquals(0, result.unallocated(), "money stays in the pool only when everyone is at the cap");
        }
        if (result.unallocated() > 0 && n > 0) {
            result.shares().forEach(s -> assertEquals(cap, s.amount()));
        }
    }

    @Property(tries = 300)
    void theSameInputsGiveTheSameAllocationInAnyOrder(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long pool,
            @ForAll("points") List<BigDecimal> points, @ForAll("capAndFloor") long[] capAndFloor) {
        Long floor = capAndFloor[0] < 0 ? null : capAndFloor[0];
        Long cap = capAndFloor[1] < 0 ? null : capAndFloor[1];
        List<Claim> claims = claims(points);
        List<Claim> reversed = new ArrayList<>(claims);
        java.util.Collections.reverse(reversed);
        Result first = Distribution.share(pool, claims, floor, cap);
        assertEquals(first, Distribution.share(pool, claims, floor, cap));
        assertEquals(first.amounts(), Distribution.share(pool, reversed, floor, cap).amounts());
    }

    @Property(tries = 300)
    void eachAmountIsItsExactShareRoundedByLessThanOneMinorUnit(@ForAll @LongRange(min = 1, max = 1_000_000_000L) long pool,
            @ForAll("points") @Size(min = 1) List<BigDecimal> points) {
        Result result = Distribution.share(pool, claims(points), null, null);
        for (Share s : result.shares()) {
            BigDecimal exact = new BigDecimal(pool).multiply(s.weight()).divide(result.totalWeight(), 20, java.math.RoundingMode.HALF_EVEN);
            assertTrue(new BigDecimal(s.amount()).subtract(exact).abs().compareTo(BigDecimal.ONE) < 0, s + " vs " + exact);
            assertTrue(s.exactAmount(12).subtract(exact).abs().compareTo(new BigDecimal("0.000001")) < 0);
        }
    }

    @Property(tries = 300)
    void balancedMovesEveryoneTowardTheirTargetAndNoOnePastIt(@ForAll @LongRange(min = 1, max = 10_000_000L) long pool,
            @ForAll("points") @Size(min = 1) List<BigDecimal> lifetime, @ForAll("paid") List<Long> paid) {
        List<Weighing.Earned> earned = new ArrayList<>();
        Map<String, Long> paidBefore = new java.util.TreeMap<>();
        for (int i = 0; i < lifetime.size(); i++) {
            String m = String.format("member-%03d", i);
            earned.add(new Weighing.Earned(m, lifetime.get(i), java.time.LocalDate.of(2026, 3, 1)));
            if (i < paid.size() && paid.get(i) > 0) {
                paidBefore.put(m, paid.get(i));
            }
        }
        var weighed = Weighing.weigh(org.commonground.benefit.pool.Method.BALANCED, earned, java.time.LocalDate.of(2026, 1, 1),
                java.time.LocalDate.of(2026, 12, 31), BigDecimal.ONE, paidBefore, pool);
        Result result = Distribution.share(pool, weighed.stream().map(w -> new Claim(w.member(), w.weight())).toList(), null, null);
        Map<String, Long> amounts = result.amounts();
        if (lifetime.stream().allMatch(p -> p.signum() == 0)) {
            assertEquals(pool, result.unallocated());
            return;
        }
        BigDecimal before = BigDecimal.ZERO;
        BigDecimal after = BigDecimal.ZERO;
        for (var w : weighed) {
            long got = amounts.getOrDefault(w.member(), 0L);
            BigDecimal distanceBefore = w.target().subtract(BigDecimal.valueOf(w.paidBefore()));
            BigDecimal distanceAfter = distanceBefore.subtract(BigDecimal.valueOf(got));
            if (distanceBefore.signum() <= 0) {
                assertEquals(0, got, w.member() + " is at or above their target and receives nothing");
            } else {
                assertTrue(distanceAfter.compareTo(BigDecimal.ONE.negate()) > 0, w.member() + " is pushed past their target");
            }
            before = before.add(distanceBefore.abs());
            after = after.add(distanceAfter.abs());
        }
        // the members below their targets close the gap by the whole pool (up to a minor unit each for rounding)
        BigDecimal closed = before.subtract(after);
        assertTrue(closed.compareTo(BigDecimal.valueOf(pool - 2L * weighed.size())) >= 0, "closed " + closed + " of " + pool);
        assertEquals(pool, result.allocated());
    }

    @Provide
    Arbitrary<List<Long>> paid() {
        return Arbitraries.longs().between(0, 5_000_000L).list().ofMaxSize(60);
    }

    @Example
    void threeMembersShareAHundredByTheLargestRemainder() {
        Result result = Distribution.share(10_000, claims(List.of(BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE)), null, null);
        assertEquals(List.of(3334L, 3333L, 3333L), result.shares().stream().map(Share::amount).toList());
    }

    @Example
    void theCapPassesWhatItHoldsBackToTheOthers() {
        // 1000.00 among weights 8, 1, 1 with a cap of 50%: 500.00, then 250.00 each
        Result result = Distribution.share(100_000, claims(List.of(new BigDecimal("8"), BigDecimal.ONE, BigDecimal.ONE)), null, 50_000L);
        assertEquals(List.of(50_000L, 25_000L, 25_000L), result.shares().stream().map(Share::amount).toList());
        assertEquals(Distribution.Bound.CAP, result.shares().get(0).bound());
    }

    @Example
    void theFloorIsPaidByTheOthers() {
        // 1000.00 among weights 98, 1, 1 with a floor of 100.00: 100.00 each for the small ones, 800.00 for the large
        Result result = Distribution.share(100_000, claims(List.of(new BigDecimal("98"), BigDecimal.ONE, BigDecimal.ONE)), 10_000L, null);
        assertEquals(List.of(80_000L, 10_000L, 10_000L), result.shares().stream().map(Share::amount).toList());
    }
}
