package org.commonground.member.mentorship;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;

/** What the exchange holds of a member who is erased: their offers and requests close, their mentorships end. */
public final class Mentorships {

    private Mentorships() {
    }

    public static Uni<Void> forget(UUID member, Instant now) {
        return NativeSql.update("UPDATE mentoring_listing SET status = 'CLOSED', closed_at = COALESCE(closed_at, ?2), note = ''"
                        + " WHERE member_id = ?1", member, now)
                .chain(() -> NativeSql.update("UPDATE mentoring_match SET status = 'ENDED', ended_at = ?2,"
                        + " ended_by = CASE WHEN mentor_member = ?1 THEN 'MENTOR' ELSE 'MENTEE' END"
                        + " WHERE (mentor_member = ?1 OR mentee_member = ?1) AND status IN ('PROPOSED', 'ACTIVE')", member, now))
                .replaceWithVoid();
    }
}
