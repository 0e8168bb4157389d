package org.commonground.reporting.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
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
