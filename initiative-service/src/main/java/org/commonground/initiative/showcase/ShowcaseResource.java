package org.commonground.initiative.showcase;

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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.commonground.initiative.initiative.Initiative;
import org.commonground.initiative.member.MemberLink;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.commonground.platform.validation.QueryIds;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Members' showcases: a member tells the story of their work in an initiative, with links, the contributions it draws
 * on and the co-authors they invite. Each co-author is named only once they accept, under the name they choose. A
 * showcase is public only while its author and every co-author who accepted allow impact-stories; its author can take
 * it down for good. Partners may ask to feature it; only its author answers, and a no changes nothing.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ShowcaseResource {

    static final int MAX_LINKS = 5;
    static final int MAX_CONTRIBUTIONS = 20;
    static final int MAX_COAUTHORS = 5;

    public record NewShowcase(
            @NotBlank(message = "must not be blank") @Size(max = 120, message = "must be at most 120 characters") @PlainText String title,
            @NotBlank(message = "must not be blank") @Size(max = 5000, message = "must be at most 5000 characters") @PlainText(multiline = true) String story,
            @NotBlank(message = "must not be blank: the name to show you under") @Size(max = 80, message = "must be at most 80 characters") @PlainText String authorName,
            @Size(max = MAX_LINKS, message = "at most " + MAX_LINKS + " links") List<@NotBlank(message = "must not be blank") @Size(max = 500, message = "must be at most 500 characters") String> links,
            @Size(max = MAX_CONTRIBUTIONS, message = "at most " + MAX_CONTRIBUTIONS + " contributions") List<@NotNull(message = "must be a contribution's id") UUID> contributionIds,
            @Size(max = MAX_COAUTHORS, message = "at most " + MAX_COAUTHORS + " co-authors") List<@NotNull(message = "must be a member's id") UUID> coAuthorIds) {
    }

    public record CoAuthorship(@NotNull(message = "is required: true to be named, false not to be") Boolean accept,
            @Size(max = 80, message = "must be at most 80 characters") @PlainText String displayName) {
    }

    public record Answer(@NotNull(message = "is required: true to accept, false to decline") Boolean accept) {
    }

    /** A co-author as the author sees them. */
    public record CoAuthor(UUID memberId, String status, String displayName) {
    }

    /** A partner's request to feature a showcase, as its author sees it. */
    public record FeatureRequestView(UUID id, UUID showcaseId, String organization, String partnerName, String kind, String message,
            String status, Instant requestedAt, Instant answeredAt) {
    }

    /**
     * A showcase as its author or a co-author sees it: whether it is public and, if not, why; the author also sees the
     * co-authors' answers and the partners' requests.
     */
    public record MyShowcase(UUID id, UUID initiativeId, UUID partnershipId, String role, String title, String story, String authorName,
            List<String> links, List<UUID> contributionIds, boolean isPublic, List<String> notPublicBecause, List<CoAuthor> coAuthors,
            List<FeatureRequestView> featureRequests, Instant createdAt, Instant withdrawnAt) {
    }

    /** An invitation to be named as a co-author. */
    public record Invitation(UUID showcaseId, UUID initiativeId, String initiativeTitle, String title, String story, String authorName,
            String status, Instant invitedAt) {
    }

    private final SecurityIdentity identity;
    private final Showcases showcases;
    private final Idempotency idempotency;
    private final Clock clock = Clock.systemUTC();

    ShowcaseResource(SecurityIdentity identity, Showcases showcases, Idempotency idempotency) {
        this.identity = identity;
        this.showcases = showcases;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/initiatives/{id}/showcases")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Publish a showcase of your work in an initiative you take part in",
            description = "Title (120), story (5,000), the name to show you under (80), up to " + MAX_LINKS + " http(s) links, up to "
                    + MAX_CONTRIBUTIONS + " of your or your co-authors' contributions in the initiative (not rejected or revoked), and up to "
                    + MAX_COAUTHORS + " co-authors to invite. It is public while you and every co-author who accepted allow "
                    + "impact-stories; the answer says what it waits for. Co-authors are named only once they accept.")
    @APIResponse(responseCode = "201", description = "saved; public or not, and why", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MyShowcase.class)))
    @APIResponse(responseCode = "400", description = "a field blank, too long or with control characters; too many links, contributions or co-authors; "
            + "a link that is not an absolute http(s) address; a contribution that is not yours or a co-author's in this initiative; "
            + "a co-author who is not a member, or yourself (each named in the problem); a bad Idempotency-Key")
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    @APIResponse(responseCode = "409", description = "rule not-a-participant: you never took part in this initiative")
    public Uni<Response> publish(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull(message = "a JSON body is required") NewShowcase body) {
        List<String> links = links(body.links());
        List<UUID> coAuthors = distinct("coAuthorIds", body.coAuthorIds());
        List<UUID> contributions = distinct("contributionIds", body.contributionIds());
        return idempotency.once(key, "POST /api/initiatives/" + id + "/showcases", body, () -> Initiative.existing(id).chain(initiative -> MemberLink.of(identity).chain(member -> {
            if (coAuthors.contains(member)) {
                throw ProblemException.invalid("coAuthorIds", "you are the author; invite others as co-authors");
            }
            return NativeSql.count("SELECT count(*) FROM participation WHERE initiative_id = ?1 AND member_id = ?2", id, member)
                    .invoke(n -> {
                        if (n == 0) {
                            throw ProblemException.ruleBroken("not-a-participant",
                                    "A showcase tells of your work in an initiative: join this one first (POST /api/initiatives/" + id + "/participants).");
                        }
                    })
                    .chain(() -> coAuthors.isEmpty() ? Uni.createFrom().item(List.<UUID>of())
                            : NativeSql.ids("SELECT x FROM unnest(CAST(CAST(?1 AS text) AS uuid[])) AS x WHERE NOT EXISTS (SELECT 1 FROM member_link m"
                                    + " WHERE m.member_id = x AND m.erased_at IS NULL)", NativeSql.uuids(coAuthors)))
                    .invoke(unknown -> {
                        if (!unknown.isEmpty()) {
                            throw ProblemException.invalid("coAuthorIds", "not members of the community: " + unknown);
                        }
                    })
                    .chain(() -> contributions.isEmpty() ? Uni.createFrom().item(List.<UUID>of())
                            : NativeSql.ids("SELECT x FROM unnest(CAST(CAST(?1 AS text) AS uuid[])) AS x WHERE NOT EXISTS (SELECT 1 FROM contribution c"
                                    + " WHERE c.id = x AND c.initiative_id = ?2 AND c.status NOT IN ('REJECTED', 'REVOKED')"
                                    + " AND c.member_id = ANY (CAST(CAST(?3 AS text) AS uuid[])))", NativeSql.uuids(contributions), id,
                                    NativeSql.uuids(concat(member, coAuthors))))
                    .invoke(foreign -> {
                        if (!foreign.isEmpty()) {
                            throw ProblemException.invalid("contributionIds",
                                    "not yours or a co-author's in this initiative (or rejected or revoked): " + foreign);
                        }
                    })
                    .chain(() -> {
                        UUID showcase = UUID.randomUUID();
                        Instant now = clock.instant();
                        return NativeSql.update("INSERT INTO showcase (id, initiative_id, partnership_id, author_member, author_name, title, story,"
                                        + " links, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, string_to_array(?8, chr(31)), ?9)", showcase, id,
                                        initiative.partnershipId, member, body.authorName().strip(), body.title().strip(), body.story().strip(),
                                        NativeSql.joined(links), now)
                                .chain(() -> contributions.isEmpty() ? Uni.createFrom().item(0)
                                        : NativeSql.update("INSERT INTO showcase_contribution (showcase_id, contribution_id)"
                                                + " SELECT ?1, x FROM unnest(CAST(CAST(?2 AS text) AS uuid[])) AS x", showcase, NativeSql.uuids(contributions)))
                                .chain(() -> coAuthors.isEmpty() ? Uni.createFrom().item(0)
                                        : NativeSql.update("INSERT INTO showcase_coauthor (showcase_id, member_id, status, invited_at)"
                                                + " SELECT ?1, x, 'INVITED', ?3 FROM unnest(CAST(CAST(?2 AS text) AS uuid[])) AS x", showcase,
                                                NativeSql.uuids(coAuthors), now))
                                .chain(() -> showcases.refresh(showcase, false))
                                .chain(() -> mine(member, showcase));
                    });
        })).map(view -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/public/showcases/" + view.id())
                .entity(view).build()));
    }

    @GET
    @Path("/showcases/mine")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithSession
    @Operation(summary = "Your showcases: those you wrote and those you co-author, newest first, each public or not and why")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "the caller is not (yet) known as a member")
    public Uni<List<MyShowcase>> mine() {
        return MemberLink.of(identity).chain(member -> NativeSql.ids("SELECT s.id FROM showcase s WHERE s.author_member = ?1"
                        + " OR s.id IN (SELECT showcase_id FROM showcase_coauthor WHERE member_id = ?1 AND status = 'ACCEPTED')"
                        + " ORDER BY s.created_at DESC, s.id DESC LIMIT 200", member)
                .chain(ids -> mine(member, ids)));
    }

    @GET
    @Path("/showcases/invitations")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithSession
    @Operation(summary = "Showcases you are invited to co-author, with your answer so far (INVITED, ACCEPTED or DECLINED)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "the caller is not (yet) known as a member")
    public Uni<List<Invitation>> invitations() {
        return MemberLink.of(identity).chain(member -> invitations(member, null));
    }

    /** A member's invitations (to one showcase, or to all when it is null), newest first. */
    private static Uni<List<Invitation>> invitations(UUID member, UUID showcase) {
        String sql = "SELECT s.id, s.initiative_id, i.title, s.title, s.story, s.author_name, a.status, a.invited_at FROM showcase_coauthor a"
                + " JOIN showcase s ON s.id = a.showcase_id JOIN initiative i ON i.id = s.initiative_id WHERE a.member_id = ?1"
                + " AND s.withdrawn_at IS NULL" + (showcase == null ? "" : " AND s.id = ?2") + " ORDER BY a.invited_at DESC LIMIT 200";
        return (showcase == null ? NativeSql.rows(sql, member) : NativeSql.rows(sql, member, showcase))
                .map(rows -> rows.stream().map(r -> new Invitation((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3], (String) r[4],
                        (String) r[5], (String) r[6], NativeSql.instant(r[7]))).toList());
    }

    @POST
    @Path("/showcases/{id}/co-authorship")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Answer an invitation to co-author: accept under a name you choose, or decline (also later: your name comes off)",
            description = "Until you accept, your name appears nowhere. Once you accept, the showcase is public only while you too "
                    + "allow impact-stories.")
    @APIResponse(responseCode = "200", description = "your answer, and the showcase as a co-author sees it")
    @APIResponse(responseCode = "400", description = "accept missing; accepting without a display name; a name too long or with control characters")
    @APIResponse(responseCode = "404", description = "no such showcase, or you were not invited to it")
    public Uni<Invitation> coAuthorship(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body is required") CoAuthorship body) {
        String name = body.displayName() == null ? "" : body.displayName().strip();
        if (body.accept() && name.isEmpty()) {
            throw ProblemException.invalid("displayName", "is required to accept: the name to show you under");
        }
        return MemberLink.of(identity).chain(member -> NativeSql.update("UPDATE showcase_coauthor a SET status = ?3, display_name = ?4,"
                        + " answered_at = ?5 FROM showcase s WHERE s.id = a.showcase_id AND a.showcase_id = ?1 AND a.member_id = ?2"
                        + " AND s.withdrawn_at IS NULL", id, member, body.accept() ? "ACCEPTED" : "DECLINED", body.accept() ? name : null,
                        clock.instant())
                .invoke(n -> {
                    if (n == 0) {
                        throw ProblemException.notFound("You have no invitation to co-author showcase " + id + ".");
                    }
                })
                .chain(() -> showcases.refresh(id, true))
                .chain(() -> invitations(member, id))
                .map(list -> list.get(0)));
    }

    @POST
    @Path("/showcases/{id}/withdraw")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Take your showcase down, for good: it leaves every public page, the partner API and the dashboard at once, "
            + "and partners' webhooks are told")
    @APIResponse(responseCode = "200", description = "taken down")
    @APIResponse(responseCode = "404", description = "no such showcase of yours")
    public Uni<MyShowcase> withdraw(@PathParam("id") UUID id) {
        return MemberLink.of(identity).chain(member -> NativeSql.update("UPDATE showcase SET withdrawn_at = COALESCE(withdrawn_at, ?3)"
                        + " WHERE id = ?1 AND author_member = ?2", id, member, clock.instant())
                .invoke(n -> {
                    if (n == 0) {
                        throw ProblemException.notFound("You have no showcase " + id + ".");
                    }
                })
                .chain(() -> showcases.refresh(id, false))
                .chain(() -> mine(member, id)));
    }

    @POST
    @Path("/showcases/{id}/feature-requests/{requestId}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
    @WithTransaction
    @Operation(summary = "Accept or decline a partner's request to feature your showcase",
            description = "Only the author answers. Declining changes nothing else: the showcase, its visibility, your standing and "
                    + "the partnership's records stay as they were, and the partner cannot ask again for the same kind of feature.")
    @APIResponse(responseCode = "200", description = "answered")
    @APIResponse(responseCode = "400", description = "accept missing")
    @APIResponse(responseCode = "404", description = "no such request on a showcase of yours")
    @APIResponse(responseCode = "409", description = "rule already-answered: the request was answered before")
    public Uni<FeatureRequestView> answer(@PathParam("id") UUID id, @PathParam("requestId") UUID requestId,
            @Valid @NotNull(message = "a JSON body is required") Answer body) {
        return MemberLink.of(identity).chain(member -> NativeSql.rows("SELECT r.status FROM showcase_feature_request r JOIN showcase s"
                        + " ON s.id = r.showcase_id WHERE r.id = ?1 AND r.showcase_id = ?2 AND s.author_member = ?3 FOR UPDATE OF r", requestId, id, member)
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("Your showcase " + id + " has no feature request " + requestId + ".");
                    }
                    if (!"REQUESTED".equals(rows.get(0)[0])) {
                        throw ProblemException.ruleBroken("already-answered", "You answered this request already: " + rows.get(0)[0] + ".");
                    }
                    return NativeSql.update("UPDATE showcase_feature_request SET status = ?2, answered_at = ?3 WHERE id = ?1", requestId,
                            body.accept() ? "ACCEPTED" : "DECLINED", clock.instant());
                })
                .chain(() -> featureRequests("r.id = ?1", requestId))
                .map(list -> list.get(0)));
    }

    @GET
    @Path("/public/showcases")
    @PermitAll
    @WithSession
    @Operation(summary = "Public showcases, newest first, of a partnership or an initiative (or all)",
            description = "Only showcases whose author and every co-author who accepted allow impact-stories now; only the "
                    + "co-authors who accepted are named, and only verified contributions of the named authors are listed.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a partnershipId or initiativeId that is not a UUID; a limit over 100 or a cursor this list did not issue")
    public Uni<Page<Showcases.ShowcaseView>> listPublic(@QueryParam("partnershipId") String partnershipId,
            @QueryParam("initiativeId") String initiativeId, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        UUID onlyPartnership = QueryIds.optional("partnershipId", partnershipId, "a partnership's id");
        UUID onlyInitiative = QueryIds.optional("initiativeId", initiativeId, "an initiative's id");
        String partnership = onlyPartnership == null ? "" : onlyPartnership.toString();
        String initiative = onlyInitiative == null ? "" : onlyInitiative.toString();
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return Showcases.page("", "(?1 = '' OR s.partnership_id::text = ?1) AND (?2 = '' OR s.initiative_id::text = ?2)", page,
                partnership, initiative);
    }

    @GET
    @Path("/public/showcases/{id}")
    @PermitAll
    @WithSession
    @Operation(summary = "A public showcase")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such showcase, or it is not public (now)")
    public Uni<Showcases.ShowcaseView> getPublic(@PathParam("id") UUID id) {
        return NativeSql.rows("SELECT " + Showcases.COLUMNS + " FROM showcase s JOIN initiative i ON i.id = s.initiative_id WHERE s.id = ?1 AND "
                        + Showcases.isPublic("s"), id)
                .chain(Showcases::views)
                .map(views -> {
                    if (views.isEmpty()) {
                        throw ProblemException.notFound("No public showcase " + id + ".");
                    }
                    return views.get(0);
                });
    }

    /** A member's showcase as they see it; 404 when it is neither theirs nor co-authored by them. */
    private Uni<MyShowcase> mine(UUID member, UUID id) {
        return mine(member, List.of(id)).map(list -> {
            if (list.isEmpty()) {
                throw ProblemException.notFound("You have no showcase " + id + ".");
            }
            return list.get(0);
        });
    }

    private Uni<List<MyShowcase>> mine(UUID member, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String list = NativeSql.uuids(ids);
        return NativeSql.rows("SELECT s.id, s.initiative_id, s.partnership_id, s.author_member, s.title, s.story, s.author_name,"
                        + " array_to_string(s.links, chr(31)), s.created_at, s.withdrawn_at, showcase_is_public(s.id),"
                        + " allows_impact_stories(s.author_member, s.partnership_id),"
                        + " (SELECT count(*) FROM showcase_coauthor a WHERE a.showcase_id = s.id AND a.status = 'ACCEPTED'"
                        + " AND NOT allows_impact_stories(a.member_id, s.partnership_id)),"
                        + " (SELECT string_agg(contribution_id::text, ',' ORDER BY contribution_id) FROM showcase_contribution WHERE showcase_id = s.id)"
                        + " FROM showcase s WHERE s.id = ANY (CAST(CAST(?1 AS text) AS uuid[])) AND (s.author_member = ?2 OR EXISTS (SELECT 1"
                        + " FROM showcase_coauthor a WHERE a.showcase_id = s.id AND a.member_id = ?2 AND a.status = 'ACCEPTED'))"
                        + " ORDER BY s.created_at DESC, s.id DESC", list, member)
                .chain(rows -> NativeSql.rows("SELECT showcase_id, member_id, status, display_name FROM showcase_coauthor"
                                + " WHERE showcase_id = ANY (CAST(CAST(?1 AS text) AS uuid[])) ORDER BY invited_at, member_id", list)
                        .chain(coAuthors -> featureRequests("r.showcase_id = ANY (CAST(CAST(?1 AS text) AS uuid[]))", list)
                                .map(requests -> {
                                    Map<UUID, List<CoAuthor>> byShowcase = new LinkedHashMap<>();
                                    coAuthors.forEach(c -> byShowcase.computeIfAbsent((UUID) c[0], k -> new ArrayList<>())
                                            .add(new CoAuthor((UUID) c[1], (String) c[2], (String) c[3])));
                                    List<MyShowcase> views = new ArrayList<>();
                                    for (Object[] r : rows) {
                                        UUID id = (UUID) r[0];
                                        boolean author = member.equals(r[3]);
                                        List<String> because = new ArrayList<>();
                                        if (r[9] != null) {
                                            because.add("taken down by its author");
                                        }
                                        if (!(Boolean) r[11]) {
                                            because.add(author ? "you have not allowed impact-stories" : "its author has not allowed impact-stories");
                                        }
                                        long coAuthorsWithout = ((Number) r[12]).longValue();
                                        if (coAuthorsWithout > 0) {
                                            because.add(coAuthorsWithout + " co-author(s) who accepted have not allowed impact-stories");
                                        }
                                        List<UUID> drawnOn = r[13] == null ? List.of()
                                                : java.util.Arrays.stream(((String) r[13]).split(",")).map(UUID::fromString).toList();
                                        views.add(new MyShowcase(id, (UUID) r[1], (UUID) r[2], author ? "AUTHOR" : "CO_AUTHOR", (String) r[4],
                                                (String) r[5], (String) r[6], Showcases.links((String) r[7]), drawnOn, (Boolean) r[10],
                                                (Boolean) r[10] ? List.of() : because, author ? byShowcase.getOrDefault(id, List.of()) : List.of(),
                                                author ? requests.stream().filter(q -> q.showcaseId().equals(id)).toList() : List.of(),
                                                NativeSql.instant(r[8]), NativeSql.instant(r[9])));
                                    }
                                    return views;
                                })));
    }

    /** Feature requests matching a condition on {@code r} (with ?1), oldest first. */
    static Uni<List<FeatureRequestView>> featureRequests(String condition, Object param) {
        return NativeSql.rows("SELECT r.id, r.showcase_id, r.organization, (SELECT p.partner_name FROM partnership p"
                        + " WHERE p.partner_organization = r.organization ORDER BY p.created_at LIMIT 1), r.kind, r.message, r.status,"
                        + " r.requested_at, r.answered_at FROM showcase_feature_request r WHERE " + condition
                        + " ORDER BY r.requested_at, r.id", param)
                .map(rows -> rows.stream().map(r -> new FeatureRequestView((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3],
                        (String) r[4], (String) r[5], (String) r[6], NativeSql.instant(r[7]), NativeSql.instant(r[8]))).toList());
    }

    /** The links, each an absolute http(s) address with a host and no credentials; 400 naming the first that is not. */
    static List<String> links(List<String> links) {
        if (links == null) {
            return List.of();
        }
        List<String> checked = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            String link = links.get(i).strip();
            try {
                URI uri = new URI(link);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getRawUserInfo() != null) {
                    throw new URISyntaxException(link, "not an absolute http(s) address");
                }
            } catch (URISyntaxException e) {
                throw ProblemException.invalid("links[" + i + "]", "must be an absolute http or https address without credentials");
            }
            checked.add(link);
        }
        return checked;
    }

    private static List<UUID> distinct(String field, List<UUID> ids) {
        if (ids == null) {
            return List.of();
        }
        if (new HashSet<>(ids).size() != ids.size()) {
            throw ProblemException.invalid(field, "lists an id twice");
        }
        return ids.stream().filter(Objects::nonNull).toList();
    }

    private static List<UUID> concat(UUID first, List<UUID> rest) {
        List<UUID> all = new ArrayList<>(rest);
        all.add(first);
        return all;
    }
}
