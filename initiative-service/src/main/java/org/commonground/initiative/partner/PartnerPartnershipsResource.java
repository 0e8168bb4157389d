package org.commonground.initiative.partner;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.initiative.partnership.PartnershipView;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A partner organization's own partnerships, and no one else's. */
@Path("/api/partner/partnerships")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class PartnerPartnershipsResource {

    private final JsonWebToken token;

    PartnerPartnershipsResource(JsonWebToken token) {
        this.token = token;
    }

    @GET
    @WithSession
    @Operation(summary = "The partnerships of the caller's organization")
    public Uni<List<PartnershipView>> mine() {
        return Partnership.<Partnership>list("partnerOrganization = ?1 order by createdAt, id", organization())
                .map(list -> list.stream().map(PartnershipView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One of the caller's organization's partnerships; another organization's is not found")
    @APIResponse(responseCode = "404", description = "no partnership of the caller's organization has this id")
    public Uni<PartnershipView> one(@PathParam("id") UUID id) {
        String organization = organization();
        return Partnership.<Partnership>findById(id)
                .map(p -> p != null && organization.equals(p.partnerOrganization) ? PartnershipView.of(p) : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Your organization has no partnership " + id + "."));
    }

    private String organization() {
        String organization = token.getClaim("partner_org");
        if (organization == null) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "This partner client carries no partner organization (claim partner_org): ask an operator to register it.");
        }
        return organization;
    }
}
