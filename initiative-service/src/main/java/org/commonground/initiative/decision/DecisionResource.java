package org.commonground.initiative.decision;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.platform.http.Csv;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The decisions log of a partnership: public, oldest first, and as CSV for a spreadsheet. */
@Path("/api/public/partnerships/{id}/decisions")
public class DecisionResource {

    /** A decision as anyone reads it. */
    public record DecisionView(UUID id, UUID initiativeId, String kind, String summary, String rationale, String decidedBy,
            Instant decidedAt, LocalDate reviewOn) {

        static DecisionView of(Decision d) {
            return new DecisionView(d.id, d.initiativeId, d.kind.name(), d.summary, d.rationale, d.authorName, d.decidedAt,
                    d.reviewOn);
        }
    }

    @GET
    @PermitAll
    @WithSession
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every decision of the partnership, oldest first: what, why, who, when, when it is reviewed")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<Page<DecisionView>> list(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return Partnership.existing(id).chain(p -> {
            String query = "partnershipId = :p" + (page.first() ? "" : " and (decidedAt > :at or (decidedAt = :at and id > :id))")
                    + " order by decidedAt, id";
            Map<String, Object> params = page.first() ? Map.of("p", id)
                    : Map.of("p", id, "at", page.afterInstant(0), "id", page.afterUuid(1));
            return Decision.<Decision>find(query, params).page(0, page.fetchSize()).list();
        }).map(rows -> page.page(rows, d -> List.of(d.decidedAt.toString(), d.id.toString()), DecisionView::of));
    }

    @GET
    @PermitAll
    @WithSession
    @Produces("text/csv;qs=0.5") // JSON unless CSV is asked for
    @Operation(summary = "The whole decisions log as CSV (RFC 4180): send Accept: text/csv")
    @APIResponse(responseCode = "200", description = "the decisions as CSV", content = @Content(mediaType = "text/csv"))
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<Response> csv(@PathParam("id") UUID id) {
        return Partnership.existing(id)
                .chain(p -> Decision.<Decision>list("partnershipId = ?1 order by decidedAt, id", id))
                .map(decisions -> {
                    StringBuilder csv = new StringBuilder("decided_at,kind,initiative_id,summary,rationale,decided_by,review_on\r\n");
                    for (Decision d : decisions) {
                        csv.append(d.decidedAt).append(',').append(d.kind).append(',')
                                .append(d.initiativeId == null ? "" : d.initiativeId).append(',')
                                .append(Csv.field(d.summary)).append(',').append(Csv.field(d.rationale)).append(',')
                                .append(Csv.field(d.authorName)).append(',').append(d.reviewOn == null ? "" : d.reviewOn).append("\r\n");
                    }
                    return Response.ok(csv.toString(), Csv.MEDIA_TYPE)
                            .header("Content-Disposition", "attachment; filename=\"decisions-" + id + ".csv\"").build();
                });
    }
}
