package org.commonground.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import java.util.Optional;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The partner organization a partner client's token stands for: its {@code partner_org} claim, set in the realm for
 * each partner client (README, "Adding a partner"). The one place that reads it.
 */
public final class PartnerOrganization {

    public static final String CLAIM = "partner_org";

    private PartnerOrganization() {
    }

    /** The caller's organization, if the caller is a partner client that carries one. */
    public static Optional<String> of(SecurityIdentity identity) {
        return identity.hasRole(Roles.PARTNER) && identity.getPrincipal() instanceof JsonWebToken token
                ? Optional.ofNullable(token.getClaim(CLAIM)) : Optional.empty();
    }

    /** The organization of a partner's token; a partner client registered without one is refused (403). */
    public static String required(JsonWebToken token) {
        String organization = token.getClaim(CLAIM);
        if (organization == null) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "This partner client carries no partner organization (claim partner_org): ask an operator to register it.");
        }
        return organization;
    }
}
