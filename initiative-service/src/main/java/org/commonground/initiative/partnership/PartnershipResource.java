package org.commonground.initiative.partnership;

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
import java.util.List;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PartnershipResource {

    /** The payload of partnership.published.v1: what every service may know of a partnership. */
    record PartnershipPublished(UUID partnershipId, String name, String partnerName, Instant at) {
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
    @Operation(summary = "Start a partnership (stewards and admins); it is public from then on")
    public Uni<Response> start(@Valid @NotNull(message = "a JSON body is required") NewPartnership proposal) {
        Partnership partnership = Partnership.start(proposal, identity.getPrincipal().getName(), clock.instant());
        // a relative Location: the caller came through the gateway, not to this host
        String key = partnership.id.toString();
        return partnership.persist()
                .call(() -> outbox.add(EventType.PARTNERSHIP_PUBLISHED, key, key, new PartnershipPublished(
                        partnership.id, partnership.name, partnership.partnerName, partnership.createdAt)))
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
                        Parameters.with("at", instant(page.after(0))).and("id", uuid(page.after(1))));
        return query.range(0, page.fetchSize() - 1).list()
                .map(rows -> page.page(rows, p -> List.of(p.createdAt.toString(), p.id.toString()), PartnershipView::of));
    }

    @GET
    @Path("/public/partnerships/{id}")
    @PermitAll
    @WithSession
    @Operation(summary = "One partnership (public)")
    public Uni<PartnershipView> get(@PathParam("id") UUID id) {
        return Partnership.<Partnership>findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No partnership " + id + "."))
                .map(PartnershipView::of);
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor from this list");
        }
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("cursor", "is not a cursor from this list");
        }
    }
}
