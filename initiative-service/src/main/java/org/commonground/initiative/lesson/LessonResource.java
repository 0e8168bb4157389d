package org.commonground.initiative.lesson;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.initiative.initiative.Committee;
import org.commonground.initiative.initiative.Initiative;
import org.commonground.initiative.member.MemberLink;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Lessons learned: an initiative's committee records what worked, what did not, what it would do differently and for
 * whom that matters (once at least in each stage before EVALUATION, SCALED or RETIRED: the transition is refused
 * without), and any member may add their own. Lessons are public and unsigned: the community keeps what was
 * learned, not who said it. When a new initiative resembles a retired one, that one's lessons are shown.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class LessonResource {

    public record NewLesson(
            @NotBlank(message = "must not be blank: what worked") @Size(max = 4000, message = "must be at most 4000 characters") @PlainText(multiline = true) String whatWorked,
            @NotBlank(message = "must not be blank: what did not work") @Size(max = 4000, message = "must be at most 4000 characters") @PlainText(multiline = true) String whatDidNot,
            @NotBlank(message = "must not be blank: what we would do differently") @Size(max = 4000, message = "must be at most 4000 characters") @PlainText(multiline = true) String doDifferently,
            @NotBlank(message = "must not be blank: for whom it matters") @Size(max = 500, message = "must be at most 500 characters") @PlainText String forWhom) {
    }

    /** A lesson as anyone sees it: no author. */
    public record LessonView(UUID id, UUID initiativeId, UUID partnershipId, Lesson.Kind kind, String stage, String whatWorked,
            String whatDidNot, String doDifferently, String forWhom, Instant createdAt) {
        static LessonView of(Lesson l) {
            return new LessonView(l.id, l.initiativeId, l.partnershipId, l.kind, l.stage, l.whatWorked, l.whatDidNot, l.doDifferently,
                    l.forWhom, l.createdAt);
        }
    }

    /** A retired initiative whose problem resembles this one's, with what its people learned. */
    public record RelatedLessons(UUID initiativeId, UUID partnershipId, String title, String problem, double similarity,
            List<LessonView> lessons) {
    }

    static final int RELATED_INITIATIVES = 5;
    static final int LESSONS_PER_RELATED = 3;

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    LessonResource(SecurityIdentity identity, Outbox outbox) {
        this.identity = identity;
        this.outbox = outbox;
    }

    @POST
    @Path("/initiatives/{id}/lessons")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Record lessons learned: the committee's (required before EVALUATION, SCALED or RETIRED), or any member's own",
            description = "A member of the initiative's committee writes a COMMITTEE lesson; any other member a MEMBER lesson. "
                    + "Lessons are public and unsigned, and kept for good.")
    @APIResponse(responseCode = "201", description = "recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LessonView.class)))
    @APIResponse(responseCode = "400", description = "a field blank, too long, or with control characters (named in the problem)")
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    public Uni<Response> record(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body is required") NewLesson body) {
        return Initiative.existing(id).chain(initiative -> MemberLink.of(identity).chain(member -> Committee.sits(id, member)
                .chain(onCommittee -> {
                    Lesson l = new Lesson();
                    l.id = UUID.randomUUID();
                    l.initiativeId = id;
                    l.partnershipId = initiative.partnershipId;
                    l.kind = onCommittee ? Lesson.Kind.COMMITTEE : Lesson.Kind.MEMBER;
                    l.stage = initiative.stage.name();
                    l.whatWorked = body.whatWorked().strip();
                    l.whatDidNot = body.whatDidNot().strip();
                    l.doDifferently = body.doDifferently().strip();
                    l.forWhom = body.forWhom().strip();
                    l.authorMember = member;
                    l.createdAt = clock.instant();
                    // public and unsigned: the event carries no author
                    return l.<Lesson>persist().call(saved -> outbox.add(EventType.LESSON_RECORDED, id.toString(), l.id.toString(),
                            Map.of("lessonId", l.id, "initiativeId", id, "partnershipId", l.partnershipId, "kind", l.kind.name(),
                                    "stage", l.stage, "whatWorked", l.whatWorked, "whatDidNot", l.whatDidNot,
                                    "doDifferently", l.doDifferently, "forWhom", l.forWhom, "at", l.createdAt.toString())));
                })))
                .map(l -> Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, "/api/public/initiatives/" + id + "/lessons")
                        .entity(LessonView.of(l)).build());
    }

    @GET
    @Path("/public/initiatives/{id}/lessons")
    @PermitAll
    @WithSession
    @Operation(summary = "The lessons learned in an initiative, oldest first (public, unsigned)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<Page<LessonView>> list(@PathParam("id") UUID id, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return Initiative.existing(id).chain(i -> {
            String query = "initiativeId = :i" + (page.first() ? "" : " and (createdAt > :at or (createdAt = :at and id > :id))")
                    + " order by createdAt, id";
            Map<String, Object> params = page.first() ? Map.of("i", id)
                    : Map.of("i", id, "at", page.afterInstant(0), "id", page.afterUuid(1));
            return Lesson.<Lesson>find(query, params).page(0, page.fetchSize()).list();
        }).map(rows -> page.page(rows, l -> List.of(l.createdAt.toString(), l.id.toString()), LessonView::of));
    }

    @GET
    @Path("/public/partnerships/{id}/lessons")
    @PermitAll
    @WithSession
    @Operation(summary = "The lessons learned across a partnership's initiatives, newest first (public, unsigned)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<Page<LessonView>> ofPartnership(@PathParam("id") UUID id, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return org.commonground.initiative.partnership.Partnership.<org.commonground.initiative.partnership.Partnership>findById(id)
                .onItem().ifNull().failWith(() -> org.commonground.platform.problem.ProblemException.notFound("No partnership " + id + "."))
                .chain(p -> {
                    String query = "partnershipId = :p" + (page.first() ? "" : " and (createdAt < :at or (createdAt = :at and id < :id))")
                            + " order by createdAt desc, id desc";
                    Map<String, Object> params = page.first() ? Map.of("p", id)
                            : Map.of("p", id, "at", page.afterInstant(0), "id", page.afterUuid(1));
                    return Lesson.<Lesson>find(query, params).page(0, page.fetchSize()).list();
                }).map(rows -> page.page(rows, l -> List.of(l.createdAt.toString(), l.id.toString()), LessonView::of));
    }

    @GET
    @Path("/public/initiatives/{id}/related-lessons")
    @PermitAll
    @WithSession
    @Operation(summary = "Lessons of retired initiatives whose problem resembles this one's, most similar first",
            description = "Similarity is PostgreSQL full-text search in English over the title and problem statement: any of this "
                    + "initiative's significant words (stemmed) matching a retired initiative's, ranked by cover density. Up to "
                    + RELATED_INITIATIVES + " initiatives, each with up to " + LESSONS_PER_RELATED + " lessons, the committee's first.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<List<RelatedLessons>> related(@PathParam("id") UUID id) {
        return Initiative.existing(id).chain(initiative -> NativeSql.rows(
                        // the lexemes are stemmed already: cast, never stem them twice ('agre' would become 'agr')
                        "WITH words AS (SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS query"
                                + " FROM unnest(tsvector_to_array(to_tsvector('english', ?1))) AS lexeme)"
                                + " SELECT i.id, i.partnership_id, i.title, i.problem,"
                                + " ts_rank_cd(to_tsvector('english', i.title || ' ' || i.problem), words.query) AS rank"
                                + " FROM initiative i, words WHERE words.query IS NOT NULL AND i.stage = 'RETIRED' AND i.id <> ?2"
                                + " AND to_tsvector('english', i.title || ' ' || i.problem) @@ words.query"
                                + " AND EXISTS (SELECT 1 FROM lesson l WHERE l.initiative_id = i.id)"
                                + " ORDER BY rank DESC, i.stage_changed_at DESC LIMIT " + RELATED_INITIATIVES,
                        initiative.title + " " + initiative.problem, id))
                .chain(rows -> {
                    Map<UUID, RelatedLessons> related = new LinkedHashMap<>();
                    for (Object[] row : rows) {
                        related.put((UUID) row[0], new RelatedLessons((UUID) row[0], (UUID) row[1], (String) row[2], (String) row[3],
                                Math.round(((Number) row[4]).doubleValue() * 1000) / 1000.0, new ArrayList<>()));
                    }
                    if (related.isEmpty()) {
                        return Uni.createFrom().item(List.<RelatedLessons>of());
                    }
                    return Lesson.<Lesson>list("initiativeId in ?1 order by kind, createdAt desc", List.copyOf(related.keySet()))
                            .map(lessons -> {
                                for (Lesson l : lessons) {
                                    List<LessonView> of = related.get(l.initiativeId).lessons();
                                    if (of.size() < LESSONS_PER_RELATED) {
                                        of.add(LessonView.of(l));
                                    }
                                }
                                return List.copyOf(related.values());
                            });
                });
    }
}
