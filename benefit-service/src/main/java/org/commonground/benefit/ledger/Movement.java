package org.commonground.benefit.ledger;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One movement of points or money: two legs of the same unit that net to zero (double entry), with what it refers to.
 * Accounts: {@code contributions} (where points come from), {@code member/<pseudonym>}, {@code funding} (what partners
 * put up), {@code pool/<poolId>}, {@code held/<pseudonym>} (a member's share held until they accept the format).
 */
public record Movement(Kind kind, String credit, String debit, String unit, BigDecimal amount, UUID contributionId, UUID poolId,
        UUID allocationId, Integer policyVersion, LocalDate occurredOn) {

    /** What moved, and why. */
    public enum Kind {
        /** a verified contribution earns its points under the policy version named */
        CONTRIBUTION_CREDITED,
        /** a revoked contribution gives back exactly the points it earned */
        CONTRIBUTION_REVERSED,
        /** a pool is put up */
        POOL_FUNDED,
        /** a member receives their share of a pool */
        ALLOCATION_PAID,
        /** a member's share is held until they accept the pool's reward format */
        ALLOCATION_HELD,
        /** a held share reaches the member */
        HOLD_RELEASED
    }

    public static final String POINTS = "POINTS";
    public static final String CONTRIBUTIONS = "contributions";
    public static final String FUNDING = "funding";

    public static String member(String pseudonym) {
        return "member/" + pseudonym;
    }

    public static String held(String pseudonym) {
        return "held/" + pseudonym;
    }

    public static String pool(UUID poolId) {
        return "pool/" + poolId;
    }

    public Movement {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a movement moves a positive amount from one account to another");
        }
    }

    /** The two legs: the credited account gains the amount, the debited one gives it. */
    List<Leg> legs() {
        return List.of(new Leg(credit, amount), new Leg(debit, amount.negate()));
    }

    record Leg(String account, BigDecimal amount) {
    }
}
