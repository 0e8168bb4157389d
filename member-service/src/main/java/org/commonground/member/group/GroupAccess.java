package org.commonground.member.group;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import org.commonground.member.profile.Member;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;

/** Who may manage a group: an admin, or a steward who stewards that group. */
public final class GroupAccess {

    private GroupAccess() {
    }

    public static Uni<Void> requireSteward(SecurityIdentity identity, AffinityGroup group) {
        if (identity.hasRole(Roles.ADMIN)) {
            return Uni.createFrom().voidItem();
        }
        return isSteward(identity, group).invoke(steward -> {
            if (!steward) {
                throw new ProblemException(ProblemType.FORBIDDEN, "You do not steward the group '" + group.name
                        + "': only its stewards and admins manage it.");
            }
        }).replaceWithVoid();
    }

    /**
     * Whether the caller may see who belongs to the group, and so who leads it: anyone signed in for a public group; for a
     * members-only group (often a shared identity) only its own members and stewards, admins and auditors.
     */
    public static Uni<Boolean> maySeeWhoBelongs(SecurityIdentity identity, AffinityGroup group) {
        if (group.visibility == AffinityGroup.Visibility.PUBLIC || identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.AUDITOR)) {
            return Uni.createFrom().item(true);
        }
        // the caller looked up once: a member of the group, or (with the steward role) one of its stewards
        return Member.findBySubject(identity.getPrincipal().getName()).chain(me -> me == null ? Uni.createFrom().item(false)
                : Roster.belongs(group.id, me.id).chain(belongs -> belongs || !identity.hasRole(Roles.STEWARD)
                        ? Uni.createFrom().item(belongs) : Roster.stewardsOf(group.id).map(stewards -> stewards.contains(me.id))));
    }

    /** Whether the caller (with the steward role) stewards the group. */
    public static Uni<Boolean> isSteward(SecurityIdentity identity, AffinityGroup group) {
        if (!identity.hasRole(Roles.STEWARD)) {
            return Uni.createFrom().item(false);
        }
        return Member.findBySubject(identity.getPrincipal().getName()).chain(member -> member == null
                ? Uni.createFrom().item(false)
                : Roster.stewardsOf(group.id).map(stewards -> stewards.contains(member.id)));
    }
}
