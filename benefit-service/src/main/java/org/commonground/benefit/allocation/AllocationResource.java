package org.commonground.benefit.allocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.partnership.PartnershipAccess;
import org.commonground.benefit.pool.Method;
import org.commonground.benefit.pool.Pool;
import org.commonground.benefit.pool.PoolResource.PoolView;
import org.commonground.platform.money.Money;
import org.commonground.platform.security.PartnerOrganization;
import org.commonground.platform.security.PartnerPseudonyms;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Allocations of a pool: computed as a draft by one of its actors, published by another (four eyes), read in full by
 * actors and auditors, and in aggregate by anyone.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class AllocationResource {

    /** At least this many recipients before the public view shows the spread of amounts. */
    static final int SMALLEST_GROUP = 5;

    /** One member's line as actors and auditors read it; the member id only for stewards, admins and auditors. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LineView(String pseudonym, UUID memberId, String periodPoints, String lifetimePoints, String recentPoints,
            String paidBefore, String target, String weight, String share, String exactAmount, String amount, Distribution.Bound bound,
            AllocationLine.Status status) {
    }

    /** An allocation in full. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AllocationView(UUID id, PoolView pool, Allocation.Status status, UUID policyId, int policyVersion, long ledgerSeq,
            String totalWeight, String floorAmount, String capAmount, String allocated, String unallocated, int recipients,
            Instant computedAt, Instant publishedAt, boolean computedByYou, List<LineView> lines) {
    }

    private final SecurityIdentity identity;
    private final Allocations allocations;
    private final PartnerPseudonyms pseudonyms;

    AllocationResource(SecurityIdentity identity, Allocations allocations, PartnerPseudonyms pseudonyms) {
        this.identity = identity;
        this.allocations = allocations;
        this.pseudonyms = pseudonyms;
    }

    @POST
    @Path("/pools/{id}/allocations")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN, Roles.PARTNER })
    @WithTransaction
    @Operation(summary = "Compute a draft allocation of the pool from the ledger as it stands and the current published policy"
            + " (the pool's partner, its partnership's stewards, admins); a newer draft replaces an older one")
    @APIResponse(responseCode = "201", description = "the draft, with every eligible member's figures", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AllocationView.class)))
    @APIResponse(responseCode = "409", description = "no published policy (published-policy), the policy does not offer the pool's"
            + " format (format-offered), or the pool's allocation is already published (allocated-once)")
    public Uni<Response> compute(@PathParam("id") UUID poolId) {
        return allocations.compute(poolId, identity).chain(this::view)
                .map(view -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/allocations/" + view.id())
                        .entity(view).build());
    }

    @POST
    @Path("/allocations/{id}/publish")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN, Roles.PARTNER })
    @WithTransaction
    @Operation(summary = "Publish a draft allocation (someone other than who computed it): immutable, in the ledger, announced to"
            + " each member")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller computed it (rule four-eyes), or may not act for the partnership")
    @APIResponse(responseCode = "409", description = "already published, replaced by a newer draft, or the policy changed since")
    public Uni<AllocationView> publish(@PathParam("id") UUID id) {
        return allocations.publish(id, identity).chain(this::view);
    }

    @GET
    @Path("/allocations/{id}")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN, Roles.PARTNER, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "An allocation with every line (the pool's partner, its partnership's stewards, admins, auditors)")
    public Uni<AllocationView> read(@PathParam("id") UUID id) {
        return Allocation.existing(id).call(a -> Pool.existing(a.poolId)
                .call(pool -> PartnershipAccess.requireReader(identity, pool.partnershipId))).chain(this::view);
    }

    @GET
    @Path("/pools/{id}/allocations")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN, Roles.PARTNER, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "Every computation of the pool, newest first, without lines (its actors and auditors)")
    public Uni<List<AllocationView>> ofPool(@PathParam("id") UUID poolId) {
        return Pool.existing(poolId).call(pool -> PartnershipAccess.requireReader(identity, pool.partnershipId))
                .chain(pool -> Allocation.<Allocation>list("poolId = ?1 order by computedAt desc", poolId)
                        .map(list -> list.stream().limit(100).map(a -> summary(pool, a, List.of())).toList()));
    }

    private Uni<AllocationView> view(Allocation a) {
        return Pool.existing(a.poolId).chain(pool -> AllocationLine.of(a.id).map(lines -> summary(pool, a, lines)));
    }

    private AllocationView summary(Pool pool, Allocation a, List<AllocationLine> lines) {
        boolean seesIds = PartnershipAccess.seesMemberIds(identity);
        // a partner knows each member by its own pseudonym for them, as everywhere in the partner API, never the ledger's
        java.util.Optional<String> organization = seesIds ? java.util.Optional.empty() : PartnerOrganization.of(identity);
        java.util.function.Function<AllocationLine, String> name = l -> organization.map(o -> l.memberId() == null ? "erased"
                : pseudonyms.of(o, l.memberId())).orElse(l.pseudonym());
        BigDecimal allocated = pool.amount.subtract(a.unallocated);
        List<LineView> views = lines.stream().map(l -> new LineView(name.apply(l), seesIds ? l.memberId() : null, points(l.periodPoints()),
                points(l.lifetimePoints()), points(l.recentPoints()), money(l.paidBefore(), pool), points(l.target()), points(l.weight()),
                share(l.weight(), a.totalWeight), points(l.exactAmount()), Money.text(l.amount(), pool.currency), l.bound(), l.status()))
                .toList();
        return new AllocationView(a.id, PoolView.of(pool), a.status, a.policyId, a.policyVersion, a.ledgerSeq, points(a.totalWeight),
                money(a.floorAmount, pool), money(a.capAmount, pool), Money.text(allocated, pool.currency),
                Money.text(a.unallocated, pool.currency), lines.size(), a.computedAt, a.publishedAt,
                a.computedBy.equals(identity.getPrincipal().getName()), views);
    }

    /** The aggregate arithmetic of a pool's published allocation, for anyone. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PublicPool(PoolView pool, String status, Integer policyVersion, UUID policyId, Long ledgerSeq, Instant publishedAt,
            Integer recipients, String totalWeight, String allocated, String paid, String held, String unallocated, Integer atFloor,
            Integer atCap, String floorAmount, String capAmount, Spread amounts, List<String> arithmetic) {
    }

    /** The spread of amounts, shown only when enough members share the pool that no one stands out. */
    public record Spread(String smallest, String median, String largest) {
    }

    @GET
    @Path("/public/pools/{id}")
    @PermitAll
    @WithSession
    @Operation(summary = "A pool and, once published, how it was shared, in aggregate (public; the spread of amounts only for"
            + " 5 recipients or more)")
    public Uni<PublicPool> publicPool(@PathParam("id") UUID id) {
        return Pool.existing(id).chain(pool -> Allocation.<Allocation>find("poolId = ?1 and status = ?2", id, Allocation.Status.PUBLISHED)
                .firstResult().chain(a -> a == null
                        ? Uni.createFrom().item(new PublicPool(PoolView.of(pool), "OPEN", null, null, null, null, null, null, null, null,
                                null, null, null, null, null, null, null, List.of("Not shared yet: an allocation is computed by one of the"
                                        + " partnership's actors and published by another.")))
                        : AllocationLine.of(a.id).map(lines -> publicView(pool, a, lines))));
    }

    private static PublicPool publicView(Pool pool, Allocation a, List<AllocationLine> lines) {
        String c = pool.currency;
        BigDecimal paid = sum(lines, AllocationLine.Status.PAID).add(sum(lines, AllocationLine.Status.RELEASED));
        BigDecimal held = sum(lines, AllocationLine.Status.HELD);
        long heldCount = lines.stream().filter(l -> l.status() == AllocationLine.Status.HELD).count();
        // over fewer members than the smallest group, the split between paid and held would be their shares
        boolean splitShown = heldCount == 0 || (heldCount >= SMALLEST_GROUP && lines.size() - heldCount >= SMALLEST_GROUP);
        BigDecimal allocated = pool.amount.subtract(a.unallocated);
        int atFloor = (int) lines.stream().filter(l -> l.bound() == Distribution.Bound.FLOOR).count();
        int atCap = (int) lines.stream().filter(l -> l.bound() == Distribution.Bound.CAP).count();
        List<BigDecimal> amounts = lines.stream().map(AllocationLine::amount).sorted().toList();
        Spread spread = amounts.size() < SMALLEST_GROUP ? null : new Spread(Money.text(amounts.get(0), c),
                Money.text(median(amounts), c), Money.text(amounts.get(amounts.size() - 1), c));
        List<String> arithmetic = new ArrayList<>();
        arithmetic.add("pool: " + Money.text(pool.amount, c) + " " + c + " as " + pool.format + ", shared by " + pool.method
                + " over " + pool.periodFrom + " to " + pool.periodTo + " under policy version " + a.policyVersion);
        arithmetic.add("read from the ledger up to entry " + a.ledgerSeq + ": " + lines.size() + " eligible members, total weight "
                + points(a.totalWeight) + " (" + weightMeaning(pool.method) + ")");
        arithmetic.add("each member's exact amount = pool × weight ÷ total weight, held between the floor ("
                + (a.floorAmount == null ? "none" : Money.text(a.floorAmount, c)) + ") and the cap ("
                + (a.capAmount == null ? "none" : Money.text(a.capAmount, c)) + "): " + atFloor + " raised to the floor, " + atCap
                + " limited to the cap");
        arithmetic.add("rounded down to the minor unit, the units left to the largest remainders: allocated " + Money.text(allocated, c)
                + " + unallocated " + Money.text(a.unallocated, c) + " = " + Money.text(pool.amount, c) + " " + c);
        arithmetic.add(splitShown ? "paid " + Money.text(paid, c) + ", held for members who do not accept " + pool.format + " "
                + Money.text(held, c) : "some shares are held for members who do not accept " + pool.format
                + "; the split is not shown for fewer than " + SMALLEST_GROUP + " members");
        return new PublicPool(PoolView.of(pool), "ALLOCATED", a.policyVersion, a.policyId, a.ledgerSeq, a.publishedAt, lines.size(),
                points(a.totalWeight), Money.text(allocated, c), splitShown ? Money.text(paid, c) : null,
                splitShown ? Money.text(held, c) : null, Money.text(a.unallocated, c),
                atFloor, atCap, money(a.floorAmount, pool), money(a.capAmount, pool), spread, arithmetic);
    }

    static String weightMeaning(Method method) {
        return switch (method) {
            case PROPORTIONAL -> "points earned in the period";
            case RECENT -> "points decayed by the policy's factor per period of age";
            case BALANCED -> "distance below the lifetime target, scaled by everyone's lifetime points";
        };
    }

    private static BigDecimal sum(List<AllocationLine> lines, AllocationLine.Status status) {
        return lines.stream().filter(l -> l.status() == status).map(AllocationLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal median(List<BigDecimal> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), 3, RoundingMode.HALF_EVEN);
    }

    /** A decimal as the ledger writes it ({@code 7.5}, {@code 12}, {@code 0}); null stays null. */
    static String points(BigDecimal value) {
        return value == null ? null : org.commonground.benefit.ledger.LedgerEntry.plain(value);
    }

    static String share(BigDecimal weight, BigDecimal total) {
        return total.signum() == 0 ? "0" : weight.divide(total, 6, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String money(BigDecimal value, Pool pool) {
        return value == null ? null : Money.text(value, pool.currency);
    }
}
