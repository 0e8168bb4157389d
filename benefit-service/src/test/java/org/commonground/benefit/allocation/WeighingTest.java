package org.commonground.benefit.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.commonground.benefit.allocation.Weighing.Earned;
import org.commonground.benefit.pool.Method;
import org.junit.jupiter.api.Test;

class WeighingTest {

    private static final LocalDate FROM = LocalDate.of(2026, 10, 1);
    private static final LocalDate TO = LocalDate.of(2026, 10, 31);

    private static List<Weighing.Weighed> weigh(Method method, List<Earned> earned) {
        return Weighing.weigh(method, earned, FROM, TO, new BigDecimal("0.5"), Map.of(), 100_000);
    }

    @Test
    void recentPointsLoseTheDecayFactorForEveryWholePeriodOfAge() {
        // a 31-day period: in it ×1, the 31 days before it ×0.5, the 31 before those ×0.25; after its end not at all
        List<Earned> earned = List.of(new Earned("a", new BigDecimal("8"), LocalDate.of(2026, 10, 15)),
                new Earned("a", new BigDecimal("8"), LocalDate.of(2026, 9, 30)),
                new Earned("a", new BigDecimal("8"), LocalDate.of(2026, 8, 31)),
                new Earned("a", new BigDecimal("8"), LocalDate.of(2026, 8, 30)),
                new Earned("a", new BigDecimal("8"), LocalDate.of(2026, 11, 1)));
        Weighing.Weighed a = weigh(Method.RECENT, earned).get(0);
        assertEquals(0, new BigDecimal("8").add(new BigDecimal("4")).add(new BigDecimal("4")).add(new BigDecimal("2")).compareTo(a.weight()));
        assertEquals(0, new BigDecimal("32").compareTo(a.lifetimePoints()), "nothing after the period's end counts");
    }

    @Test
    void proportionalCountsOnlyThePeriodAndAReversalCancelsItsCredit() {
        List<Earned> earned = List.of(new Earned("a", new BigDecimal("5"), FROM), new Earned("a", new BigDecimal("-5"), FROM),
                new Earned("a", new BigDecimal("3"), TO), new Earned("b", new BigDecimal("7"), FROM.minusDays(1)));
        List<Weighing.Weighed> weighed = weigh(Method.PROPORTIONAL, earned);
        assertEquals(0, new BigDecimal("3").compareTo(weighed.get(0).weight()));
        assertEquals(0, BigDecimal.ZERO.compareTo(weighed.get(1).weight()), "b earned nothing in the period");
    }
}
