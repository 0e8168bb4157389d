package org.commonground.initiative.initiative;

import static org.commonground.platform.persistence.NativeSql.count;
import static org.commonground.platform.persistence.NativeSql.update;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.commonground.initiative.member.MemberLink;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;

/** The co-design committee of an initiative: members who volunteered to shape it. */
public final class Committee {

    private Committee() {
    }

    /**
     * The payload of committee.role-changed.v1: a seat or a lead term, whole, so that the latest event of a role is the
     * truth. Who sits on a committee is not public; reporting publishes only counts of those who took a new role.
     */
    record RoleChanged(UUID roleId, UUID initiativeId, UUID partnershipId, UUID memberId, String role, LocalDate startsOn,
            LocalDate endsOn, LocalDate lastDay, Instant at) {

        static RoleChanged seat(Initiative initiative, UUID member, Instant at) {
            UUID role = UUID.nameUUIDFromBytes(("seat:" + initiative.id + ":" + member).getBytes(StandardCharsets.UTF_8));
            return new RoleChanged(role, initiative.id, initiative.partnershipId, member, "seat", LocalDate.ofInstant(at, ZoneOffset.UTC),
                    null, null, at);
        }

        static RoleChanged lead(Initiative initiative, CommitteeLeadTerm term, Instant at) {
            return new RoleChanged(term.id, initiative.id, initiative.partnershipId, term.memberId, "lead", term.startsOn, term.endsOn,
                    term.endedOn == null ? null : term.lastDay(), at);
        }
    }

    /** Seats a member on the committee (and says so in committee.role-changed.v1); false when they already sat on it. */
    static Uni<Boolean> join(Outbox outbox, Initiative initiative, UUID member, Instant now) {
        return update("INSERT INTO committee_member (initiative_id, member_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                initiative.id, member, now)
                .call(n -> n > 0 ? announce(outbox, RoleChanged.seat(initiative, member, now)) : Uni.createFrom().voidItem())
                .map(n -> n > 0);
    }

    static Uni<Void> announce(Outbox outbox, RoleChanged role) {
        return outbox.add(EventType.COMMITTEE_ROLE_CHANGED, role.initiativeId().toString(), role.initiativeId().toString(), role);
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

    public static Uni<Boolean> sits(UUID initiative, UUID member) {
        return count("SELECT count(*) FROM committee_member WHERE initiative_id = ?1 AND member_id = ?2", initiative, member)
                .map(n -> n > 0);
    }

}
