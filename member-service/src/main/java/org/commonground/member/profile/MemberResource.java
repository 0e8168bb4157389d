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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemberResource {

    /** The payload of member.joined.v1. */
    record MemberJoined(UUID memberId, List<UUID> groupIds, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    MemberResource(SecurityIdentity identity, Outbox outbox) {
        this.identity = identity;
        this.outbox = outbox;
    }

    @POST
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Join: register the caller as a member, bound to their identity (once)")
    public Uni<Response> register(@Valid @NotNull(message = "a JSON body is required") Registration registration) {
        String subject = identity.getPrincipal().getName();
        return Member.findBySubject(subject)
                .map(existing -> {
                    if (existing != null) {
                        throw ProblemException.conflict("You are already registered as member " + existing.id + ".");
                    }
                    return Member.join(subject, registration.displayName().strip(), clock.instant());
                })
                .call(member -> member.persist())
                .call(member -> outbox.add(EventType.MEMBER_JOINED, member.id.toString(), member.id.toString(),
                        new MemberJoined(member.id, List.of(), member.joinedAt)))
                .map(member -> Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, "/api/members/me").entity(MemberProfile.of(member)).build());
    }

    @GET
    @Path("/me")
    @RolesAllowed(Roles.MEMBER)
    @WithSession
    @Operation(summary = "The caller's own profile")
    public Uni<MemberProfile> me() {
        return Member.joined(identity.getPrincipal().getName())
                .map(MemberProfile::of);
    }
}
