package org.commonground.initiative.initiative;

import static org.commonground.platform.persistence.NativeSql.count;
import static org.commonground.platform.persistence.NativeSql.update;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.UUID;
import org.commonground.initiative.member.MemberLink;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;

/** The co-design committee of an initiative: members who volunteered to shape it. */
final class Committee {

    private Committee() {
    }

    static Uni<Boolean> join(UUID initiative, UUID member, Instant now) {
        return update("INSERT INTO committee_member (initiative_id, member_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                initiative, member, now).map(n -> n > 0);
    }

    static Uni<Boolean> leave(UUID initiative, UUID member) {
        return update("DELETE FROM committee_member WHERE initiative_id = ?1 AND member_id = ?2", initiative, member).map(n -> n > 0);
    }

    static Uni<Long> size(UUID initiative) {
        return count("SELECT count(*) FROM committee_member c JOIN member_link l ON l.member_id = c.member_id"
                + " WHERE c.initiative_id = ?1 AND l.erased_at IS NULL", initiative);
    }

    /**
     * Who may see or shape what is the committee's: its members, the stewards of the partnership, and admins (and
     * auditors when {@code auditorsToo}, for reading). Anyone else gets a 403 with {@code refusal}.
     */
    static Uni<Void> requireSeatOrStewardship(SecurityIdentity identity, Initiative initiative, boolean auditorsToo, String refusal) {
        if (identity.hasRole(Roles.ADMIN) || (auditorsToo && identity.hasRole(Roles.AUDITOR))) {
            return Uni.createFrom().voidItem();
        }
        Uni<Boolean> steward = identity.hasRole(Roles.STEWARD)
                ? Stewardship.isSteward(initiative.partnershipId, identity.getPrincipal().getName())
                : Uni.createFrom().item(false);
        return steward.chain(isSteward -> isSteward ? Uni.createFrom().item(true)
                        : MemberLink.<MemberLink>find("subject", identity.getPrincipal().getName()).firstResult()
                                .chain(link -> link == null ? Uni.createFrom().item(false) : sits(initiative.id, link.memberId)))
                .invoke(allowed -> {
                    if (!allowed) {
                        throw new ProblemException(ProblemType.FORBIDDEN, refusal);
                    }
                }).replaceWithVoid();
    }

    static Uni<Boolean> sits(UUID initiative, UUID member) {
        return count("SELECT count(*) FROM committee_member WHERE initiative_id = ?1 AND member_id = ?2", initiative, member)
                .map(n -> n > 0);
    }

}
