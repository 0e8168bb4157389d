package org.commonground.platform.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rotation rule in plain Java: no Quarkus, no database. */
class RotationRuleTest {

    private static final RotationRule TWO_TERMS_90_DAYS_REST = new RotationRule(2, 90);
    private static final LocalDate JAN = LocalDate.of(2027, 1, 1);

    private static RotationRule.Span span(LocalDate first, LocalDate last) {
        return new RotationRule.Span(first, last);
    }

    @Test
    void aFirstTermKeepsEveryRule() {
        assertTrue(TWO_TERMS_90_DAYS_REST.check(List.of(), span(JAN, JAN.plusMonths(6))).isEmpty());
    }

    @Test
    void overlappingTermsOfOneLeadAreRefused() {
        var broken = TWO_TERMS_90_DAYS_REST.check(List.of(span(JAN, JAN.plusMonths(6))), span(JAN.plusMonths(6), JAN.plusMonths(9)));
        assertEquals("no-overlap", broken.orElseThrow().rule(), "sharing even the last day is an overlap");
    }

    @Test
    void aThirdTermInARowBreaksRotation() {
        List<RotationRule.Span> served = List.of(span(JAN, JAN.plusMonths(6)), span(JAN.plusMonths(6).plusDays(1), JAN.plusMonths(12)));
        var broken = TWO_TERMS_90_DAYS_REST.check(served, span(JAN.plusMonths(12).plusDays(1), JAN.plusMonths(18)));
        assertEquals("rotation", broken.orElseThrow().rule());
    }

    @Test
    void aShortBreakDoesNotResetTheCount() {
        List<RotationRule.Span> served = List.of(span(JAN, JAN.plusMonths(6)), span(JAN.plusMonths(7), JAN.plusMonths(12)));
        assertEquals("rotation", TWO_TERMS_90_DAYS_REST.check(served, span(JAN.plusMonths(14), JAN.plusMonths(18))).orElseThrow().rule());
    }

    @Test
    void aRestAsLongAsTheRuleSaysStartsANewStreak() {
        LocalDate lastDay = JAN.plusMonths(12);
        List<RotationRule.Span> served = List.of(span(JAN, JAN.plusMonths(6)), span(JAN.plusMonths(6).plusDays(1), lastDay));
        assertTrue(TWO_TERMS_90_DAYS_REST.check(served, span(lastDay.plusDays(91), lastDay.plusMonths(9))).isEmpty());
        assertEquals("rotation", TWO_TERMS_90_DAYS_REST.check(served, span(lastDay.plusDays(90), lastDay.plusMonths(9)))
                .orElseThrow().rule(), "89 free days are not enough");
    }

    @Test
    void aTermSlottedBetweenTwoOthersCountsBothWays() {
        List<RotationRule.Span> served = List.of(span(JAN, JAN.plusMonths(3)), span(JAN.plusMonths(6).plusDays(1), JAN.plusMonths(9)));
        assertEquals("rotation", TWO_TERMS_90_DAYS_REST.check(served, span(JAN.plusMonths(3).plusDays(1), JAN.plusMonths(6)))
                .orElseThrow().rule());
    }
}
