package org.commonground.member.group;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.commonground.member.consent.Consents;
import org.commonground.member.leadership.Leadership;
import org.commonground.member.leadership.LeadershipTerm;
import org.commonground.member.profile.Member;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.http.ETags;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Affinity groups. Stewards and admins create them; any member joins or leaves by themselves, and leaving never
 * fails; the group's stewards manage it. Public groups are listed without a token.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class GroupResource {

    /** Fewer members than this are not counted on public pages (a count that small can point at a person). */
    static final int SMALLEST_PUBLIC_COUNT = 5;

    /** A group as its steward writes it. */
    public record GroupRequest(
            @NotBlank(message = "must not be blank") @Size(max = 80, message = "must be at most 80 characters") @PlainText String name,
            @NotBlank(message = "must not be blank") @Size(max = 1000, message = "must be at most 1000 characters") @PlainText(multiline = true) String purpose,
            @NotNull(message = "must be public or members") @Pattern(regexp = "public|members", message = "must be public or members") String visibility,
            @Min(value = 1, message = "must be between 1 and 10") @Max(value = 10, message = "must be between 1 and 10") Integer maxConsecutiveTerms) {
    }

    /** A lead serving now. */
    public record Lead(UUID termId, UUID memberId, String displayName, LocalDate endsOn) {
    }

    /** A group as readers see it. On public pages, small member counts are suppressed and leads appear by name only with consent. */
    public record GroupView(UUID id, String name, String purpose, String visibility, int maxConsecutiveTerms,
            Long memberCount, boolean memberCountSuppressed, String leadership, List<Lead> leads, Instant createdAt) {
    }

    /** The payload of member.groups-changed.v1. */
    record GroupsChanged(UUID memberId, List<UUID> groupIds, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Leadership leadership;
    private final Idempotency idempotency;
    private final int defaultMaxConsecutiveTerms;
    private final Clock clock = Clock.systemUTC();

    GroupResource(SecurityIdentity identity, Outbox outbox, Leadership leadership, Idempotency idempotency,
            @ConfigProperty(name = "cg.groups.max-consecutive-terms", defaultValue = "2") int defaultMaxConsecutiveTerms) {
        this.identity = identity;
        this.outbox = outbox;
        this.leadership = leadership;
        this.idempotency = idempotency;
        this.defaultMaxConsecutiveTerms = defaultMaxConsecutiveTerms;
    }

    @POST
    @Path("/groups")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Create an affinity group (stewards, admins); a steward who creates it stewards it")
    @APIResponse(responseCode = "201", description = "the group exists", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GroupView.class)))
    @APIResponse(responseCode = "400", description = "a blank, too long or control-character name or purpose, an unknown visibility")
    @APIResponse(responseCode = "409", description = "a group of that name exists")
    public Uni<Response> create(@HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "a JSON body is required") GroupRequest request) {
        return idempotency.once(idempotencyKey, "POST /api/groups", request, () -> create(request));
    }

    private Uni<Response> create(GroupRequest request) {
        Instant now = clock.instant();
        AffinityGroup group = new AffinityGroup();
        group.id = UUID.randomUUID();
        group.createdAt = now;
        apply(request, group);
        return nameIsFree(group).chain(() -> group.<AffinityGroup>persistAndFlush())
                .call(saved -> Member.findBySubject(identity.getPrincipal().getName()).chain(me ->
                        identity.hasRole(Roles.STEWARD) && me != null ? Roster.addSteward(saved.id, me.id) : Uni.createFrom().voidItem()))
                .chain(saved -> view(saved, true))
                .map(view -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/groups/" + view.id())
                        .header(HttpHeaders.ETAG, ETags.of(group.version)).entity(view).build());
    }

    @PUT
    @Path("/groups/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Change a group (its stewards, admins), guarded by If-Match")
    @APIResponse(responseCode = "200", description = "the group as changed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GroupView.class)))
    @APIResponse(responseCode = "400", description = "as for creation")
    @APIResponse(responseCode = "403", description = "the caller does not steward this group")
    @APIResponse(responseCode = "404", description = "no such group")
    @APIResponse(responseCode = "409", description = "a group of that name exists")
    @APIResponse(responseCode = "412", description = "the group changed since it was read")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Uni<Response> update(@PathParam("id") UUID id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") GroupRequest request) {
        return AffinityGroup.locked(id)
                .call(group -> GroupAccess.requireSteward(identity, group))
                .invoke(group -> ETags.require(ifMatch, group.version))
                .invoke(group -> apply(request, group))
                .call(this::nameIsFree)
                .call(group -> group.persistAndFlush())
                .chain(group -> view(group, true).map(view -> Response.ok(view)
                        .header(HttpHeaders.ETAG, ETags.of(group.version)).build()));
    }

    @GET
    @Path("/groups")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "Every group, by name, with its current leads")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    public Uni<Page<GroupView>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return page(limit, cursor, true);
    }

    @GET
    @Path("/public/groups")
    @PermitAll
    @WithSession
    @Operation(summary = "The public groups, by name: purpose, size (suppressed under 5), whether leadership is open")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    public Uni<Page<GroupView>> publicList(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return page(limit, cursor, false);
    }

    @GET
    @Path("/groups/{id}")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "One group, with its ETag")
    @APIResponse(responseCode = "200", description = "the group", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GroupView.class)))
    @APIResponse(responseCode = "404", description = "no such group")
    public Uni<Response> get(@PathParam("id") UUID id) {
        return AffinityGroup.existing(id).chain(group -> view(group, true).map(view -> Response.ok(view)
                .header(HttpHeaders.ETAG, ETags.of(group.version)).build()));
    }

    @GET
    @Path("/public/groups/{id}")
    @PermitAll
    @WithSession
    @Operation(summary = "One public group")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such public group")
    public Uni<GroupView> publicGet(@PathParam("id") UUID id) {
        return AffinityGroup.existing(id).chain(group -> {
            if (group.visibility != AffinityGroup.Visibility.PUBLIC) {
                throw ProblemException.notFound("There is no public group " + id + ".");
            }
            return view(group, false);
        });
    }

    @POST
    @Path("/groups/{id}/members/me")
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Join a group (the caller only); joining again changes nothing")
    @APIResponse(responseCode = "201", description = "the caller joined", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GroupView.class)))
    @APIResponse(responseCode = "200", description = "the caller already belonged", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GroupView.class)))
    @APIResponse(responseCode = "404", description = "no such group, or the caller has not joined the community")
    public Uni<Response> join(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return locked().chain(member -> AffinityGroup.locked(id)
                .chain(group -> Roster.join(group.id, member.id, now)
                        .call(joined -> joined ? groupsChanged(member, now) : Uni.createFrom().voidItem())
                        .chain(joined -> view(group, true).map(view ->
                                Response.status(joined ? Response.Status.CREATED : Response.Status.OK).entity(view).build()))));
    }

    @DELETE
    @Path("/groups/{id}/members/me")
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Leave a group (the caller only). Never refused: a lead steps down, a shadow stops shadowing")
    @APIResponse(responseCode = "204", description = "the caller no longer belongs (also when they did not)")
    @APIResponse(responseCode = "404", description = "no such group, or the caller has not joined the community")
    public Uni<Void> leave(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return locked().chain(member -> AffinityGroup.locked(id)
                .chain(group -> Roster.leave(group.id, member.id)
                        .call(left -> left ? leadership.leftGroup(group.id, member.id, today(), now) : Uni.createFrom().voidItem())
                        .call(left -> left ? groupsChanged(member, now) : Uni.createFrom().voidItem())))
                .replaceWithVoid();
    }

    @PUT
    @Path("/groups/{id}/stewards/{memberId}")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(summary = "Make a member a steward of the group (admins)")
    @APIResponse(responseCode = "204", description = "the member stewards the group")
    @APIResponse(responseCode = "404", description = "no such group or member")
    public Uni<Void> addSteward(@PathParam("id") UUID id, @PathParam("memberId") UUID memberId) {
        return AffinityGroup.locked(id).call(() -> Member.existingAndLocked(memberId))
                .chain(group -> Roster.addSteward(group.id, memberId)).replaceWithVoid();
    }

    @DELETE
    @Path("/groups/{id}/stewards/{memberId}")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(summary = "A member no longer stewards the group (admins)")
    @APIResponse(responseCode = "204", description = "the member does not steward the group")
    @APIResponse(responseCode = "404", description = "no such group")
    public Uni<Void> removeSteward(@PathParam("id") UUID id, @PathParam("memberId") UUID memberId) {
        return AffinityGroup.locked(id).chain(group -> Roster.removeSteward(group.id, memberId)).replaceWithVoid();
    }

    private Uni<Page<GroupView>> page(Integer limit, String cursor, boolean signedIn) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        String visible = signedIn ? "1 = 1" : "visibility = :public";
        String query = visible + (page.first() ? "" : " and (lower(name) > :name or (lower(name) = :name and id > :id))")
                + " order by lower(name), id";
        Map<String, Object> params = new java.util.HashMap<>();
        if (!signedIn) {
            params.put("public", AffinityGroup.Visibility.PUBLIC);
        }
        if (!page.first()) {
            params.put("name", page.after(0));
            params.put("id", page.afterUuid(1));
        }
        return AffinityGroup.<AffinityGroup>find(query, params).page(0, page.fetchSize()).list()
                .chain(rows -> {
                    List<AffinityGroup> served = rows.size() > page.limit() ? rows.subList(0, page.limit()) : rows;
                    return views(served, signedIn)
                            .map(views -> page.page(rows, g -> List.of(g.name.toLowerCase(Locale.ROOT), g.id.toString()),
                                    g -> views.get(g.id)));
                });
    }

    private Uni<Map<UUID, GroupView>> views(List<AffinityGroup> groups, boolean signedIn) {
        Map<UUID, GroupView> views = new java.util.LinkedHashMap<>();
        return org.commonground.platform.reactive.Sequentially.each(groups,
                g -> view(g, signedIn).invoke(v -> views.put(g.id, v))).replaceWith(views);
    }

    private Uni<GroupView> view(AffinityGroup group, boolean signedIn) {
        LocalDate today = today();
        // who leads a members-only group tells who belongs to it: only those who may see that are told
        Uni<Boolean> namesLeads = signedIn ? GroupAccess.maySeeWhoBelongs(identity, group) : Uni.createFrom().item(true);
        return namesLeads.chain(shown -> Roster.size(group.id).chain(size -> Leadership.serving(group.id, today)
                .chain(serving -> Consents.recognisedNames(serving.stream().map(t -> t.memberId).toList(), clock.instant())
                        .map(names -> {
                            boolean suppress = !signedIn && size < SMALLEST_PUBLIC_COUNT;
                            List<Lead> leads = !shown ? List.of() : serving.stream().map((LeadershipTerm t) -> new Lead(t.id,
                                    signedIn ? t.memberId : null, names.get(t.memberId), t.lastDay())).toList();
                            return new GroupView(group.id, group.name, group.purpose,
                                    group.visibility.name().toLowerCase(Locale.ROOT), group.maxConsecutiveTerms,
                                    suppress ? null : size, suppress, serving.isEmpty() ? "open" : "led", leads,
                                    group.createdAt);
                        }))));
    }

    private void apply(GroupRequest request, AffinityGroup group) {
        group.name = request.name().strip();
        group.purpose = request.purpose().strip();
        group.visibility = AffinityGroup.Visibility.valueOf(request.visibility().toUpperCase(Locale.ROOT));
        group.maxConsecutiveTerms = request.maxConsecutiveTerms() == null ? defaultMaxConsecutiveTerms : request.maxConsecutiveTerms();
    }

    private Uni<Void> nameIsFree(AffinityGroup group) {
        return AffinityGroup.count("lower(name) = ?1 and id <> ?2", group.name.toLowerCase(Locale.ROOT), group.id)
                .invoke(taken -> {
                    if (taken > 0) {
                        throw ProblemException.conflict("There is already a group named '" + group.name + "'.");
                    }
                }).replaceWithVoid();
    }

    private Uni<Void> groupsChanged(Member member, Instant now) {
        String key = member.id.toString();
        return Roster.groupsOf(member.id).chain(groups -> outbox.add(EventType.MEMBER_GROUPS_CHANGED, key, key,
                new GroupsChanged(member.id, groups, now)));
    }

    private Uni<Member> locked() {
        return Member.joinedAndLocked(identity.getPrincipal().getName(), false);
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
