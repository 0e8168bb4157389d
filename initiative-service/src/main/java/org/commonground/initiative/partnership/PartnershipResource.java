package org.commonground.initiative.partnership;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.initiative.InitiativeStewards;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PartnershipResource {

    /** The payload of partnership.published.v1: what every service may know of a partnership. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PartnershipPublished(UUID partnershipId, String name, String partnerName, String partnerOrganization, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    PartnershipResource(SecurityIdentity identity, Outbox outbox) {
        this.identity = identity;
        this.outbox = outbox;
    }

    @POST
    @Path("/partnerships")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.STEWARD, Roles.ADMIN})
    @WithTransaction
    @Operation(summary = "Start a partnership (stewards and admins); it is public from then on, and a steward who starts it stewards it")
    @APIResponse(responseCode = "201", description = "the partnership is public", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PartnershipView.class)))
    @APIResponse(responseCode = "400", description = "a missing, too long or control-character field, a bad partner organization id")
    public Uni<Response> start(@Valid @NotNull(message = "a JSON body is required") NewPartnership proposal) {
        Partnership partnership = Partnership.start(proposal, identity.getPrincipal().getName(), clock.instant());
        // a relative Location: the caller came through the gateway, not to this host
        String key = partnership.id.toString();
        // flushed before the steward row, which native SQL writes and which refers to it
        return partnership.persistAndFlush()
                .call(() -> identity.hasRole(Roles.STEWARD) ? Stewardship.add(partnership.id, identity.getPrincipal().getName(),
                        Stewardship.actingName(identity), partnership.createdAt) : Uni.createFrom().voidItem())
                .call(() -> outbox.add(EventType.PARTNERSHIP_PUBLISHED, key, key, new PartnershipPublished(
                        partnership.id, partnership.name, partnership.partnerName, partnership.partnerOrganization,
                        partnership.createdAt)))
                .call(() -> Stewardship.announce(outbox, partnership.id, partnership.createdAt))
                .map(saved -> Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/api/public/partnerships/" + partnership.id)
                .entity(PartnershipView.of(partnership)).build());
    }

    @GET
    @Path("/public/partnerships")
    @PermitAll
    @WithSession
    @Operation(summary = "Every partnership, oldest first, a page at a time (public)")
    public Uni<Page<PartnershipView>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        var query = page.first()
                ? Partnership.<Partnership>find("order by createdAt, id")
                : Partnership.<Partnership>find("createdAt > :at or (createdAt = :at and id > :id) order by createdAt, id",
                        Parameters.with("at", page.afterInstant(0)).and("id", page.afterUuid(1)));
        return query.range(0, page.fetchSize() - 1).list()
                .map(rows -> page.page(rows, p -> List.of(p.createdAt.toString(), p.id.toString()), PartnershipView::of));
    }

    @GET
    @Path("/public/partnerships/{id}")
    @PermitAll
    @WithSession
    @Operation(summary = "One partnership (public)")
    public Uni<PartnershipView> get(@PathParam("id") UUID id) {
        return Partnership.existing(id).map(PartnershipView::of);
    }

    @PUT
    @Path("/partnerships/{id}/stewards/{subject}")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(summary = "Make a steward (by the subject of their identity) a steward of the partnership and of every initiative in it"
            + " (admins)")
    @APIResponse(responseCode = "204", description = "they steward it")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<Void> addSteward(@PathParam("id") UUID id, @PathParam("subject") String subject,
            @QueryParam("name") String name) {
        if (subject.length() > 255 || (name != null && name.length() > 120)) {
            throw ProblemException.invalid(subject.length() > 255 ? "subject" : "name", "is too long");
        }
        Instant now = clock.instant();
        String shown = name == null || name.isBlank() ? subject : name.strip();
        return Partnership.existing(id).chain(p -> Stewardship.add(id, subject, shown, now))
                .call(() -> InitiativeStewards.partnershipStewardAdded(id, subject, shown, now))
                .call(() -> Stewardship.announce(outbox, id, now));
    }

    @DELETE
    @Path("/partnerships/{id}/stewards/{subject}")
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(summary = "Someone no longer stewards the partnership nor any initiative in it (admins)")
    @APIResponse(responseCode = "204", description = "they do not steward it")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<Void> removeSteward(@PathParam("id") UUID id, @PathParam("subject") String subject) {
        return Partnership.existing(id).chain(p -> Stewardship.remove(id, subject))
                .call(() -> InitiativeStewards.partnershipStewardRemoved(id, subject))
                .call(() -> Stewardship.announce(outbox, id, clock.instant()));
    }
}
