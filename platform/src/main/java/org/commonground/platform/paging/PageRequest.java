package org.commonground.platform.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.commonground.platform.problem.ProblemException;

/**
 * A validated {@code ?limit=&cursor=} pair. Lists page by a key (keyset pagination): the cursor carries the
 * sort key of the last item served, so pages stay stable while rows are added. Every list has a hard maximum.
 */
public record PageRequest(int limit, List<String> after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;
    private static final String SEPARATOR = "\u001f";

    /** Reads the query parameters; a bad limit or a cursor this service did not issue is a 400 naming it. */
    public static PageRequest of(Integer limit, String cursor, int keyParts) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        if (cursor == null || cursor.isEmpty()) {
            return new PageRequest(size, List.of());
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> parts = List.of(decoded.split(SEPARATOR, -1));
            if (parts.size() != keyParts || decoded.chars().anyMatch(c -> c < 0x20 && c != 0x1f)) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            return new PageRequest(size, parts);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
    }

    public boolean first() {
        return after.isEmpty();
    }

    public String after(int part) {
        return after.get(part);
    }

    /** A part of the cursor that is an instant; a tampered one is a 400 naming the cursor, like any bad cursor. */
    public java.time.Instant afterInstant(int part) {
        try {
            return java.time.Instant.parse(after.get(part));
        } catch (java.time.format.DateTimeParseException e) {
            throw badCursor();
        }
    }

    /** A part of the cursor that is a date. */
    public java.time.LocalDate afterDate(int part) {
        try {
            return java.time.LocalDate.parse(after.get(part));
        } catch (java.time.format.DateTimeParseException e) {
            throw badCursor();
        }
    }

    /** A part of the cursor that is a UUID. */
    public java.util.UUID afterUuid(int part) {
        try {
            return java.util.UUID.fromString(after.get(part));
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
    }

    private static ProblemException badCursor() {
        return ProblemException.invalid("cursor", "is not a cursor from this list: pass back nextCursor unchanged");
    }

    /** Fetch one more row than the limit; this turns the extra row into the next cursor. */
    public int fetchSize() {
        return limit + 1;
    }

    public <E, T> Page<T> page(List<E> rows, Function<E, List<String>> key, Function<E, T> view) {
        boolean more = rows.size() > limit;
        List<E> served = more ? rows.subList(0, limit) : rows;
        String next = more ? encode(key.apply(served.get(served.size() - 1))) : null;
        return new Page<>(served.stream().map(view).toList(), next);
    }

    static String encode(List<String> parts) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, parts).getBytes(StandardCharsets.UTF_8));
    }
}
