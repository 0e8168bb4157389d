package org.commonground.reporting.scorecard;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.PartnerOrganization;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The scorecard of one of the caller's organization's partnerships, through the partner API; another's is not found. */
@Path("/api/partner/scorecard")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class PartnerScorecardResource {

    private final JsonWebToken token;
    private final ScorecardResource scorecards;

    PartnerScorecardResource(JsonWebToken token, ScorecardResource scorecards) {
        this.token = token;
        this.scorecards = scorecards;
    }

    @GET
    @WithSession
    @Operation(summary = "The balanced scorecard of one of the caller's organization's partnerships for a period (2026-07, 2026-Q3, 2026)",
            description = "The same figures, definitions and small-group suppression as the public scorecard.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a missing or malformed period, a period that has not begun, no partnershipId")
    @APIResponse(responseCode = "404", description = "the caller's organization has no partnership with this id")
    public Uni<ScorecardResource.Scorecard> scorecard(@QueryParam("partnershipId") String partnershipId, @QueryParam("period") String period) {
        String organization = PartnerOrganization.required(token);
        return ScorecardResource.known(partnershipId).onFailure(e -> e instanceof ProblemException p && p.problem().status() == 404)
                .recoverWithNull()
                .chain(known -> known == null ? Uni.createFrom().item(false) : NativeSql.count("SELECT count(*) FROM partnership_fact"
                        + " WHERE id = ?1 AND partner_organization = ?2", known.id(), organization).map(n -> n > 0))
                .chain(own -> {
                    if (!own) {
                        throw ProblemException.notFound("Your organization has no partnership " + partnershipId + ".");
                    }
                    return scorecards.scorecard(partnershipId, period);
                });
    }
}
