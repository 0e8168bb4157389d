package org.commonground.initiative.vote;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The arithmetic of a vote, in plain Java. The quorum is the share of eligible voters who cast a ballot (abstaining
 * counts as taking part); the threshold is the share of yes among yes and no. A vote passes when both are reached.
 */
public record Tally(int eligible, int yes, int no, int abstain) {

    public int cast() {
        return yes + no + abstain;
    }

    public BigDecimal turnout() {
        return eligible == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(cast()).divide(BigDecimal.valueOf(eligible), 3, RoundingMode.HALF_EVEN);
    }

    public boolean quorumMet(BigDecimal quorum) {
        // compared exactly: cast / eligible >= quorum  <=>  cast >= quorum * eligible
        return eligible > 0 && BigDecimal.valueOf(cast()).compareTo(quorum.multiply(BigDecimal.valueOf(eligible))) >= 0;
    }

    public boolean passes(BigDecimal quorum, BigDecimal threshold) {
        int decided = yes + no;
        return quorumMet(quorum) && decided > 0
                && BigDecimal.valueOf(yes).compareTo(threshold.multiply(BigDecimal.valueOf(decided))) >= 0;
    }
}
