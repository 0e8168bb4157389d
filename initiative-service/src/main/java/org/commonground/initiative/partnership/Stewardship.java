package org.commonground.initiative.partnership;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who acts for a partnership: its stewards (and admins), known by the subject of their identity. */
public final class Stewardship {

    private Stewardship() {
    }

    /** An admin, or a steward who stewards this partnership; anyone else is refused. */
    public static Uni<Void> require(SecurityIdentity identity, UUID partnershipId) {
        if (identity.hasRole(Roles.ADMIN)) {
            return Uni.createFrom().voidItem();
        }
        if (!identity.hasRole(Roles.STEWARD)) {
            return Uni.createFrom().failure(forbidden());
        }
        return isSteward(partnershipId, identity.getPrincipal().getName()).invoke(steward -> {
            if (!steward) {
                throw forbidden();
            }
        }).replaceWithVoid();
    }

    public static Uni<Boolean> isSteward(UUID partnershipId, String subject) {
        return NativeSql.count("SELECT count(*) FROM partnership_steward WHERE partnership_id = ?1 AND subject = ?2",
                partnershipId, subject).map(n -> n > 0);
    }

    /** The payload of partnership.stewards-changed.v1: the whole set, so that a consumer simply replaces what it knew. */
    record StewardsChanged(UUID partnershipId, java.util.List<String> stewards, Instant at) {
    }

    /** Tells the other services who stewards the partnership now (in the caller's transaction, through the outbox). */
    public static Uni<Void> announce(Outbox outbox, UUID partnershipId, Instant now) {
        String key = partnershipId.toString();
        // the partnership's row locked first: concurrent changes announce one after the other, each the set it left
        return NativeSql.ids("SELECT id FROM partnership WHERE id = ?1 FOR UPDATE", partnershipId)
                .chain(() -> NativeSql.texts("SELECT subject FROM partnership_steward WHERE partnership_id = ?1 ORDER BY subject", partnershipId))
                .chain(subjects -> outbox.add(EventType.PARTNERSHIP_STEWARDS_CHANGED, key, key,
                        new StewardsChanged(partnershipId, subjects, now)));
    }

    static Uni<Void> add(UUID partnershipId, String subject, String name, Instant now) {
        return NativeSql.update("INSERT INTO partnership_steward (partnership_id, subject, name, added_at) VALUES (?1, ?2, ?3, ?4)"
                + " ON CONFLICT DO NOTHING", partnershipId, subject, name, now).replaceWithVoid();
    }

    static Uni<Void> remove(UUID partnershipId, String subject) {
        return NativeSql.update("DELETE FROM partnership_steward WHERE partnership_id = ?1 AND subject = ?2", partnershipId, subject)
                .replaceWithVoid();
    }

    /** The name a person acts under in public records (a steward's decisions, disclosures): from their token. */
    public static String actingName(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            for (String claim : new String[] { "name", "preferred_username", "azp" }) {
                Object value = jwt.getClaim(claim);
                if (value != null && !value.toString().isBlank()) {
                    String name = value.toString().strip();
                    return name.length() > 120 ? name.substring(0, 120) : name;
                }
            }
        }
        return identity.getPrincipal().getName();
    }

    private static ProblemException forbidden() {
        return new ProblemException(ProblemType.FORBIDDEN, "Only the stewards of this partnership (and admins) may do this.");
    }
}
