package org.commonground.initiative.partner;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A partner's first call: which organization its credentials stand for. */
@Path("/api/partner/me")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerIdentityResource {

    /** The organization a partner client acts for, and the client itself. */
    public record PartnerIdentity(String organization, String client) {
    }

    private final JsonWebToken token;

    PartnerIdentityResource(JsonWebToken token) {
        this.token = token;
    }

    @GET
    @RolesAllowed(Roles.PARTNER)
    @Operation(summary = "The partner organization the caller's credentials stand for")
    public PartnerIdentity me() {
        String organization = token.getClaim("partner_org");
        if (organization == null) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "This partner client carries no partner organization (claim partner_org): ask an operator to register it.");
        }
        return new PartnerIdentity(organization, token.getClaim("azp"));
    }
}
