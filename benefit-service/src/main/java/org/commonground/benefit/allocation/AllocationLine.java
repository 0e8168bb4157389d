package org.commonground.benefit.allocation;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import io.smallrye.mutiny.Uni;
import org.commonground.platform.persistence.NativeSql;

/** One member's line of an allocation: the figures that decided their amount, and what became of it. */
public record AllocationLine(UUID allocationId, String pseudonym, UUID memberId, BigDecimal periodPoints, BigDecimal lifetimePoints,
        BigDecimal recentPoints, BigDecimal paidBefore, BigDecimal target, BigDecimal weight, BigDecimal exactAmount, BigDecimal amount,
        Distribution.Bound bound, Status status, Instant releasedAt) {

    public enum Status {
        DRAFT, PAID, HELD, RELEASED
    }

    static final String COLUMNS = "allocation_id, pseudonym, member_id, period_points, lifetime_points, recent_points, paid_before,"
            + " target, weight, exact_amount, amount, bound, status, released_at";

    /** Writes a computed line; the member behind the pseudonym is looked up as it is written (none once erased). */
    Uni<Integer> insert() {
        return NativeSql.update("INSERT INTO allocation_line (" + COLUMNS + ") VALUES (?1, ?2, (SELECT member_id FROM ledger_member WHERE"
                        + " pseudonym = ?2 AND erased_at IS NULL), ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                allocationId, pseudonym, periodPoints, lifetimePoints, recentPoints, paidBefore, target, weight, exactAmount,
                amount, bound.name(), status.name(), releasedAt);
    }

    static Uni<List<AllocationLine>> of(UUID allocationId) {
        return NativeSql.rows("SELECT " + COLUMNS + " FROM allocation_line WHERE allocation_id = ?1 ORDER BY amount DESC, pseudonym",
                allocationId).map(rows -> rows.stream().map(AllocationLine::read).toList());
    }

    static AllocationLine read(Object[] r) {
        return new AllocationLine((UUID) r[0], (String) r[1], (UUID) r[2], (BigDecimal) r[3], (BigDecimal) r[4], (BigDecimal) r[5],
                (BigDecimal) r[6], (BigDecimal) r[7], (BigDecimal) r[8], (BigDecimal) r[9], (BigDecimal) r[10],
                Distribution.Bound.valueOf((String) r[11]), Status.valueOf((String) r[12]), NativeSql.instant(r[13]));
    }
}
