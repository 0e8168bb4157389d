package org.commonground.initiative.archive;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.validation.QueryIds;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The community's memory, searchable together: decisions, lessons learned, guideline versions and members' showcases.
 * Only public material is searched, and only its public part: a decision's summary and rationale, a lesson (unsigned), a
 * guideline version, a showcase while it is public (decided at each search: a withdrawn one is never found).
 * Escalations are not public (what was raised, and how it was resolved, stays between the raiser and the stewards):
 * their outcomes are searched with the rest only for a caller who may see them.
 */
@Path("/api/public/archive")
@Produces(MediaType.APPLICATION_JSON)
public class ArchiveResource {

    /** who asks, if anyone: resolved without blocking (a public address authenticates only when a token comes) */
    private final io.quarkus.security.identity.CurrentIdentityAssociation identity;

    ArchiveResource(io.quarkus.security.identity.CurrentIdentityAssociation identity) {
        this.identity = identity;
    }

    /** One thing found: what it is, where it belongs, and a snippet with the matched words in {@code <mark>}. */
    public record Hit(String kind, String id, UUID partnershipId, UUID initiativeId, String title, String snippet, double rank,
            Instant at) {
    }

    static final Set<String> KINDS = Set.of("decision", "lesson", "guideline", "showcase", "escalation");
    static final int LONGEST_QUERY = 200;
    static final int MAX_LIMIT = 50;
    /** what a search may contain: letters, digits, spaces and the punctuation of ordinary sentences and phrases */
    static final Pattern QUERY = Pattern.compile("[\\p{L}\\p{M}\\p{N}\\s\"'’,.?!:()&/+-]+");

    static final String SEARCH = """
            WITH q AS (SELECT query, phraseto_tsquery('english', ?1) AS phrase FROM websearch_to_tsquery('english', ?1) AS query
                       -- a query of excluded words only ("-bicycle") would match everything: it finds nothing instead
                       WHERE querytree(query) <> 'T')
            SELECT kind, id, partnership_id, initiative_id, title, at, rank,
                   ts_headline('english', replace(replace(replace(body, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), q.query,
                               'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=25, MinWords=8, FragmentDelimiter=" … "')
            FROM q, (
                SELECT 'decision' AS kind, d.id::text AS id, d.partnership_id, d.initiative_id, d.summary AS title,
                       d.decided_at AS at, d.summary || ' — ' || d.rationale AS body,
                       ts_rank_cd(to_tsvector('english', d.summary || ' ' || d.rationale), q.query)
                       + CASE WHEN to_tsvector('english', d.summary || ' ' || d.rationale) @@ q.phrase THEN 1 ELSE 0 END AS rank
                FROM decision d, q WHERE to_tsvector('english', d.summary || ' ' || d.rationale) @@ q.query
              UNION ALL
                SELECT 'lesson', l.id::text, l.partnership_id, l.initiative_id, 'Lessons learned: ' || i.title, l.created_at,
                       'What worked: ' || l.what_worked || ' — What did not: ' || l.what_did_not || ' — Differently: '
                       || l.do_differently || ' — For: ' || l.for_whom,
                       ts_rank_cd(l.search, q.query) + CASE WHEN l.search @@ q.phrase THEN 1 ELSE 0 END
                FROM lesson l JOIN initiative i ON i.id = l.initiative_id, q WHERE l.search @@ q.query
              UNION ALL
                SELECT 'guideline', g.partnership_id || ':' || g.version, g.partnership_id, NULL::uuid,
                       'Guidelines of ' || p.name || ', version ' || g.version, g.published_at,
                       g.change_note || ' — ' || g.funding_conditions || ' — ' || g.reported,
                       ts_rank_cd(to_tsvector('english', g.funding_conditions || ' ' || g.reported || ' ' || g.change_note)
                                  || jsonb_to_tsvector('english', g.decision_rights::jsonb, '["string"]'), q.query)
                       + CASE WHEN (to_tsvector('english', g.funding_conditions || ' ' || g.reported || ' ' || g.change_note)
                                  || jsonb_to_tsvector('english', g.decision_rights::jsonb, '["string"]')) @@ q.phrase THEN 1 ELSE 0 END
                FROM guideline_version g JOIN partnership p ON p.id = g.partnership_id, q
                WHERE (to_tsvector('english', g.funding_conditions || ' ' || g.reported || ' ' || g.change_note)
                       || jsonb_to_tsvector('english', g.decision_rights::jsonb, '["string"]')) @@ q.query
              UNION ALL
                SELECT 'showcase', s.id::text, s.partnership_id, s.initiative_id, s.title, s.created_at, s.title || ' — ' || s.story,
                       ts_rank_cd(s.search, q.query) + CASE WHEN s.search @@ q.phrase THEN 1 ELSE 0 END
                FROM showcase s, q WHERE s.search @@ q.query AND showcase_is_public(s.id)
              UNION ALL
                -- escalation outcomes, only for who may see the escalation: who raised it, the partnership's stewards,
                -- admins and auditors (never anonymously)
                SELECT 'escalation', e.id::text, e.partnership_id, e.initiative_id, 'Escalation resolved: ' || e.summary, e.resolved_at,
                       e.summary || ' — ' || e.resolution,
                       ts_rank_cd(to_tsvector('english', coalesce(e.resolution, '')), q.query)
                       + CASE WHEN to_tsvector('english', coalesce(e.resolution, '')) @@ q.phrase THEN 1 ELSE 0 END
                FROM escalation e, q WHERE e.resolution IS NOT NULL AND to_tsvector('english', coalesce(e.resolution, '')) @@ q.query
                  AND (?4 OR e.partnership_id IN (SELECT partnership_id FROM partnership_steward WHERE subject = ?5)
                       OR e.raised_by IN (SELECT member_id FROM member_link WHERE subject = ?5))

            ) hits
            WHERE (?2 = '' OR kind = ?2) AND (?3 = '' OR partnership_id::text = ?3)
            ORDER BY rank DESC, at DESC, id
            """;

    @GET
    @PermitAll
    @WithSession
    @Operation(summary = "Search decisions, lessons learned, guideline versions and public showcases together",
            description = "PostgreSQL full-text search in English: words are stemmed (\"repairs\" finds \"repair\"), common words "
                    + "ignored; \"quoted phrases\", OR and -excluded words work as in a web search. Results are ranked by cover "
                    + "density (matched words close together rank higher), and an exact match of the whole query as a phrase ranks "
                    + "above any scattered match. Snippets mark the matched words with <mark>; the rest is HTML-escaped. "
                    + "q: 2 to 200 characters of letters, digits, spaces and sentence punctuation. kind: decision, lesson, "
                    + "guideline, showcase (members' showcases only while public) or escalation. Escalations are not public: their "
                    + "outcomes are searched only for a caller who may see them (send your token): the member who raised one, the "
                    + "partnership's stewards, admins and auditors. Pages of at most 50, by rank.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "q missing, too short or long, or with characters a search does not need; an unknown "
            + "kind; a partnershipId that is not a UUID; a bad limit or cursor")
    public Uni<Page<Hit>> search(@QueryParam("q") String q, @QueryParam("kind") String kind,
            @QueryParam("partnershipId") String partnershipId, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        String query = q == null ? "" : q.strip();
        if (query.length() < 2) {
            throw ProblemException.invalid("q", "is required: at least 2 characters to search for");
        }
        if (query.length() > LONGEST_QUERY) {
            throw ProblemException.invalid("q", "must be at most " + LONGEST_QUERY + " characters");
        }
        if (!QUERY.matcher(query).matches()) {
            throw ProblemException.invalid("q", "may contain letters, digits, spaces and the punctuation \" ' , . ? ! : ( ) & / + - only");
        }
        String kindFilter = kind == null || kind.isBlank() ? "" : kind.strip().toLowerCase(Locale.ROOT);
        if (!kindFilter.isEmpty() && !KINDS.contains(kindFilter)) {
            throw ProblemException.invalid("kind", "must be one of decision, lesson, guideline, showcase, escalation");
        }
        UUID only = QueryIds.optional("partnershipId", partnershipId, "a partnership's id");
        String partnership = only == null ? "" : only.toString();
        if (limit != null && limit > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be at most " + MAX_LIMIT);
        }
        PageRequest page = PageRequest.of(limit, cursor, 1);
        int offset = page.first() ? 0 : offset(page.after(0));
        String kindParam = kindFilter;
        String partnershipParam = partnership;
        return identity.getDeferredIdentity().chain(caller -> NativeSql.rows(SEARCH + " LIMIT " + page.fetchSize() + " OFFSET " + offset,
                        query, kindParam, partnershipParam, caller.hasRole(Roles.ADMIN) || caller.hasRole(Roles.AUDITOR),
                        caller.isAnonymous() ? "" : caller.getPrincipal().getName()))
                .map(rows -> {
                    List<Hit> hits = new java.util.ArrayList<>();
                    for (Object[] row : rows) {
                        hits.add(new Hit((String) row[0], (String) row[1], (UUID) row[2], (UUID) row[3], (String) row[4], (String) row[7],
                                Math.round(((Number) row[6]).doubleValue() * 10000) / 10000.0, NativeSql.instant(row[5])));
                    }
                    // the cursor is the position after the last hit served: the next page starts there
                    return page.page(hits, hit -> List.of(Integer.toString(offset + hits.indexOf(hit) + 1)), hit -> hit);
                });
    }

    private static int offset(String after) {
        try {
            int n = Integer.parseInt(after);
            if (n < 0 || n > 10_000) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this search issued");
        }
    }
}
