package org.commonground.platform.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Plain SQL in the current reactive session, for the small tables that need no entity (memberships, stewards,
 * shadows). Parameters are positional: {@code ?1, ?2, ...}; an {@link Instant} is bound as a UTC timestamp.
 * Remember that native SQL does not flush pending entity changes: flush first when it refers to them.
 */
public final class NativeSql {

    private NativeSql() {
    }

    /** Runs an INSERT, UPDATE or DELETE; answers how many rows it touched. */
    public static Uni<Integer> update(String sql, Object... params) {
        return Panache.getSession().chain(s -> bind(s.createNativeQuery(sql), params).executeUpdate());
    }

    /** The ids a one-column query selects. */
    public static Uni<List<UUID>> ids(String sql, Object... params) {
        return Panache.getSession().chain(s -> bind(s.createNativeQuery(sql, UUID.class), params).getResultList());
    }

    /** The texts a one-column query selects. */
    public static Uni<List<String>> texts(String sql, Object... params) {
        return Panache.getSession().chain(s -> bind(s.createNativeQuery(sql, String.class), params).getResultList());
    }

    /** The rows (each an array of its columns) a query selects. */
    public static Uni<List<Object[]>> rows(String sql, Object... params) {
        return Panache.getSession().chain(s -> bind(s.createNativeQuery(sql), params).getResultList())
                .map(rows -> rows.stream().map(r -> r instanceof Object[] columns ? columns : new Object[] { r }).toList());
    }

    /** The number a {@code SELECT count(*) ...} answers. */
    public static Uni<Long> count(String sql, Object... params) {
        return Panache.getSession().chain(s -> bind(s.createNativeQuery(sql, Long.class), params).getSingleResult());
    }

    /** Ids as one parameter, for {@code = ANY (CAST(CAST(?n AS text) AS uuid[]))}: a PostgreSQL array literal (sent as text). */
    public static String uuids(java.util.Collection<UUID> ids) {
        StringBuilder literal = new StringBuilder("{");
        for (UUID id : ids) {
            literal.append(literal.length() > 1 ? "," : "").append(id);
        }
        return literal.append('}').toString();
    }

    /** Texts as one parameter, for {@code string_to_array(?n, chr(31))} (a unit separator no typed text contains). */
    public static String joined(java.util.Collection<String> texts) {
        return String.join("\u001f", texts);
    }

    /** A timestamp column as the driver hands it back in a row of several columns. */
    public static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return l.toInstant(ZoneOffset.UTC);
        }
        return Instant.parse(value.toString());
    }

    private static <Q extends Mutiny.AbstractQuery> Q bind(Q query, Object... params) {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i] instanceof Instant at ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC) : params[i];
            query.setParameter(i + 1, value);
        }
        return query;
    }
}
