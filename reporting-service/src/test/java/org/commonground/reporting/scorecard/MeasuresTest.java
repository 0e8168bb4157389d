package org.commonground.reporting.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.commonground.platform.governance.Progress;
import org.commonground.platform.problem.ProblemException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class MeasuresTest {

    private static List<BigDecimal> values(String... v) {
        return java.util.Arrays.stream(v).map(BigDecimal::new).toList();
    }

    @Test
    void giniIsZeroWhenAllReceiveTheSameAndGrowsWithConcentration() {
        assertNull(Measures.gini(List.of()), "no contributors: no measure");
        assertEquals(new BigDecimal("0.0000"), Measures.gini(values("250")), "one contributor");
        assertEquals(new BigDecimal("0.0000"), Measures.gini(values("10", "10", "10", "10")), "all equal");
        // by hand: 0, 0, 0, 100 → Σ|xi − xj| = 2·3·100 = 600; 2 n² x̄ = 2·16·25 = 800; G = 0.75
        assertEquals(new BigDecimal("0.7500"), Measures.gini(values("0", "0", "0", "100")));
        // 1, 2, 3: Σ|xi − xj| = 2·(1 + 2 + 1) = 8; 2·9·2 = 36; G = 0.2222
        assertEquals(new BigDecimal("0.2222"), Measures.gini(values("3", "1", "2")));
        assertEquals(new BigDecimal("0.0000"), Measures.gini(values("0", "0")), "nothing received by anyone");
    }

    @Test
    void normalizedEntropyIsOneForAnEvenSpreadAndZeroForOneRecipient() {
        assertNull(Measures.normalizedEntropy(List.of()));
        assertEquals(new BigDecimal("1.0000"), Measures.normalizedEntropy(values("5")));
        assertEquals(new BigDecimal("1.0000"), Measures.normalizedEntropy(values("5", "5", "5", "5")));
        assertEquals(new BigDecimal("0.0000"), Measures.normalizedEntropy(values("0", "0", "9")));
        // shares ½, ¼, ¼: H = ½ ln 2 + ½ ln 4 = 1.0397; ÷ ln 3 = 0.9464
        assertEquals(new BigDecimal("0.9464"), Measures.normalizedEntropy(values("2", "1", "1")));
    }

    @Test
    void theGapIsZeroWhenBenefitsFollowPoints() {
        BigDecimal[] same = Measures.shareGap(values("10", "30"), values("25", "75"));
        assertEquals(new BigDecimal("0.0000"), same[0]);
        // points ½ ½, benefits 1 0: half of (½ + ½) = 0.5, largest ½
        BigDecimal[] apart = Measures.shareGap(values("1", "1"), values("100", "0"));
        assertEquals(new BigDecimal("0.5000"), apart[0]);
        assertEquals(new BigDecimal("0.5000"), apart[1]);
        assertNull(Measures.shareGap(List.of(), List.of()));
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertNull(Measures.median(List.of()));
        assertEquals(0, new BigDecimal("7").compareTo(Measures.median(values("9", "7", "1"))));
        assertEquals(0, new BigDecimal("5").compareTo(Measures.median(values("1", "4", "6", "100"))));
    }

    @Test
    void aMemberWhoTookSeveralNewRolesCountsOnceUnderTheMostSeniorOne() {
        assertEquals(java.util.Map.of("lead", 0L, "shadow", 0L, "committee", 0L), Measures.newRolesByKind(List.of()), "nobody took a role");
        assertEquals(java.util.Map.of("lead", 1L, "shadow", 0L, "committee", 0L),
                Measures.newRolesByKind(List.of(Set.of("committee-seat", "committee-lead", "group-shadow"))), "one member, three roles");
        // by hand: a group lead, a committee lead, a shadow who also sat on a committee, two committee seats
        assertEquals(java.util.Map.of("lead", 2L, "shadow", 1L, "committee", 2L), Measures.newRolesByKind(List.of(Set.of("group-lead"),
                Set.of("committee-lead"), Set.of("group-shadow", "committee-seat"), Set.of("committee-seat"), Set.of("committee-seat"))));
        assertEquals(Measures.ROLE_KINDS, List.copyOf(Measures.newRolesByKind(List.of()).keySet()), "the order of seniority");
    }

    @Test
    void milestonesOnTimeAreTheShareOfThoseDueReachedByTheirDueDate() {
        LocalDate from = LocalDate.of(2026, 10, 1);
        LocalDate to = LocalDate.of(2026, 10, 31);
        assertNull(Measures.onTimeShare(List.of(), from, to), "none due: no measure");
        assertNull(Measures.onTimeShare(List.of(new Measures.Milestone(LocalDate.of(2026, 11, 3), null)), from, to), "due after the period");
        assertEquals(new BigDecimal("1.000"), Measures.onTimeShare(List.of(new Measures.Milestone(to, to)), from, to), "reached on the day");
        // by hand: reached early, reached a day late, not reached: 1 of 3
        assertEquals(new BigDecimal("0.333"), Measures.onTimeShare(List.of(
                new Measures.Milestone(LocalDate.of(2026, 10, 5), LocalDate.of(2026, 10, 4)),
                new Measures.Milestone(LocalDate.of(2026, 10, 10), LocalDate.of(2026, 10, 11)),
                new Measures.Milestone(LocalDate.of(2026, 10, 20), null)), from, to));
    }

    @Test
    void planProgressIsTheMeanOfEachPlansWeightedProgress() {
        assertNull(Measures.planProgress(List.of()), "no plans");
        assertNull(Measures.planProgress(List.of(List.of())), "a plan without milestones is not counted");
        assertEquals(new BigDecimal("25.0"), Measures.planProgress(List.of(List.of(new Progress.Part(1, 100), new Progress.Part(3, 0)))));
        assertEquals(new BigDecimal("100.0"), Measures.planProgress(List.of(List.of(new Progress.Part(2, 100)), List.of(new Progress.Part(5, 100)))),
                "all equal");
        // by hand: (1·100 + 3·50) ÷ 4 = 62.5, shown as the initiative shows it (62); with a finished plan (100): (62 + 100) ÷ 2 = 81
        assertEquals(new BigDecimal("81.0"), Measures.planProgress(List.of(List.of(new Progress.Part(1, 100), new Progress.Part(3, 50)),
                List.of(new Progress.Part(1, 100)))));
    }

    @Test
    void periodsAreMonthsQuartersAndYearsThatHaveBegun() {
        LocalDate today = LocalDate.of(2026, 11, 29);
        Period q3 = Period.parse("2026-Q3", today);
        assertEquals(LocalDate.of(2026, 7, 1), q3.from());
        assertEquals(LocalDate.of(2026, 9, 30), q3.to());
        assertEquals("2026-Q2", q3.previous().name());
        assertEquals("2025-Q4", Period.parse("2026-Q1", today).previous().name());
        assertEquals(LocalDate.of(2026, 2, 28), Period.parse("2026-02", today).to());
        assertEquals("2025-12", Period.parse("2026-01", today).previous().name());
        assertEquals(LocalDate.of(2025, 12, 31), Period.parse("2025", today).to());
        for (String bad : List.of("2026-Q5", "2026-Q0", "2026-13", "26-Q1", "2026Q1", "", "2027", "2026-12-01")) {
            ProblemException e = Assertions.assertThrows(ProblemException.class, () -> Period.parse(bad, today), bad);
            assertEquals("period", e.problem().errors().get(0).field());
        }
    }
}
