package org.commonground.benefit.allocation;

import io.quarkus.security.identity.SecurityIdentity;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.benefit.ledger.Ledger;
import org.commonground.benefit.ledger.Movement;
import org.commonground.benefit.partnership.PartnershipAccess;
import org.commonground.benefit.policy.BenefitPolicy;
import org.commonground.benefit.pool.Method;
import org.commonground.benefit.pool.Pool;
import org.commonground.benefit.preference.RewardFormat;
import org.commonground.benefit.preference.RewardPreference;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.money.Money;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.Problem;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.reactive.Sequentially;

/**
 * Computing, publishing and releasing allocations. Computing reads the ledger up to its current head (and says so),
 * weighs every member by the pool's method, and shares the pool exactly ({@link Distribution}). Publishing needs a
 * second person, writes each share to the ledger (paid, or held when the member accepts none of the pool's format) and
 * announces it. A held share is released when the member comes to accept the format.
 */
@ApplicationScoped
public class Allocations {

    /** The payload of allocation.published.v1. */
    record AllocationPublished(UUID allocationId, UUID poolId, UUID partnershipId, UUID memberId, String points, String share,
            String amount, String currency, RewardFormat format, int policyVersion, boolean held, Instant at) {
    }

    /** The payload of allocation.released.v1. */
    record AllocationReleased(UUID allocationId, UUID poolId, UUID partnershipId, UUID memberId, String amount, String currency,
            RewardFormat format, Instant at) {
    }

    private final Ledger ledger;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.systemUTC();

    Allocations(Ledger ledger, Outbox outbox, MeterRegistry metrics) {
        this.ledger = ledger;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /** the outcomes are on /q/metrics from the start, at zero */
    void registerMetrics(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started) {
        for (String outcome : List.of("computed", "published", "refused")) {
            metrics.counter("commonground.allocation.runs", "outcome", outcome);
        }
    }

    /**
     * Counts allocation runs for ops (metric commonground.allocation.runs, tag outcome: computed, published, refused
     * by a rule). Counted as the run completes inside its transaction: a run whose commit then fails counts too.
     */
    private <T> Uni<T> counted(String outcome, Uni<T> run) {
        return run.invoke(done -> metrics.counter("commonground.allocation.runs", "outcome", outcome).increment())
                .onFailure(ProblemException.class)
                .invoke(refused -> metrics.counter("commonground.allocation.runs", "outcome", "refused").increment());
    }

    /** Locks the pool for the rest of the transaction: one computation or publication of a pool at a time. */
    private static Uni<Pool> lockedPool(UUID poolId) {
        return NativeSql.ids("SELECT id FROM pool WHERE id = ?1 FOR UPDATE", poolId).chain(ids -> Pool.existing(poolId));
    }

    public Uni<Allocation> compute(UUID poolId, SecurityIdentity identity) {
        return counted("computed", lockedPool(poolId).call(pool -> PartnershipAccess.requireActor(identity, pool.partnershipId)).chain(pool ->
                NativeSql.count("SELECT count(*) FROM allocation WHERE pool_id = ?1 AND status = 'PUBLISHED'", poolId).chain(published -> {
                    if (published > 0) {
                        throw ProblemException.ruleBroken("allocated-once", "This pool's allocation is published and never changes.");
                    }
                    return BenefitPolicy.current(pool.partnershipId);
                }).chain(policy -> {
                    if (policy == null) {
                        throw ProblemException.ruleBroken("published-policy",
                                "The partnership has no published benefit policy: a pool is shared only by a published one.");
                    }
                    if (!policy.offered().contains(pool.format)) {
                        throw ProblemException.ruleBroken("format-offered", "The current policy (version " + policy.version
                                + ") offers " + policy.offered() + ", not this pool's " + pool.format + ".");
                    }
                    return ledger.headSeq(pool.partnershipId).chain(head -> draft(pool, policy, head, identity.getPrincipal().getName()));
                })));
    }

    private Uni<Allocation> draft(Pool pool, BenefitPolicy policy, long head, String computedBy) {
        return earned(pool.partnershipId, head).chain(earned -> paidBefore(pool, head).chain(paid -> {
            long poolMinor = pool.minorUnits();
            List<Weighing.Weighed> weighed = Weighing.weigh(pool.method, earned, pool.periodFrom, pool.periodTo, policy.recentDecay, paid,
                    poolMinor);
            Long floor = policy.floorShare == null ? null
                    : policy.floorShare.multiply(BigDecimal.valueOf(poolMinor)).setScale(0, RoundingMode.CEILING).longValueExact();
            Long cap = policy.capShare == null ? null
                    : policy.capShare.multiply(BigDecimal.valueOf(poolMinor)).setScale(0, RoundingMode.FLOOR).longValueExact();
            Distribution.Result result = Distribution.share(poolMinor,
                    weighed.stream().map(w -> new Distribution.Claim(w.member(), w.weight())).toList(), floor, cap);
            Map<String, Weighing.Weighed> byMember = new HashMap<>();
            weighed.forEach(w -> byMember.put(w.member(), w));

            Allocation allocation = new Allocation();
            allocation.id = UUID.randomUUID();
            allocation.poolId = pool.id;
            allocation.status = Allocation.Status.DRAFT;
            allocation.policyId = policy.id;
            allocation.policyVersion = policy.version;
            allocation.ledgerSeq = head;
            allocation.totalWeight = result.totalWeight();
            allocation.floorAmount = floor == null ? null : pool.money(floor);
            allocation.capAmount = cap == null ? null : pool.money(cap);
            allocation.unallocated = pool.money(result.unallocated());
            allocation.computedBy = computedBy;
            allocation.computedAt = clock.instant();
            int digits = pool.minorDigits();
            return NativeSql.update("UPDATE allocation SET status = 'DISCARDED' WHERE pool_id = ?1 AND status = 'DRAFT'", pool.id)
                    .chain(() -> allocation.persistAndFlush())
                    .chain(() -> Sequentially.each(result.shares(), share -> {
                        Weighing.Weighed w = byMember.get(share.member());
                        return new AllocationLine(allocation.id, share.member(), null, w.periodPoints(), w.lifetimePoints(),
                                w.recentPoints(), pool.method == Method.BALANCED ? pool.money(w.paidBefore()) : null,
                                w.target() == null ? null : w.target().movePointLeft(digits), share.weight(),
                                share.exactAmount(12).movePointLeft(digits), pool.money(share.amount()), share.bound(),
                                AllocationLine.Status.DRAFT, null).insert();
                    }))
                    .replaceWith(allocation);
        }));
    }

    /** Points per member as the ledger holds them (credits and reversals), up to the given entry. */
    private static Uni<List<Weighing.Earned>> earned(UUID partnershipId, long head) {
        return NativeSql.rows("SELECT account, amount, occurred_on FROM ledger_entry WHERE partnership_id = ?1 AND seq <= ?2"
                        + " AND kind IN ('CONTRIBUTION_CREDITED', 'CONTRIBUTION_REVERSED') AND account LIKE 'member/%' ORDER BY seq",
                partnershipId, head).map(rows -> rows.stream().map(r -> new Weighing.Earned(((String) r[0]).substring("member/".length()),
                (BigDecimal) r[1], (LocalDate) r[2])).toList());
    }

    /** What each member was allocated before (paid or held) in the pool's currency, in minor units. */
    private static Uni<Map<String, Long>> paidBefore(Pool pool, long head) {
        return NativeSql.rows("SELECT account, sum(amount) FROM ledger_entry WHERE partnership_id = ?1 AND seq <= ?2 AND unit = ?3"
                        + " AND kind IN ('ALLOCATION_PAID', 'ALLOCATION_HELD') AND (account LIKE 'member/%' OR account LIKE 'held/%')"
                        + " GROUP BY account", pool.partnershipId, head, pool.currency)
                .map(rows -> {
                    Map<String, Long> paid = new HashMap<>();
                    for (Object[] r : rows) {
                        String account = (String) r[0];
                        paid.merge(account.substring(account.indexOf('/') + 1),
                                ((BigDecimal) r[1]).movePointRight(pool.minorDigits()).setScale(0, RoundingMode.UNNECESSARY).longValueExact(),
                                Long::sum);
                    }
                    return paid;
                });
    }

    public Uni<Allocation> publish(UUID allocationId, SecurityIdentity identity) {
        String subject = identity.getPrincipal().getName();
        // the pool is locked before the allocation is read, so a concurrent publication is seen, never repeated
        return counted("published", NativeSql.ids("SELECT pool_id FROM allocation WHERE id = ?1", allocationId).chain(poolIds -> {
            if (poolIds.isEmpty()) {
                throw ProblemException.notFound("No allocation " + allocationId + ".");
            }
            return lockedPool(poolIds.get(0));
        }).chain(pool -> Allocation.existing(allocationId)
                .call(a -> PartnershipAccess.requireActor(identity, pool.partnershipId))
                .call(a -> {
                    if (a.status != Allocation.Status.DRAFT) {
                        throw ProblemException.conflict(a.status == Allocation.Status.PUBLISHED
                                ? "This allocation is already published."
                                : "This draft was replaced by a newer computation: publish that one.");
                    }
                    if (a.computedBy.equals(subject)) {
                        Problem problem = Problem.of(ProblemType.FORBIDDEN, "Four eyes: the person who computed an allocation cannot"
                                + " publish it. Ask another steward, the partner or an admin to check and publish it.");
                        throw new ProblemException(new Problem(problem.type(), problem.title(), problem.status(), problem.detail(), null,
                                List.of(), "four-eyes"));
                    }
                    return BenefitPolicy.current(pool.partnershipId).invoke(policy -> {
                        if (policy == null || !policy.id.equals(a.policyId)) {
                            throw ProblemException.ruleBroken("current-policy", "The policy changed since this draft was computed"
                                    + " (it applied version " + a.policyVersion + "): compute it again.");
                        }
                    });
                })
                .chain(a -> AllocationLine.of(a.id).chain(lines -> {
                    if (lines.stream().allMatch(l -> l.amount().signum() == 0)) {
                        // publishing would close the pool for good with all its money still in it
                        throw ProblemException.ruleBroken("nothing-to-share", "Nobody is eligible for this pool yet: nothing would be"
                                + " shared. Compute it again once contributions in its period are verified.");
                    }
                    return settle(pool, a, lines, subject);
                }))));
    }

    private Uni<Allocation> settle(Pool pool, Allocation allocation, List<AllocationLine> lines, String publishedBy) {
        Instant now = clock.instant();
        allocation.status = Allocation.Status.PUBLISHED;
        allocation.publishedBy = publishedBy;
        allocation.publishedAt = now;
        List<Movement> movements = new ArrayList<>();
        String format = pool.format.name();
        // every recipient's preference in one read, with a share lock: a change of preference in flight is waited for,
        // so it either sees these shares held or made them paid
        return NativeSql.rows("SELECT member_id, accepts FROM reward_preference WHERE member_id IN"
                        + " (SELECT member_id FROM allocation_line WHERE allocation_id = ?1) FOR SHARE", allocation.id)
                .chain(rows -> {
                    Map<UUID, List<RewardFormat>> accepts = new HashMap<>();
                    rows.forEach(r -> accepts.put((UUID) r[0], RewardPreference.formats((String) r[1])));
                    // no preference means every format; nothing to hold for a share of zero
                    return NativeSql.update("UPDATE allocation_line l SET status = 'HELD' FROM reward_preference p WHERE l.allocation_id = ?1"
                                    + " AND l.amount > 0 AND p.member_id = l.member_id AND NOT (?2 = ANY (string_to_array(p.accepts, ',')))",
                                    allocation.id, format)
                            .chain(() -> NativeSql.update("UPDATE allocation_line SET status = 'PAID' WHERE allocation_id = ?1 AND status = 'DRAFT'",
                                    allocation.id))
                            .replaceWith(accepts);
                })
                .chain(accepts -> Sequentially.each(lines, line -> {
                    boolean held = line.amount().signum() > 0 && line.memberId() != null && accepts.containsKey(line.memberId())
                            && !accepts.get(line.memberId()).contains(pool.format);
                    if (line.amount().signum() > 0) {
                        movements.add(new Movement(held ? Movement.Kind.ALLOCATION_HELD : Movement.Kind.ALLOCATION_PAID,
                                held ? Movement.held(line.pseudonym()) : Movement.member(line.pseudonym()), Movement.pool(pool.id),
                                pool.currency, line.amount(), null, pool.id, allocation.id, allocation.policyVersion, null));
                    }
                    return line.memberId() == null || line.amount().signum() == 0 ? Uni.createFrom().voidItem()
                                    : outbox.add(EventType.ALLOCATION_PUBLISHED, line.memberId().toString(), allocation.id.toString(),
                                            new AllocationPublished(allocation.id, pool.id, pool.partnershipId, line.memberId(),
                                                    AllocationResource.points(counted(pool.method, line)),
                                                    line.amount().divide(pool.amount, 6, RoundingMode.HALF_EVEN).toPlainString(),
                                                    Money.text(line.amount(), pool.currency), pool.currency, pool.format, allocation.policyVersion, held, now));
                }))
                .chain(() -> allocation.persistAndFlush())
                .call(() -> ledger.append(pool.partnershipId, movements))
                .replaceWith(allocation);
    }

    /** The points the pool's method counted for a member. */
    static BigDecimal counted(Method method, AllocationLine line) {
        return switch (method) {
            case PROPORTIONAL -> line.periodPoints();
            case RECENT -> line.recentPoints();
            case BALANCED -> line.lifetimePoints();
        };
    }

    /** Releases the member's held shares whose format they now accept. */
    public Uni<Void> release(UUID memberId, List<RewardFormat> accepted) {
        Instant now = clock.instant();
        return NativeSql.rows("SELECT l.allocation_id, l.pseudonym, l.amount, p.id, p.partnership_id, p.currency, p.format"
                        + " FROM allocation_line l JOIN allocation a ON a.id = l.allocation_id JOIN pool p ON p.id = a.pool_id"
                        + " WHERE l.member_id = ?1 AND l.status = 'HELD' AND a.status = 'PUBLISHED' ORDER BY a.published_at FOR UPDATE OF l",
                        memberId)
                .chain(rows -> Sequentially.each(rows.stream().filter(r -> accepted.contains(RewardFormat.valueOf((String) r[6]))).toList(), r -> {
                    UUID allocationId = (UUID) r[0];
                    String pseudonym = (String) r[1];
                    BigDecimal amount = (BigDecimal) r[2];
                    UUID poolId = (UUID) r[3];
                    UUID partnershipId = (UUID) r[4];
                    String currency = ((String) r[5]).strip();
                    RewardFormat format = RewardFormat.valueOf((String) r[6]);
                    return ledger.append(partnershipId, List.of(new Movement(Movement.Kind.HOLD_RELEASED, Movement.member(pseudonym),
                                    Movement.held(pseudonym), currency, amount, null, poolId, allocationId, null, null)))
                            .chain(() -> NativeSql.update("UPDATE allocation_line SET status = 'RELEASED', released_at = ?3"
                                    + " WHERE allocation_id = ?1 AND pseudonym = ?2", allocationId, pseudonym, now))
                            .chain(() -> outbox.add(EventType.ALLOCATION_RELEASED, memberId.toString(), allocationId.toString(),
                                    new AllocationReleased(allocationId, poolId, partnershipId, memberId,
                                            Money.text(amount, currency), currency, format, now)));
                }));
    }
}
