package org.commonground.benefit.ledger;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.member.LedgerMembers;
import org.commonground.benefit.policy.BenefitPolicy;
import org.commonground.benefit.policy.ContributionType;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.reactive.Sequentially;

/**
 * Verified contributions become points in the ledger, each exactly once, under the partnership's current published
 * policy; a revoked one gives its points back, exactly. A contribution verified before the partnership has a published
 * policy waits and is credited when the first version is published. A revocation that arrives before its verification
 * is remembered, so the late verification credits nothing.
 */
@ApplicationScoped
public class ContributionCredits {

    /** What contribution.verified.v1 says. */
    public record Verified(UUID contributionId, UUID memberId, UUID initiativeId, UUID partnershipId, ContributionType type,
            BigDecimal hours, BenefitPolicy.Impact impact, LocalDate occurredOn, Instant at) {
    }

    private static final String REMEMBER = "INSERT INTO credited_contribution (contribution_id, member_id, partnership_id,"
            + " initiative_id, type, hours, impact, occurred_on, verified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
            + " ON CONFLICT (contribution_id) DO UPDATE SET initiative_id = excluded.initiative_id, type = excluded.type,"
            + " hours = excluded.hours, impact = excluded.impact, occurred_on = excluded.occurred_on,"
            + " verified_at = excluded.verified_at WHERE credited_contribution.verified_at IS NULL";

    private final Ledger ledger;

    ContributionCredits(Ledger ledger) {
        this.ledger = ledger;
    }

    public Uni<Void> verified(Verified v) {
        // the chain's lock first, always (here, in revocations and in publishing a policy): one order, no deadlock
        return ledger.lock(v.partnershipId())
                .chain(() -> NativeSql.update(REMEMBER, v.contributionId(), v.memberId(), v.partnershipId(), v.initiativeId(),
                        v.type().name(), v.hours(), v.impact().name(), v.occurredOn(), v.at()))
                .chain(changed -> changed == 0
                        ? Uni.createFrom().voidItem() // seen before: credited once, whatever is redelivered
                        : BenefitPolicy.current(v.partnershipId())
                                .chain(policy -> policy == null ? Uni.createFrom().voidItem() : credit(v.contributionId(), policy)));
    }

    public Uni<Void> revoked(UUID contributionId, UUID memberId, UUID partnershipId, Instant at) {
        return ledger.lock(partnershipId).chain(() -> NativeSql.update("INSERT INTO credited_contribution (contribution_id, member_id,"
                        + " partnership_id, revoked_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (contribution_id) DO NOTHING",
                        contributionId, memberId, partnershipId, at))
                .chain(inserted -> inserted > 0
                        ? Uni.createFrom().voidItem() // revoked before it was known to be verified: nothing was credited
                        : NativeSql.rows("SELECT points, policy_version, occurred_on FROM credited_contribution"
                                + " WHERE contribution_id = ?1 AND revoked_at IS NULL FOR UPDATE", contributionId)
                                .chain(rows -> {
                                    if (rows.isEmpty()) {
                                        return Uni.createFrom().voidItem(); // already revoked
                                    }
                                    Object[] r = rows.get(0);
                                    return NativeSql.update("UPDATE credited_contribution SET revoked_at = ?2 WHERE contribution_id = ?1",
                                                    contributionId, at)
                                            .chain(() -> r[0] == null ? Uni.createFrom().voidItem()
                                                    : reverse(contributionId, memberId, partnershipId, (BigDecimal) r[0],
                                                            ((Number) r[1]).intValue(), (LocalDate) r[2]));
                                }));
    }

    /** Credits every contribution of the partnership that waited for a published policy. */
    public Uni<Void> creditWaiting(BenefitPolicy policy) {
        return NativeSql.ids("SELECT contribution_id FROM credited_contribution WHERE partnership_id = ?1 AND points IS NULL"
                        + " AND revoked_at IS NULL AND verified_at IS NOT NULL ORDER BY verified_at, contribution_id", policy.partnershipId)
                .chain(ids -> Sequentially.each(ids, id -> credit(id, policy)));
    }

    private Uni<Void> credit(UUID contributionId, BenefitPolicy policy) {
        // only a verified contribution not yet credited nor revoked earns points
        return NativeSql.rows("SELECT member_id, type, hours, impact, occurred_on FROM credited_contribution WHERE contribution_id = ?1"
                + " AND points IS NULL AND revoked_at IS NULL AND verified_at IS NOT NULL FOR UPDATE", contributionId).chain(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Object[] r = rows.get(0);
                    UUID memberId = (UUID) r[0];
                    BigDecimal points = policy.points(ContributionType.valueOf((String) r[1]), (BigDecimal) r[2],
                            BenefitPolicy.Impact.valueOf((String) r[3]));
                    LocalDate occurredOn = (LocalDate) r[4];
                    return NativeSql.update("UPDATE credited_contribution SET points = ?2, policy_id = ?3, policy_version = ?4"
                                    + " WHERE contribution_id = ?1", contributionId, points, policy.id, policy.version)
                            .chain(() -> points.signum() == 0 ? Uni.createFrom().item(List.<LedgerEntry>of())
                                    : LedgerMembers.pseudonymOf(memberId).chain(pseudonym -> ledger.append(policy.partnershipId, List.of(
                                            new Movement(Movement.Kind.CONTRIBUTION_CREDITED, Movement.member(pseudonym), Movement.CONTRIBUTIONS,
                                                    Movement.POINTS, points, contributionId, null, null, policy.version, occurredOn)))))
                            .replaceWithVoid();
                });
    }

    private Uni<Void> reverse(UUID contributionId, UUID memberId, UUID partnershipId, BigDecimal points, int policyVersion,
            LocalDate occurredOn) {
        if (points.signum() == 0) {
            return Uni.createFrom().voidItem();
        }
        return LedgerMembers.pseudonymOf(memberId).chain(pseudonym -> ledger.append(partnershipId, List.of(
                new Movement(Movement.Kind.CONTRIBUTION_REVERSED, Movement.CONTRIBUTIONS, Movement.member(pseudonym), Movement.POINTS,
                        points, contributionId, null, null, policyVersion, occurredOn)))).replaceWithVoid();
    }
}
