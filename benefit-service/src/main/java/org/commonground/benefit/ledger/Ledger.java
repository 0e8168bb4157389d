package org.commonground.benefit.ledger;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.reactive.Sequentially;

/**
 * The only way into a partnership's ledger: movements are appended, never edited or deleted. Appending locks the
 * chain's head row, so entries of one partnership are numbered and chained one writer at a time, in the caller's
 * transaction (with the state change the movements record).
 */
@ApplicationScoped
public class Ledger {

    static final String COLUMNS = "partnership_id, seq, movement_id, kind, account, unit, amount, contribution_id, pool_id,"
            + " allocation_id, policy_version, occurred_on, recorded_at, previous_hash, hash";
    private static final String INSERT = "INSERT INTO ledger_entry (" + COLUMNS + ")"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

    /** Verification reads the chain this many entries at a time. */
    private static final int CHUNK = 1000;

    private final Clock clock = Clock.systemUTC();

    /** The chain's head (seq 0 and the genesis hash for an empty ledger), locked until the transaction ends. */
    record Head(long seq, String hash) {
    }

    Uni<Head> lockHead(UUID partnershipId) {
        return NativeSql.update("INSERT INTO ledger_head (partnership_id, seq, hash) VALUES (?1, 0, ?2) ON CONFLICT DO NOTHING",
                        partnershipId, LedgerEntry.GENESIS)
                .chain(() -> NativeSql.rows("SELECT seq, hash FROM ledger_head WHERE partnership_id = ?1 FOR UPDATE", partnershipId))
                .map(rows -> new Head(((Number) rows.get(0)[0]).longValue(), (String) rows.get(0)[1]));
    }

    /**
     * Locks the partnership's chain until the transaction ends: publishing a policy and crediting a contribution take it
     * first, so a contribution verified while a policy is published is credited by one or the other, never by neither.
     */
    public Uni<Void> lock(UUID partnershipId) {
        return lockHead(partnershipId).replaceWithVoid();
    }

    /** Appends the movements, in order, to the partnership's chain; answers the entries written. */
    public Uni<List<LedgerEntry>> append(UUID partnershipId, List<Movement> movements) {
        if (movements.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant at = LedgerEntry.recordedAt(clock.instant());
        return lockHead(partnershipId).chain(head -> {
            List<LedgerEntry> entries = new ArrayList<>();
            long seq = head.seq();
            String previous = head.hash();
            for (Movement m : movements) {
                UUID movementId = UUID.randomUUID();
                for (Movement.Leg leg : m.legs()) {
                    LedgerEntry entry = new LedgerEntry(partnershipId, ++seq, movementId, m.kind().name(), leg.account(), m.unit(),
                            leg.amount(), m.contributionId(), m.poolId(), m.allocationId(), m.policyVersion(), m.occurredOn(), at,
                            previous, null).sealed();
                    entries.add(entry);
                    previous = entry.hash();
                }
            }
            LedgerEntry last = entries.get(entries.size() - 1);
            return Sequentially.each(entries, e -> NativeSql.update(INSERT, e.partnershipId(), e.seq(), e.movementId(), e.kind(),
                            e.account(), e.unit(), e.amount(), e.contributionId(), e.poolId(), e.allocationId(), e.policyVersion(),
                            e.occurredOn(), e.recordedAt(), e.previousHash(), e.hash()))
                    .chain(() -> NativeSql.update("UPDATE ledger_head SET seq = ?2, hash = ?3 WHERE partnership_id = ?1",
                            partnershipId, last.seq(), last.hash()))
                    .replaceWith(entries);
        });
    }

    /** The seq of the last entry (0 for an empty ledger). */
    public Uni<Long> headSeq(UUID partnershipId) {
        return NativeSql.rows("SELECT seq FROM ledger_head WHERE partnership_id = ?1", partnershipId)
                .map(rows -> rows.isEmpty() ? 0L : ((Number) rows.get(0)[0]).longValue());
    }

    /** Entries after {@code afterSeq}, in order, at most {@code limit}. */
    public Uni<List<LedgerEntry>> entries(UUID partnershipId, long afterSeq, int limit) {
        return NativeSql.rows("SELECT " + COLUMNS + " FROM ledger_entry WHERE partnership_id = ?1 AND seq > ?2 ORDER BY seq LIMIT "
                + limit, partnershipId, afterSeq).map(rows -> rows.stream().map(Ledger::entry).toList());
    }

    /** Recomputes the whole chain from the stored rows and compares its end with the recorded head. */
    public Uni<Verification.Result> verify(UUID partnershipId) {
        Verification verification = new Verification(partnershipId);
        // the head first: entries appended while the chain is read are not part of this check (and not a mismatch)
        return NativeSql.rows("SELECT seq, hash FROM ledger_head WHERE partnership_id = ?1", partnershipId).chain(rows -> {
            long headSeq = rows.isEmpty() ? 0 : ((Number) rows.get(0)[0]).longValue();
            String headHash = rows.isEmpty() ? LedgerEntry.GENESIS : ((String) rows.get(0)[1]).strip();
            return verifyFrom(partnershipId, 0, headSeq, verification)
                    .map(done -> verification.finish(headSeq, headHash, clock.instant()));
        });
    }

    private Uni<Void> verifyFrom(UUID partnershipId, long afterSeq, long headSeq, Verification verification) {
        return NativeSql.rows("SELECT " + COLUMNS + " FROM ledger_entry WHERE partnership_id = ?1 AND seq > ?2 AND seq <= ?3 ORDER BY seq"
                + " LIMIT " + CHUNK, partnershipId, afterSeq, headSeq).map(rows -> rows.stream().map(Ledger::entry).toList()).chain(chunk -> {
            chunk.forEach(verification::accept);
            if (chunk.size() < CHUNK || verification.broken()) {
                return Uni.createFrom().voidItem();
            }
            return verifyFrom(partnershipId, chunk.get(chunk.size() - 1).seq(), headSeq, verification);
        });
    }

    static LedgerEntry entry(Object[] r) {
        return new LedgerEntry((UUID) r[0], ((Number) r[1]).longValue(), (UUID) r[2], (String) r[3],
                (String) r[4], ((String) r[5]).strip(), (BigDecimal) r[6], (UUID) r[7], (UUID) r[8], (UUID) r[9],
                r[10] == null ? null : ((Number) r[10]).intValue(), (LocalDate) r[11], NativeSql.instant(r[12]), ((String) r[13]).strip(),
                ((String) r[14]).strip());
    }
}
