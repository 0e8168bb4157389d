package org.commonground.benefit.partnership;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.PartnerOrganization;
import org.commonground.platform.security.Roles;

/**
 * Who may act for a partnership's benefits (create pools, compute and publish allocations): its stewards, admins, and
 * the partner organization whose partnership it is. Who may read what they did: those, and auditors.
 */
public final class PartnershipAccess {

    private PartnershipAccess() {
    }

    /** The partnership as benefit-service knows it; unknown here is a 404 naming it. */
    public record Known(UUID id, String name, String partnerName, String partnerOrganization) {
    }

    public static Uni<Known> known(UUID partnershipId) {
        return NativeSql.rows("SELECT id, name, partner_name, partner_organization FROM partnership WHERE id = ?1", partnershipId)
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("No partnership " + partnershipId
                                + " is known here (a partnership is known once initiative-service has published it).");
                    }
                    Object[] r = rows.get(0);
                    return new Known((UUID) r[0], (String) r[1], (String) r[2], (String) r[3]);
                });
    }

    /** Stewards of this partnership, admins, or its partner organization; anyone else is refused (403). */
    public static Uni<Known> requireActor(SecurityIdentity identity, UUID partnershipId) {
        return known(partnershipId).call(p -> mayAct(identity, p).invoke(may -> {
            if (!may) {
                throw new ProblemException(ProblemType.FORBIDDEN,
                        "Only the stewards of partnership '" + p.name() + "', its partner organization and admins may do this.");
            }
        }));
    }

    /** Stewards of this partnership and admins only: what is the community's to decide (its benefit policy), not a partner's. */
    public static Uni<Known> requireSteward(SecurityIdentity identity, UUID partnershipId) {
        return known(partnershipId).call(p -> (identity.hasRole(Roles.ADMIN) ? Uni.createFrom().item(true) : stewards(identity, p))
                .invoke(may -> {
                    if (!may) {
                        throw new ProblemException(ProblemType.FORBIDDEN,
                                "Only the stewards of partnership '" + p.name() + "' and admins may do this.");
                    }
                }));
    }

    /** Actors and auditors may read a partnership's drafts and allocations in full. */
    public static Uni<Known> requireReader(SecurityIdentity identity, UUID partnershipId) {
        if (identity.hasRole(Roles.AUDITOR)) {
            return known(partnershipId);
        }
        return requireActor(identity, partnershipId);
    }

    /** Whether the caller may see who members are (stewards, admins, auditors), not only their pseudonyms (partners). */
    public static boolean seesMemberIds(SecurityIdentity identity) {
        return identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.AUDITOR) || identity.hasRole(Roles.STEWARD);
    }

    private static Uni<Boolean> mayAct(SecurityIdentity identity, Known partnership) {
        if (identity.hasRole(Roles.ADMIN)) {
            return Uni.createFrom().item(true);
        }
        if (PartnerOrganization.of(identity).filter(o -> o.equals(partnership.partnerOrganization())).isPresent()) {
            return Uni.createFrom().item(true);
        }
        return stewards(identity, partnership);
    }

    private static Uni<Boolean> stewards(SecurityIdentity identity, Known partnership) {
        if (!identity.hasRole(Roles.STEWARD)) {
            return Uni.createFrom().item(false);
        }
        return NativeSql.count("SELECT count(*) FROM partnership_steward WHERE partnership_id = ?1 AND subject = ?2",
                partnership.id(), identity.getPrincipal().getName()).map(n -> n > 0);
    }

}
