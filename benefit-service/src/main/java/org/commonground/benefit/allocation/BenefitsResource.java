package org.commonground.benefit.allocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.member.LedgerMembers;
import org.commonground.benefit.policy.BenefitPolicy;
import org.commonground.benefit.policy.ContributionType;
import org.commonground.benefit.pool.Method;
import org.commonground.benefit.pool.Pool;
import org.commonground.benefit.pool.PoolResource.PoolView;
import org.commonground.platform.money.Money;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.reactive.Sequentially;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What a member received, and why: for each published allocation, their contributions with the points each earned,
 * the policy version and method, their weight and share, and the arithmetic from the pool to their amount.
 */
@Path("/api/members/me/benefits")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class BenefitsResource {

    /** One contribution as the allocation counted it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CountedContribution(UUID contributionId, LocalDate occurredOn, String type, String weight, String hours, String impact,
            String multiplier, String points, Integer policyVersion, String counted, boolean reversal) {
    }

    /** A member's share of one pool, explained. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Benefit(UUID allocationId, PoolView pool, UUID policyId, int policyVersion, Method method, long ledgerSeq,
            Instant publishedAt, String amount, String currency, AllocationLine.Status status, String weight, String totalWeight,
            String share, String exactAmount, Distribution.Bound bound, String paidBefore, String target,
            List<CountedContribution> contributions, List<String> arithmetic) {
    }

    private final SecurityIdentity identity;

    BenefitsResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @WithSession
    @Operation(summary = "What the caller received from each published allocation, and the arithmetic that decided it, newest first")
    public Uni<Page<Benefit>> mine(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        String select = "SELECT a.id, a.published_at FROM allocation_line l JOIN allocation a ON a.id = l.allocation_id"
                + " WHERE l.member_id = ?1 AND a.status = 'PUBLISHED'";
        String order = " ORDER BY a.published_at DESC, a.id DESC LIMIT " + page.fetchSize();
        return LedgerMembers.memberOf(identity.getPrincipal().getName()).chain(memberId -> (page.first()
                        ? NativeSql.rows(select + order, memberId)
                        : NativeSql.rows(select + " AND (a.published_at < ?2 OR (a.published_at = ?2 AND a.id < ?3))" + order, memberId,
                                page.afterInstant(0), page.afterUuid(1)))
                .chain(rows -> {
                    List<Benefit> benefits = new ArrayList<>();
                    return Sequentially.each(rows, r -> explain((UUID) r[0], memberId).invoke(benefits::add))
                            .map(done -> page.page(benefits, b -> List.of(b.publishedAt().toString(), b.allocationId().toString()), b -> b));
                }));
    }

    private Uni<Benefit> explain(UUID allocationId, UUID memberId) {
        return Allocation.existing(allocationId).chain(a -> Pool.existing(a.poolId).chain(pool -> BenefitPolicy.existing(a.policyId)
                .chain(policy -> NativeSql.rows("SELECT " + AllocationLine.COLUMNS + " FROM allocation_line WHERE allocation_id = ?1"
                        + " AND member_id = ?2", allocationId, memberId).map(rows -> AllocationLine.read(rows.get(0)))
                        .chain(line -> contributions(pool, a, line, policy).map(counted -> benefit(pool, a, line, counted))))));
    }

    private static Uni<List<CountedContribution>> contributions(Pool pool, Allocation a, AllocationLine line, BenefitPolicy policy) {
        long periodDays = ChronoUnit.DAYS.between(pool.periodFrom, pool.periodTo) + 1;
        return NativeSql.rows("SELECT e.contribution_id, e.occurred_on, c.type, c.hours, c.impact, e.amount, e.policy_version, e.kind,"
                        + " p.weights, p.multiplier_low, p.multiplier_medium, p.multiplier_high"
                        + " FROM ledger_entry e LEFT JOIN credited_contribution c ON c.contribution_id = e.contribution_id"
                        + " LEFT JOIN benefit_policy p ON p.id = c.policy_id"
                        + " WHERE e.partnership_id = ?1 AND e.seq <= ?2 AND e.account = ?3"
                        + " AND e.kind IN ('CONTRIBUTION_CREDITED', 'CONTRIBUTION_REVERSED') AND e.occurred_on <= ?4 ORDER BY e.seq",
                        pool.partnershipId, a.ledgerSeq, "member/" + line.pseudonym(), pool.periodTo)
                .map(rows -> rows.stream().map(r -> {
                    LocalDate on = (LocalDate) r[1];
                    boolean inPeriod = !on.isBefore(pool.periodFrom);
                    String counted = switch (pool.method) {
                        case PROPORTIONAL -> inPeriod ? "in the period" : "before the period: not counted";
                        case BALANCED -> "lifetime points";
                        case RECENT -> {
                            long k = inPeriod ? 0 : (ChronoUnit.DAYS.between(on, pool.periodFrom) - 1) / periodDays + 1;
                            yield "× " + policy.recentDecay.stripTrailingZeros().toPlainString() + "^" + k + " = × "
                                    + policy.recentDecay.pow((int) Math.min(k, 10_000), MathContext.DECIMAL128)
                                            .setScale(Weighing.RECENT_DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
                        }
                    };
                    String type = (String) r[2];
                    String impact = (String) r[4];
                    String weight = type == null || r[8] == null ? null
                            : AllocationResource.points(BenefitPolicy.weightsOf((String) r[8]).get(ContributionType.valueOf(type)));
                    String multiplier = impact == null || r[8] == null ? null : AllocationResource.points((BigDecimal) switch (impact) {
                        case "LOW" -> r[9];
                        case "MEDIUM" -> r[10];
                        default -> r[11];
                    });
                    return new CountedContribution((UUID) r[0], on, type, weight, r[3] == null ? null : AllocationResource.points((BigDecimal) r[3]),
                            impact, multiplier, AllocationResource.points((BigDecimal) r[5]), r[6] == null ? null : ((Number) r[6]).intValue(),
                            counted, "CONTRIBUTION_REVERSED".equals(r[7]));
                }).toList());
    }

    private static Benefit benefit(Pool pool, Allocation a, AllocationLine line, List<CountedContribution> contributions) {
        String c = pool.currency;
        String share = AllocationResource.share(line.weight(), a.totalWeight);
        List<String> arithmetic = new ArrayList<>();
        for (CountedContribution cc : contributions) {
            if (cc.type() != null && !cc.reversal()) {
                arithmetic.add(cc.occurredOn() + " " + cc.type() + ": " + cc.weight() + " (weight) × " + cc.hours() + " h × "
                        + cc.multiplier() + " (" + cc.impact() + ") = " + cc.points() + " points (policy version " + cc.policyVersion() + ")");
            } else if (cc.reversal()) {
                arithmetic.add(cc.occurredOn() + ": revoked, " + cc.points() + " points given back");
            }
        }
        switch (pool.method) {
            case PROPORTIONAL -> arithmetic.add("your weight = your points in " + pool.periodFrom + " to " + pool.periodTo + " = "
                    + AllocationResource.points(line.periodPoints()));
            case RECENT -> arithmetic.add("your weight = your points, each × decay^(periods before the pool's period) = "
                    + AllocationResource.points(line.recentPoints()));
            case BALANCED -> arithmetic.add("your target = (paid so far to everyone + pool) × your lifetime points "
                    + AllocationResource.points(line.lifetimePoints()) + " ÷ everyone's lifetime points = "
                    + Money.text(line.target(), c) + " " + c + "; you were paid " + Money.text(line.paidBefore(), c)
                    + " before; your weight is how far below your target you were");
        }
        arithmetic.add("your share = " + AllocationResource.points(line.weight()) + " ÷ " + AllocationResource.points(a.totalWeight)
                + " (everyone's weight) = " + share);
        arithmetic.add("exact amount = " + share + " of " + Money.text(pool.amount, c) + " " + c + " = "
                + AllocationResource.points(line.exactAmount()) + " " + c + switch (line.bound()) {
                    case FLOOR -> ", raised to the floor " + Money.text(a.floorAmount, c);
                    case CAP -> ", limited to the cap " + Money.text(a.capAmount, c);
                    case EQUAL_SPLIT -> " (the pool could not give everyone the floor, so it was shared equally)";
                    case NONE -> "";
                });
        arithmetic.add("rounded to the cent by the largest-remainder method: " + Money.text(line.amount(), c) + " " + c
                + (line.status() == AllocationLine.Status.HELD ? " (held: you do not accept " + pool.format + "; accept it to receive it)" : ""));
        return new Benefit(a.id, PoolView.of(pool), a.policyId, a.policyVersion, pool.method, a.ledgerSeq, a.publishedAt,
                Money.text(line.amount(), c), c, line.status(), AllocationResource.points(line.weight()),
                AllocationResource.points(a.totalWeight), share, AllocationResource.points(line.exactAmount()), line.bound(),
                line.paidBefore() == null ? null : Money.text(line.paidBefore(), c), line.target() == null ? null : Money.text(line.target(), c),
                contributions, arithmetic);
    }
}
