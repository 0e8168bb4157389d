package org.commonground.benefit.allocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.partnership.PartnershipAccess;
import org.commonground.benefit.pool.Pool;
import org.commonground.benefit.pool.PoolResource.PoolView;
import org.commonground.platform.money.Money;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.PartnerOrganization;
import org.commonground.platform.security.PartnerPseudonyms;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A partner's pools: how each was shared, in aggregate (as the public sees it) and line by line, each member by the
 * pseudonym this partner knows them by in the rest of the partner API (initiative-service gives the same one), never
 * by name. Another organization's pool or partnership is not found.
 */
@Path("/api/partner/pools")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class PartnerPoolsResource {

    /** One member's share, as the partner sees it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartnerLine(String participant, String periodPoints, String share, String amount, AllocationLine.Status status) {
    }

    /** A pool: the public arithmetic of its published allocation, and its lines by this partner's pseudonyms. */
    public record PartnerPool(AllocationResource.PublicPool aggregate, List<PartnerLine> lines) {
    }

    private final JsonWebToken token;
    private final PartnerPseudonyms pseudonyms;
    private final AllocationResource allocations;

    PartnerPoolsResource(JsonWebToken token, PartnerPseudonyms pseudonyms, AllocationResource allocations) {
        this.token = token;
        this.pseudonyms = pseudonyms;
        this.allocations = allocations;
    }

    @GET
    @WithSession
    @Operation(summary = "The pools of the caller's organization's partnerships, newest first (?partnershipId= for one)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "the caller's organization has no partnership with this id")
    public Uni<List<PoolView>> pools(@QueryParam("partnershipId") UUID partnershipId) {
        String organization = organization();
        Uni<List<UUID>> partnerships = partnershipId == null
                ? NativeSql.ids("SELECT id FROM partnership WHERE partner_organization = ?1", organization)
                : ownPartnership(partnershipId, organization).map(List::of);
        return partnerships.chain(ids -> ids.isEmpty() ? Uni.createFrom().item(List.<Pool>of())
                        : Pool.<Pool>list("partnershipId in ?1 order by createdAt desc, id desc", ids))
                .map(pools -> pools.stream().map(PoolView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One pool: how it was shared in aggregate, and each member's share by this partner's pseudonym for them",
            description = "A line's participant is the pseudonym the partner API gives that member everywhere for this organization"
                    + " (participant-…); a member erased since is 'erased'. Lines appear once the allocation is published.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no pool of the caller's organization's partnerships has this id")
    public Uni<PartnerPool> pool(@PathParam("id") UUID id) {
        String organization = organization();
        return Pool.<Pool>findById(id).onItem().ifNull().failWith(() -> notFound(id))
                .call(pool -> ownPartnership(pool.partnershipId, organization).onFailure(ProblemException.class)
                        .transform(e -> notFound(id)))
                .chain(pool -> allocations.publicPool(id).chain(aggregate -> Allocation.<Allocation>find("poolId = ?1 and status = ?2", id,
                                Allocation.Status.PUBLISHED).firstResult()
                        .chain(a -> a == null ? Uni.createFrom().item(List.<AllocationLine>of()) : AllocationLine.of(a.id))
                        .map(lines -> new PartnerPool(aggregate, lines.stream().map(l -> new PartnerLine(
                                l.memberId() == null ? "erased" : pseudonyms.of(organization, l.memberId()),
                                AllocationResource.points(l.periodPoints()), aggregate.totalWeight() == null ? null
                                        : AllocationResource.share(l.weight(), new java.math.BigDecimal(aggregate.totalWeight())),
                                Money.text(l.amount(), pool.currency), l.status())).toList()))));
    }

    /** The partnership if it is the organization's; unknown and another's answer alike, so that neither is told apart. */
    private static Uni<UUID> ownPartnership(UUID partnershipId, String organization) {
        return PartnershipAccess.known(partnershipId).onFailure(ProblemException.class).recoverWithNull()
                .map(p -> {
                    if (p == null || !organization.equals(p.partnerOrganization())) {
                        throw ProblemException.notFound("Your organization has no partnership " + partnershipId + ".");
                    }
                    return p.id();
                });
    }

    private static ProblemException notFound(UUID pool) {
        return ProblemException.notFound("Your organization has no pool " + pool + ".");
    }

    private String organization() {
        return PartnerOrganization.required(token);
    }
}
