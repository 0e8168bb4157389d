package org.commonground.member.profile;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.commonground.member.consent.Consents;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.http.ETags;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Joining, and a member's own profile. Only the caller's own profile is reachable here: there is no id in the path. */
@Path("/api/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemberResource {

    /** The payload of member.joined.v1. */
    record MemberJoined(UUID memberId, String subject, List<UUID> groupIds, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Consents consents;
    private final Idempotency idempotency;
    private final Clock clock = Clock.systemUTC();

    MemberResource(SecurityIdentity identity, Outbox outbox, Consents consents, Idempotency idempotency) {
        this.idempotency = idempotency;
        this.identity = identity;
        this.outbox = outbox;
        this.consents = consents;
    }

    @POST
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Join: register the caller as a member, bound to their identity (once), with their profile")
    @APIResponse(responseCode = "201", description = "joined; the profile is at /api/members/me", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Profile.Own.class)))
    @APIResponse(responseCode = "400", description = "a missing, too long or invalid field, or a field that cannot be set (id, role)")
    @APIResponse(responseCode = "409", description = "the caller has already joined")
    public Uni<Response> register(@HeaderParam(Idempotency.HEADER) String idempotencyKey,
            @Valid @NotNull(message = "a JSON body is required") Profile profile) {
        String subject = identity.getPrincipal().getName();
        return idempotency.once(idempotencyKey, "POST /api/members", profile, () -> Member.findBySubject(subject)
                .map(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("You are already registered as member " + existing.id + ".");
                    }
                    return Member.join(subject, profile, clock.instant());
                })
                .call(member -> member.persistAndFlush())
                .call(member -> outbox.add(EventType.MEMBER_JOINED, member.id.toString(), member.id.toString(),
                        new MemberJoined(member.id, member.subject, List.of(), member.joinedAt)))
                .map(member -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/members/me")
                        .header(HttpHeaders.ETAG, ETags.of(member.version)).entity(Profile.Own.of(member)).build()));
    }

    @GET
    @Path("/me")
    @RolesAllowed(Roles.MEMBER)
    @WithSession
    @Operation(summary = "The caller's own profile, with its ETag for an update")
    @APIResponse(responseCode = "200", description = "the caller's own profile", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Profile.Own.class)))
    @APIResponse(responseCode = "404", description = "the caller has not joined")
    public Uni<Response> me() {
        return Member.joined(identity.getPrincipal().getName())
                .map(member -> Response.ok(Profile.Own.of(member)).header(HttpHeaders.ETAG, ETags.of(member.version)).build());
    }

    @PUT
    @Path("/me")
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Replace the caller's profile (fields left out are cleared), guarded by If-Match")
    @APIResponse(responseCode = "200", description = "the profile as changed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Profile.Own.class)))
    @APIResponse(responseCode = "400", description = "a missing, too long or invalid field, or a field that cannot be set (id, role, joinedAt)")
    @APIResponse(responseCode = "404", description = "the caller has not joined")
    @APIResponse(responseCode = "412", description = "the profile changed since it was read")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Uni<Response> update(@HeaderParam(ETags.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") Profile profile) {
        Instant now = clock.instant();
        return Member.joinedAndLocked(identity.getPrincipal().getName(), true)
                .invoke(member -> ETags.require(ifMatch, member.version))
                .chain(member -> {
                    String nameBefore = member.displayName;
                    List<String> skillsBefore = List.copyOf(member.skills);
                    String contactBefore = member.contactEmail;
                    profile.applyTo(member);
                    member.updatedAt = now;
                    boolean partnersSee = !Objects.equals(nameBefore, member.displayName) || !skillsBefore.equals(member.skills)
                            || !Objects.equals(contactBefore, member.contactEmail);
                    return member.<Member>persistAndFlush()
                            .call(saved -> Objects.equals(nameBefore, saved.displayName) ? Uni.createFrom().voidItem()
                                    : consents.profileChanged(saved, now))
                            .call(saved -> partnersSee ? consents.partnerProfileChanged(saved, now) : Uni.createFrom().voidItem());
                })
                .map(member -> Response.ok(Profile.Own.of(member)).header(HttpHeaders.ETAG, ETags.of(member.version)).build());
    }
}
