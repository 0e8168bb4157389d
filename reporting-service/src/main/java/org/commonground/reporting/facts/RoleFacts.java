package org.commonground.reporting.facts;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;

/**
 * The roles members take, from group.role-changed.v1 (a group's lead or shadow) and committee.role-changed.v1 (a
 * committee's seat or lead). An event carries the role whole; the newest one applied wins, and a role taken again keeps
 * the day it was first taken.
 */
final class RoleFacts {

    private RoleFacts() {
    }

    static Uni<Integer> changed(JsonNode d, String kind, UUID partnershipId, Instant at) {
        return NativeSql.update("INSERT INTO role_fact (role_id, kind, member_id, partnership_id, starts_on, last_day, at)"
                        + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (role_id) DO UPDATE SET"
                        + " starts_on = LEAST(role_fact.starts_on, excluded.starts_on), last_day = excluded.last_day, at = excluded.at"
                        + " WHERE role_fact.at <= excluded.at",
                UUID.fromString(d.path("roleId").asText()), kind, UUID.fromString(d.path("memberId").asText()), partnershipId,
                LocalDate.parse(d.path("startsOn").asText()), d.hasNonNull("lastDay") ? LocalDate.parse(d.path("lastDay").asText()) : null, at);
    }

    /** An erased member takes no role that had not begun: their upcoming terms end with them. */
    static Uni<Integer> erased(UUID member, Instant at) {
        return NativeSql.update("DELETE FROM role_fact WHERE member_id = ?1 AND starts_on > (?2 AT TIME ZONE 'UTC')::date", member, at);
    }
}
