package org.commonground.initiative.initiative;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;

/** The stewards of one initiative: they verify its contributions and answer its escalations. */
public final class InitiativeStewards {

    private InitiativeStewards() {
    }

    /** An admin, or a steward of this initiative; anyone else (a steward of another initiative too) is refused. */
    public static Uni<Void> require(SecurityIdentity identity, UUID initiativeId) {
        return is(identity, initiativeId).invoke(steward -> {
            if (!steward) {
                throw new ProblemException(ProblemType.FORBIDDEN, "Only the stewards of this initiative (and admins) may do this.");
            }
        }).replaceWithVoid();
    }

    public static Uni<Boolean> is(SecurityIdentity identity, UUID initiativeId) {
        if (identity.hasRole(Roles.ADMIN)) {
            return Uni.createFrom().item(true);
        }
        if (!identity.hasRole(Roles.STEWARD)) {
            return Uni.createFrom().item(false);
        }
        return NativeSql.count("SELECT count(*) FROM initiative_steward WHERE initiative_id = ?1 AND subject = ?2",
                initiativeId, identity.getPrincipal().getName()).map(n -> n > 0);
    }

    /** A new initiative is stewarded by its partnership's stewards of the moment. */
    static Uni<Void> fromPartnership(UUID initiativeId, UUID partnershipId, Instant now) {
        return NativeSql.update("INSERT INTO initiative_steward (initiative_id, subject, name, added_at) SELECT ?1, subject, name, ?3"
                + " FROM partnership_steward WHERE partnership_id = ?2 ON CONFLICT DO NOTHING", initiativeId, partnershipId, now)
                .replaceWithVoid();
    }

    static Uni<Void> add(UUID initiativeId, String subject, String name, Instant now) {
        return NativeSql.update("INSERT INTO initiative_steward (initiative_id, subject, name, added_at) VALUES (?1, ?2, ?3, ?4)"
                + " ON CONFLICT DO NOTHING", initiativeId, subject, name, now).replaceWithVoid();
    }

    static Uni<Void> remove(UUID initiativeId, String subject) {
        return NativeSql.update("DELETE FROM initiative_steward WHERE initiative_id = ?1 AND subject = ?2", initiativeId, subject)
                .replaceWithVoid();
    }
}
