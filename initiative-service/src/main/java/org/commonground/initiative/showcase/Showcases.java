package org.commonground.initiative.showcase;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.reactive.Sequentially;

/**
 * Whether showcases are public, and telling the others when that changes. Every read decides afresh (SQL
 * {@code showcase_is_public}: not taken down, and its author and every co-author who accepted allow impact-stories
 * now), so a withdrawal hides a showcase from the public pages and the partner API the moment it is known here. What
 * keeps a copy (reporting's transparency report, partners' webhooks) learns it from showcase.published.v1 and
 * showcase.unpublished.v1, written to the outbox in the transaction that made the change.
 */
@ApplicationScoped
public class Showcases {

    /** The SQL condition "showcase {@code alias} is public now". */
    public static String isPublic(String alias) {
        return "showcase_is_public(" + alias + ".id)";
    }

    /** A showcase's authors as they appear: the author first, then each co-author who accepted, in the order they did. */
    public record Author(UUID memberId, String displayName) {
    }

    private static final String REFRESH = "UPDATE showcase s SET public_now = p.now_public, public_changed_at = ?1"
            + " FROM (SELECT id, showcase_is_public(id) AS now_public FROM showcase WHERE %s) p"
            + " WHERE s.id = p.id AND (s.public_now <> p.now_public OR (?2 AND p.now_public))"
            + " RETURNING s.id, s.initiative_id, s.partnership_id, s.public_now, s.title, s.created_at";

    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    Showcases(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Looks again at one showcase; {@code authorsChanged} announces it again if it stays public under other names. */
    public Uni<Void> refresh(UUID showcase, boolean authorsChanged) {
        return refresh("id = ?3", authorsChanged, showcase);
    }

    /** Looks again at every showcase a member wrote or co-authored (their impact-stories consent changed). */
    public Uni<Void> refreshFor(UUID member) {
        return refresh("author_member = ?3 OR id IN (SELECT showcase_id FROM showcase_coauthor WHERE member_id = ?3 AND status = 'ACCEPTED')",
                false, member);
    }

    private Uni<Void> refresh(String filter, boolean authorsChanged, UUID param) {
        Instant now = clock.instant();
        // the rows first, in a statement of their own: a concurrent change of the same showcases (a co-author's answer,
        // a consent) commits before the next statement decides, so that one of the two sees both
        return NativeSql.ids("SELECT id FROM showcase WHERE " + filter.replace("?3", "?1") + " ORDER BY id FOR UPDATE", param)
                .chain(() -> NativeSql.rows(String.format(REFRESH, filter), now, authorsChanged, param))
                .chain(changed -> Sequentially.each(changed, row -> announce(row, now)));
    }

    private Uni<Void> announce(Object[] row, Instant now) {
        UUID id = (UUID) row[0];
        UUID initiative = (UUID) row[1];
        UUID partnership = (UUID) row[2];
        if (!(Boolean) row[3]) {
            return outbox.add(EventType.SHOWCASE_UNPUBLISHED, initiative.toString(), id.toString(), Map.of("showcaseId", id,
                    "initiativeId", initiative, "partnershipId", partnership, "at", now.toString()));
        }
        return authors(List.of(id)).chain(authors -> outbox.add(EventType.SHOWCASE_PUBLISHED, initiative.toString(), id.toString(),
                Map.of("showcaseId", id, "initiativeId", initiative, "partnershipId", partnership, "title", row[4],
                        "authors", authors.getOrDefault(id, List.of()), "publishedAt", NativeSql.instant(row[5]).toString(),
                        "at", now.toString())));
    }

    /** The authors of these showcases, as they appear (never a co-author who has not accepted). */
    public static Uni<Map<UUID, List<Author>>> authors(List<UUID> showcases) {
        if (showcases.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return NativeSql.rows("SELECT s.id, s.author_member, s.author_name, 0 AS n, s.created_at FROM showcase s WHERE s.id = ANY (CAST(CAST(?1 AS text) AS uuid[]))"
                + " UNION ALL SELECT a.showcase_id, a.member_id, a.display_name, 1, a.answered_at FROM showcase_coauthor a"
                + " WHERE a.showcase_id = ANY (CAST(CAST(?1 AS text) AS uuid[])) AND a.status = 'ACCEPTED' ORDER BY 1, 4, 5, 2", NativeSql.uuids(showcases))
                .map(rows -> {
                    Map<UUID, List<Author>> authors = new LinkedHashMap<>();
                    for (Object[] r : rows) {
                        authors.computeIfAbsent((UUID) r[0], k -> new ArrayList<>()).add(new Author((UUID) r[1], (String) r[2]));
                    }
                    return authors;
                });
    }

    /** A contribution a showcase draws on, as the public sees it (verified, by one of its named authors). */
    public record DrawnOn(UUID contributionId, String type, String hours, java.time.LocalDate occurredOn) {
    }

    /** A public showcase. */
    public record ShowcaseView(UUID id, UUID initiativeId, String initiativeTitle, UUID partnershipId, String title, String story,
            List<String> links, List<String> authors, List<DrawnOn> contributions, Instant publishedAt) {
    }

    /** What {@link #views} reads from {@code showcase s JOIN initiative i}. */
    public static final String COLUMNS = "s.id, s.initiative_id, i.title, s.partnership_id, s.title, s.story,"
            + " array_to_string(s.links, chr(31)), s.created_at";

    /**
     * A page of the public showcases, newest first, among those a condition on {@code s} (with ?1 and ?2, after the
     * given joins) selects.
     */
    public static Uni<Page<ShowcaseView>> page(String joins, String condition,
            PageRequest page, Object first, Object second) {
        String sql = "SELECT " + COLUMNS + " FROM showcase s JOIN initiative i ON i.id = s.initiative_id" + joins
                + " WHERE " + condition + " AND " + isPublic("s")
                + (page.first() ? "" : " AND (s.created_at < ?3 OR (s.created_at = ?3 AND s.id < ?4))")
                + " ORDER BY s.created_at DESC, s.id DESC LIMIT " + page.fetchSize();
        return (page.first() ? NativeSql.rows(sql, first, second) : NativeSql.rows(sql, first, second, page.afterInstant(0), page.afterUuid(1)))
                .chain(Showcases::views)
                .map(views -> page.page(views, v -> List.of(v.publishedAt().toString(), v.id().toString()), v -> v));
    }

    /** Rows of {@link #COLUMNS} as the public sees them: named authors, verified contributions of theirs. */
    public static Uni<List<ShowcaseView>> views(List<Object[]> rows) {
        List<UUID> ids = rows.stream().map(r -> (UUID) r[0]).toList();
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return authors(ids).chain(authors -> NativeSql.rows("SELECT sc.showcase_id, c.id, c.type, c.hours, c.occurred_on"
                        + " FROM showcase_contribution sc JOIN showcase s ON s.id = sc.showcase_id JOIN contribution c ON c.id = sc.contribution_id"
                        + " WHERE sc.showcase_id = ANY (CAST(CAST(?1 AS text) AS uuid[])) AND c.status = 'VERIFIED' AND (c.member_id = s.author_member"
                        + " OR c.member_id IN (SELECT a.member_id FROM showcase_coauthor a WHERE a.showcase_id = s.id AND a.status = 'ACCEPTED'))"
                        + " ORDER BY c.occurred_on, c.id", NativeSql.uuids(ids))
                .map(drawn -> {
                    Map<UUID, List<DrawnOn>> byShowcase = new LinkedHashMap<>();
                    for (Object[] d : drawn) {
                        byShowcase.computeIfAbsent((UUID) d[0], k -> new ArrayList<>()).add(new DrawnOn((UUID) d[1], (String) d[2],
                                ((java.math.BigDecimal) d[3]).stripTrailingZeros().toPlainString(), (java.time.LocalDate) d[4]));
                    }
                    return rows.stream().map(r -> new ShowcaseView((UUID) r[0], (UUID) r[1], (String) r[2], (UUID) r[3], (String) r[4],
                            (String) r[5], links((String) r[6]), authors.getOrDefault((UUID) r[0], List.of()).stream().map(Author::displayName).toList(),
                            byShowcase.getOrDefault((UUID) r[0], List.of()), NativeSql.instant(r[7]))).toList();
                }));
    }

    static List<String> links(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split("\u001f"));
    }
}
