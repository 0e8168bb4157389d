package org.commonground.reporting.freshness;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/reports/read-models")
@Produces(MediaType.APPLICATION_JSON)
public class ReadModelResource {

    /** How fresh a read model is: the events applied and the time of the newest. */
    public record Freshness(String name, String description, long eventsApplied, Instant lastEventAt, Instant rebuiltAt) {
        static Freshness of(ReadModel m) {
            return new Freshness(m.name, m.description, m.eventsApplied, m.lastEventAt, m.rebuiltAt);
        }
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
    @WithSession
    @Operation(summary = "Every read model and how fresh it is (admins and auditors)")
    public Uni<List<Freshness>> all() {
        return ReadModel.<ReadModel>listAll(io.quarkus.panache.common.Sort.by("name"))
                .map(models -> models.stream().map(Freshness::of).toList());
    }

    private final Rebuild rebuild;

    ReadModelResource(Rebuild rebuild) {
        this.rebuild = rebuild;
    }

    @jakarta.ws.rs.POST
    @Path("/rebuild")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Replay every topic from the beginning into fresh tables and compare them with the live read models"
            + " (admins); with replace=true the rebuilt tables become the live ones")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "what was read, applied and"
            + " how each table compares")
    public Uni<Rebuild.Report> rebuild(@jakarta.ws.rs.QueryParam("replace") boolean replace) {
        return rebuild.run(replace);
    }
}
