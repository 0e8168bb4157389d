package org.commonground.initiative.partner;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A partner's first call: which organization its credentials stand for. */
@Path("/api/partner/me")
@Produces(MediaType.APPLICATION_JSON)
public class PartnerIdentityResource {

    /** The organization a partner client acts for, and the client itself. */
    public record PartnerIdentity(String organization, String client) {
    }

    private final PartnerAccess access;

    PartnerIdentityResource(PartnerAccess access) {
        this.access = access;
    }

    @GET
    @RolesAllowed(Roles.PARTNER)
    @Operation(summary = "The partner organization the caller's credentials stand for")
    public PartnerIdentity me() {
        return new PartnerIdentity(access.organization(), access.client());
    }
}
