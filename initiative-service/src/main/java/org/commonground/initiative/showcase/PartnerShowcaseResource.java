package org.commonground.initiative.showcase;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.partner.PartnerAccess;
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
 * Showcases as a partner sees them: the public showcases of its organization's partnerships (a showcase that stops
 * being public is gone from here at once), and its requests to feature one. The author answers; a declined request
 * is not made again.
 */
@Path("/api/partner")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class PartnerShowcaseResource {

    public record NewFeatureRequest(
            @NotNull(message = "is required: CASE_STUDY or GUEST_OPPORTUNITY") @Pattern(regexp = "CASE_STUDY|GUEST_OPPORTUNITY", message = "must be CASE_STUDY or GUEST_OPPORTUNITY") String kind,
            @NotBlank(message = "must not be blank: what you propose") @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String message) {
    }

    /** A request as the partner sees it: the showcase's title only while it is public. */
    public record PartnerFeatureRequest(UUID id, UUID showcaseId, String showcaseTitle, boolean showcasePublic, String kind, String message,
            String status, Instant requestedAt, Instant answeredAt) {
    }

    private final PartnerAccess access;
    private final Clock clock = Clock.systemUTC();

    PartnerShowcaseResource(PartnerAccess access) {
        this.access = access;
    }

    @GET
    @Path("/showcases")
    @WithSession
    @Operation(summary = "Public showcases of your organization's partnerships, newest first",
            description = "Only what is public now: a showcase whose author or a named co-author withdraws impact-stories is gone "
                    + "from this list at once (subscribe to showcase.unpublished.v1 to remove your copies).")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a partnershipId that is not a UUID; a bad limit or cursor")
    @APIResponse(responseCode = "404", description = "a partnershipId that is not one of your organization's")
    public Uni<Page<Showcases.ShowcaseView>> list(@QueryParam("partnershipId") String partnershipId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        UUID id = QueryIds.optional("partnershipId", partnershipId, "a partnership's id");
        Uni<String> only = id == null ? Uni.createFrom().item("") : access.partnership(id).map(p -> p.id.toString());
        String organization = access.organization();
        return only.chain(partnership -> Showcases.page(" JOIN partnership p ON p.id = s.partnership_id",
                "p.partner_organization = ?1 AND (?2 = '' OR s.partnership_id::text = ?2)", page, organization, partnership));
    }

    @POST
    @Path("/showcases/{id}/feature-requests")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Ask the author to feature their showcase: a co-branded CASE_STUDY or a GUEST_OPPORTUNITY",
            description = "The author alone answers, and owes no reason. One request per kind and showcase: a declined request is "
                    + "not made again.")
    @APIResponse(responseCode = "201", description = "asked", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PartnerFeatureRequest.class)))
    @APIResponse(responseCode = "400", description = "kind missing or unknown; message blank, too long or with control characters")
    @APIResponse(responseCode = "404", description = "no public showcase with this id in your organization's partnerships")
    @APIResponse(responseCode = "409", description = "rule already-asked: your organization asked for this kind of feature before")
    public Uni<Response> request(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body is required") NewFeatureRequest body) {
        String organization = access.organization();
        UUID request = UUID.randomUUID();
        return NativeSql.count("SELECT count(*) FROM showcase s JOIN partnership p ON p.id = s.partnership_id WHERE s.id = ?1"
                        + " AND p.partner_organization = ?2 AND " + Showcases.isPublic("s"), id, organization)
                .invoke(n -> {
                    if (n == 0) {
                        throw ProblemException.notFound("Your organization's partnerships have no public showcase " + id + ".");
                    }
                })
                .chain(() -> NativeSql.update("INSERT INTO showcase_feature_request (id, showcase_id, organization, kind, message, status,"
                        + " requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, 'REQUESTED', ?6, ?7)"
                        + " ON CONFLICT (showcase_id, organization, kind) DO NOTHING", request, id, organization, body.kind(),
                        body.message().strip(), access.client(), clock.instant()))
                .invoke(n -> {
                    if (n == 0) {
                        throw ProblemException.ruleBroken("already-asked",
                                "Your organization asked for a " + body.kind() + " of this showcase before; its author's answer stands.");
                    }
                })
                .chain(() -> requests("r.id = ?2", organization, request))
                .map(list -> Response.status(Response.Status.CREATED).entity(list.get(0)).build());
    }

    @GET
    @Path("/feature-requests")
    @WithSession
    @Operation(summary = "Your organization's feature requests and their answers, newest first (at most 500)")
    @APIResponse(responseCode = "200")
    public Uni<List<PartnerFeatureRequest>> requests() {
        return requests("TRUE", access.organization(), null);
    }

    private static Uni<List<PartnerFeatureRequest>> requests(String condition, String organization, UUID request) {
        String sql = "SELECT r.id, r.showcase_id, s.title, showcase_is_public(s.id), r.kind, r.message, r.status, r.requested_at,"
                + " r.answered_at FROM showcase_feature_request r JOIN showcase s ON s.id = r.showcase_id WHERE r.organization = ?1 AND "
                + condition + " ORDER BY r.requested_at DESC, r.id DESC LIMIT 500";
        return (request == null ? NativeSql.rows(sql, organization) : NativeSql.rows(sql, organization, request))
                .map(rows -> rows.stream().map(r -> new PartnerFeatureRequest((UUID) r[0], (UUID) r[1], (Boolean) r[3] ? (String) r[2] : null,
                        (Boolean) r[3], (String) r[4], (String) r[5], (String) r[6], NativeSql.instant(r[7]), NativeSql.instant(r[8]))).toList());
    }
}
