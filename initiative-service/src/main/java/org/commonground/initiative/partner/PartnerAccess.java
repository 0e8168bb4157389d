package org.commonground.initiative.partner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.commonground.initiative.initiative.Initiative;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.PartnerOrganization;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a partner client may reach: only its organization's partnerships and their initiatives. Anything else is not
 * found (404), never forbidden: a partner must not learn that another's partnership exists.
 */
@ApplicationScoped
public class PartnerAccess {

    private final JsonWebToken token;

    PartnerAccess(JsonWebToken token) {
        this.token = token;
    }

    /** The organization the caller's credentials stand for (claim partner_org). */
    public String organization() {
        return PartnerOrganization.required(token);
    }

    /** The client acting (the token's azp). */
    public String client() {
        return token.getClaim("azp");
    }

    public String subject() {
        return token.getSubject();
    }

    /** One of the organization's partnerships. */
    public Uni<Partnership> partnership(UUID id) {
        String organization = organization();
        return Partnership.<Partnership>findById(id)
                .map(p -> p != null && organization.equals(p.partnerOrganization) ? p : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Your organization has no partnership " + id + "."));
    }

    /** An initiative of one of the organization's partnerships. */
    public Uni<Initiative> initiative(UUID id) {
        String organization = organization();
        return Initiative.<Initiative>findById(id)
                .chain(i -> i == null ? Uni.createFrom().<Initiative>nullItem() : Partnership.<Partnership>findById(i.partnershipId)
                        .map(p -> p != null && organization.equals(p.partnerOrganization) ? i : null))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Your organization has no initiative " + id + "."));
    }
}
