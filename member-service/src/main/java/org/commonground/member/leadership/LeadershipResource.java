package org.commonground.member.leadership;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.util.Map;
import java.util.UUID;
import org.commonground.member.consent.Consents;
import org.commonground.member.group.AffinityGroup;
import org.commonground.member.group.GroupAccess;
import org.commonground.member.group.Roster;
import org.commonground.member.profile.Member;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Leadership terms of a group: stewards assign leads under the group's rotation rule, leads name shadows, and the
 * whole history is readable (by anyone for a public group).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class LeadershipResource {

    /** A term to assign: who leads, from which day to which day (both served). */
    public record TermRequest(@NotNull(message = "is required") UUID memberId,
            @NotNull(message = "is required") LocalDate startsOn,
            @NotNull(message = "is required") LocalDate endsOn) {
    }

    /** A person in the leadership history: a member id for signed-in readers; a name only with public recognition. */
    public record Person(UUID memberId, String displayName) {
    }

    /** A term as the history shows it. */
    public record Term(UUID id, UUID groupId, Person lead, LocalDate startsOn, LocalDate endsOn, LocalDate endedOn,
            String endedReason, String status, List<Person> shadows) {
    }

    private final SecurityIdentity identity;
    private final Leadership leadership;
    private final Idempotency idempotency;
    private final Clock clock = Clock.systemUTC();

    LeadershipResource(SecurityIdentity identity, Leadership leadership, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.identity = identity;
        this.leadership = leadership;
    }

    @POST
    @Path("/groups/{groupId}/terms")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Assign a lead for a term (the group's stewards, admins), under the group's rotation rule")
    @APIResponse(responseCode = "201", description = "the term is assigned", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Term.class)))
    @APIResponse(responseCode = "400", description = "a missing date, a term ending before it starts or in the past, longer than 3 years")
    @APIResponse(responseCode = "403", description = "the caller does not steward this group")
    @APIResponse(responseCode = "404", description = "no such group or member")
    @APIResponse(responseCode = "409", description = "rules no-overlap, rotation, lead-belongs-to-group")
    public Uni<Response> assign(@PathParam("groupId") UUID groupId, @HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "a JSON body {\"memberId\", \"startsOn\", \"endsOn\"} is required") TermRequest request) {
        Instant now = clock.instant();
        return idempotency.once(idempotencyKey, "POST /api/groups/" + groupId + "/terms", request, () -> AffinityGroup.locked(groupId)
                .call(group -> GroupAccess.requireSteward(identity, group))
                .call(group -> Member.existingAndLocked(request.memberId()))
                .chain(group -> leadership.assign(group, request.memberId(), request.startsOn(), request.endsOn(), today(), now))
                .chain(term -> view(List.of(term), true).map(views -> Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, "/api/groups/" + groupId + "/leadership").entity(views.get(0)).build())));
    }

    @POST
    @Path("/groups/{groupId}/terms/{termId}/end")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "End a term early (the lead steps down, or a steward ends it); an upcoming term is cancelled")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller is neither the lead nor a steward of the group")
    @APIResponse(responseCode = "404", description = "no such group or term")
    @APIResponse(responseCode = "409", description = "the term has already ended")
    public Uni<Term> end(@PathParam("groupId") UUID groupId, @PathParam("termId") UUID termId) {
        Instant now = clock.instant();
        return AffinityGroup.locked(groupId)
                .chain(group -> term(group, termId).call(term -> leadOrSteward(group, term)))
                .call(term -> {
                    if (term.lastDay().isBefore(today())) {
                        throw ProblemException.conflict("This term has already ended (" + term.lastDay() + ").");
                    }
                    return Member.findBySubject(identity.getPrincipal().getName()).chain(me -> leadership.end(term,
                            me != null && me.id.equals(term.memberId) ? Leadership.STEPPED_DOWN : Leadership.ENDED_BY_STEWARD,
                            today(), now));
                })
                .chain(term -> view(List.of(term), true).map(views -> views.get(0)));
    }

    @PUT
    @Path("/groups/{groupId}/terms/{termId}/shadows/{memberId}")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Name a shadow for a term (the lead, or a steward): a group member who learns the role")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller is neither the lead nor a steward of the group")
    @APIResponse(responseCode = "404", description = "no such group, term or member")
    @APIResponse(responseCode = "409", description = "rules shadow-belongs-to-group, shadow-is-not-the-lead; or the term has ended")
    public Uni<Term> nameShadow(@PathParam("groupId") UUID groupId, @PathParam("termId") UUID termId,
            @PathParam("memberId") UUID memberId) {
        Instant now = clock.instant();
        return AffinityGroup.locked(groupId)
                .chain(group -> term(group, termId).call(term -> leadOrSteward(group, term))
                        .call(term -> Member.existingAndLocked(memberId))
                        .call(term -> {
                            if (term.lastDay().isBefore(today())) {
                                throw ProblemException.conflict("This term has ended; name shadows for a current or upcoming term.");
                            }
                            if (term.memberId.equals(memberId)) {
                                throw ProblemException.ruleBroken("shadow-is-not-the-lead", "A lead cannot shadow their own term.");
                            }
                            return Roster.belongs(groupId, memberId).invoke(belongs -> {
                                if (!belongs) {
                                    throw ProblemException.ruleBroken("shadow-belongs-to-group",
                                            "A shadow is a member of the group: member " + memberId + " has not joined '" + group.name + "'.");
                                }
                            });
                        }))
                .call(term -> leadership.nameShadow(term, memberId, today(), now))
                .chain(term -> view(List.of(term), true).map(views -> views.get(0)));
    }

    @DELETE
    @Path("/groups/{groupId}/terms/{termId}/shadows/{memberId}")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Stop a shadowing (the lead, a steward, or the shadow themselves)")
    @APIResponse(responseCode = "204", description = "the member no longer shadows the term (also when they did not)")
    @APIResponse(responseCode = "403", description = "the caller is not the lead, the shadow or a steward of the group")
    @APIResponse(responseCode = "404", description = "no such group or term")
    public Uni<Void> removeShadow(@PathParam("groupId") UUID groupId, @PathParam("termId") UUID termId,
            @PathParam("memberId") UUID memberId) {
        return AffinityGroup.locked(groupId)
                .chain(group -> term(group, termId).call(term -> Member.findBySubject(identity.getPrincipal().getName())
                        .chain(me -> me != null && me.id.equals(memberId) ? Uni.createFrom().voidItem() : leadOrSteward(group, term))))
                .chain(term -> Leadership.removeShadow(term.id, memberId));
    }

    @GET
    @Path("/groups/{groupId}/leadership")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "The full leadership history of a group, newest term first, with shadows (of a members-only group:"
            + " to its members and stewards, admins and auditors)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "a members-only group the caller neither belongs to nor stewards")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no such group")
    public Uni<Page<Term>> history(@PathParam("groupId") UUID groupId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return AffinityGroup.existing(groupId).call(group -> GroupAccess.maySeeWhoBelongs(identity, group).invoke(may -> {
            if (!may) {
                throw new ProblemException(ProblemType.FORBIDDEN, "Only the members and stewards of '" + group.name
                        + "' see who leads it: it is a members-only group.");
            }
        })).chain(group -> history(group, page, true));
    }

    @GET
    @Path("/public/groups/{groupId}/leadership")
    @PermitAll
    @WithSession
    @Operation(summary = "The full leadership history of a public group; leads are named only with their public-recognition consent")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no such public group")
    public Uni<Page<Term>> publicHistory(@PathParam("groupId") UUID groupId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return AffinityGroup.existing(groupId).map(group -> {
            if (group.visibility != AffinityGroup.Visibility.PUBLIC) {
                throw ProblemException.notFound("There is no public group " + groupId + ".");
            }
            return group;
        }).chain(group -> history(group, page, false));
    }

    private Uni<Page<Term>> history(AffinityGroup group, PageRequest page, boolean signedIn) {
        String query = "groupId = :group" + (page.first() ? "" : " and (startsOn < :on or (startsOn = :on and id < :id))")
                + " order by startsOn desc, id desc";
        Map<String, Object> params = page.first() ? Map.of("group", group.id)
                : Map.of("group", group.id, "on", page.afterDate(0), "id", page.afterUuid(1));
        return LeadershipTerm.<LeadershipTerm>find(query, params).page(0, page.fetchSize()).list()
                .chain(rows -> {
                    List<LeadershipTerm> served = rows.size() > page.limit() ? rows.subList(0, page.limit()) : rows;
                    return view(served, signedIn).map(views -> {
                        Map<UUID, Term> byId = new java.util.HashMap<>();
                        views.forEach(v -> byId.put(v.id(), v));
                        return page.page(rows, t -> List.of(t.startsOn.toString(), t.id.toString()), t -> byId.get(t.id));
                    });
                });
    }

    private Uni<List<Term>> view(List<LeadershipTerm> terms, boolean signedIn) {
        LocalDate today = today();
        Instant now = clock.instant();
        return Leadership.shadowsOf(terms.stream().map(t -> t.id).toList())
                .chain(shadows -> Consents.recognisedNames(Leadership.people(terms, shadows), now)
                        .map(names -> terms.stream().map(t -> new Term(t.id, t.groupId, person(t.memberId, names, signedIn),
                                t.startsOn, t.endsOn, t.endedOn, t.endedReason, t.status(today),
                                shadows.getOrDefault(t.id, List.of()).stream().map(s -> person(s, names, signedIn)).toList()))
                                .toList()));
    }

    private static Person person(UUID memberId, Map<UUID, String> names, boolean signedIn) {
        return new Person(signedIn ? memberId : null, names.get(memberId));
    }

    private static Uni<LeadershipTerm> term(AffinityGroup group, UUID termId) {
        return LeadershipTerm.<LeadershipTerm>findById(termId)
                .map(term -> term == null || !term.groupId.equals(group.id) ? null : term)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no term " + termId + " in this group."));
    }

    /** The term's own lead, or a steward of the group (or an admin). */
    private Uni<Void> leadOrSteward(AffinityGroup group, LeadershipTerm term) {
        return Member.findBySubject(identity.getPrincipal().getName()).chain(me -> {
            if (me != null && me.id.equals(term.memberId)) {
                return Uni.createFrom().voidItem();
            }
            if (identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.STEWARD)) {
                return GroupAccess.requireSteward(identity, group);
            }
            return Uni.createFrom().failure(new ProblemException(ProblemType.FORBIDDEN,
                    "Only the lead of this term and the group's stewards may do this."));
        });
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }
}
