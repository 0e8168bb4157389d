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

    /** Someone who now stewards the partnership stewards every initiative in it too, those already proposed included. */
    public static Uni<Void> partnershipStewardAdded(UUID partnershipId, String subject, String name, Instant now) {
        return NativeSql.update("INSERT INTO initiative_steward (initiative_id, subject, name, added_at) SELECT id, ?2, ?3, ?4"
                + " FROM initiative WHERE partnership_id = ?1 ON CONFLICT DO NOTHING", partnershipId, subject, name, now).replaceWithVoid();
    }

    /**
     * Someone who no longer stewards the partnership no longer stewards any initiative in it either (also one they were
     * named for one by one): losing a partnership's stewardship takes every power it gave, at once.
     */
    public static Uni<Void> partnershipStewardRemoved(UUID partnershipId, String subject) {
        return NativeSql.update("DELETE FROM initiative_steward WHERE subject = ?2 AND initiative_id IN"
                + " (SELECT id FROM initiative WHERE partnership_id = ?1)", partnershipId, subject).replaceWithVoid();
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
