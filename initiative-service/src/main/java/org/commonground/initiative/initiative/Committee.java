package org.commonground.initiative.initiative;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** The co-design committee of an initiative: members who volunteered to shape it. */
final class Committee {

    private Committee() {
    }

    static Uni<Boolean> join(UUID initiative, UUID member, Instant now) {
        return update("INSERT INTO committee_member (initiative_id, member_id, joined_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                initiative, member, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).map(n -> n > 0);
    }

    static Uni<Boolean> leave(UUID initiative, UUID member) {
        return update("DELETE FROM committee_member WHERE initiative_id = ?1 AND member_id = ?2", initiative, member).map(n -> n > 0);
    }

    static Uni<Long> size(UUID initiative) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT count(*) FROM committee_member c JOIN member_link l ON l.member_id = c.member_id"
                        + " WHERE c.initiative_id = ?1 AND l.erased_at IS NULL", Long.class).setParameter(1, initiative).getSingleResult());
    }

    static Uni<Boolean> sits(UUID initiative, UUID member) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT count(*) FROM committee_member WHERE initiative_id = ?1 AND member_id = ?2", Long.class)
                .setParameter(1, initiative).setParameter(2, member).getSingleResult()).map(n -> n > 0);
    }

    private static Uni<Integer> update(String sql, Object... params) {
        return Panache.getSession().chain(s -> {
            var query = s.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                query.setParameter(i + 1, params[i]);
            }
            return query.executeUpdate();
        });
    }
}
