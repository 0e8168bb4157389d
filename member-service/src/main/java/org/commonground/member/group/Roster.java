package org.commonground.member.group;

import static org.commonground.platform.persistence.NativeSql.count;
import static org.commonground.platform.persistence.NativeSql.ids;
import static org.commonground.platform.persistence.NativeSql.update;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Who belongs to a group and who stewards it: two small tables, read and written with plain SQL. */
public final class Roster {

    private Roster() {
    }

    /** Adds the member; false when they already belonged. */
    static Uni<Boolean> join(UUID group, UUID member, Instant now) {
        return update("INSERT INTO group_membership (group_id, member_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                group, member, now).map(rows -> rows > 0);
    }

    /** Removes the member; false when they did not belong. */
    static Uni<Boolean> leave(UUID group, UUID member) {
        return update("DELETE FROM group_membership WHERE group_id = ?1 AND member_id = ?2", group, member).map(rows -> rows > 0);
    }

    public static Uni<Boolean> belongs(UUID group, UUID member) {
        return ids("SELECT member_id FROM group_membership WHERE group_id = ?1 AND member_id = ?2", group, member)
                .map(found -> !found.isEmpty());
    }

    /** The groups a member belongs to, in the order they joined. */
    public static Uni<List<UUID>> groupsOf(UUID member) {
        return ids("SELECT group_id FROM group_membership WHERE member_id = ?1 ORDER BY joined_at, group_id", member);
    }

    public static Uni<List<UUID>> stewardsOf(UUID group) {
        return ids("SELECT member_id FROM group_steward WHERE group_id = ?1 ORDER BY member_id", group);
    }

    public static Uni<List<UUID>> stewardedBy(UUID member) {
        return ids("SELECT group_id FROM group_steward WHERE member_id = ?1 ORDER BY group_id", member);
    }

    static Uni<Boolean> addSteward(UUID group, UUID member) {
        return update("INSERT INTO group_steward (group_id, member_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING", group, member)
                .map(rows -> rows > 0);
    }

    static Uni<Boolean> removeSteward(UUID group, UUID member) {
        return update("DELETE FROM group_steward WHERE group_id = ?1 AND member_id = ?2", group, member).map(rows -> rows > 0);
    }

    static Uni<Long> size(UUID group) {
        return count("SELECT count(*) FROM group_membership WHERE group_id = ?1", group);
    }

    /** Erasure: the member leaves every group and stops stewarding any. */
    public static Uni<Void> forget(UUID member) {
        return update("DELETE FROM group_membership WHERE member_id = ?1", member)
                .chain(() -> update("DELETE FROM group_steward WHERE member_id = ?1", member)).replaceWithVoid();
    }

}
