package org.commonground.initiative.guideline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.LockModeType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.initiative.decision.Decision;
import org.commonground.initiative.decision.DecisionLog;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.platform.http.ETags;
import org.commonground.platform.money.Money;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A partnership's guidelines: how it is funded, who decides what, how it accounts for itself. A living document:
 * every change is a new version with a change note (and an entry in the decisions log); every version stays
 * readable by anyone; members comment on the current one.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class GuidelineResource {

    public record Funding(
            @NotNull(message = "is required") String amount,
            @NotNull(message = "is required") String currency,
            @NotBlank(message = "must not be blank") @Size(max = 200, message = "must be at most 200 characters") @PlainText String source,
            @NotBlank(message = "must not be blank") @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String conditions) {
    }

    public record DecisionRight(
            @NotBlank(message = "must not be blank") @Size(max = 200, message = "must be at most 200 characters") @PlainText String decision,
            @NotBlank(message = "must not be blank") @Size(max = 200, message = "must be at most 200 characters") @PlainText String decidedBy) {
    }

    public record Accountability(
            @NotNull(message = "must be MONTHLY, QUARTERLY, SEMIANNUAL or ANNUAL")
            @Pattern(regexp = "MONTHLY|QUARTERLY|SEMIANNUAL|ANNUAL", message = "must be MONTHLY, QUARTERLY, SEMIANNUAL or ANNUAL") String cadence,
            @NotBlank(message = "must not be blank: what is reported, to whom") @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String reported) {
    }

    /** A version of the guidelines as a steward writes it. */
    public record Guidelines(
            @Valid @NotNull(message = "is required") Funding funding,
            @NotEmpty(message = "must name at least one decision and who takes it") @Size(max = 30, message = "must list at most 30 decisions")
            List<@Valid @NotNull(message = "is required") DecisionRight> decisionRights,
            @Valid @NotNull(message = "is required") Accountability accountability,
            @NotBlank(message = "must not be blank: say what changed and why") @Size(max = 1000, message = "must be at most 1000 characters") @PlainText(multiline = true) String changeNote) {
    }

    /** A version as anyone reads it. */
    public record GuidelinesView(UUID partnershipId, int version, FundingView funding, List<DecisionRight> decisionRights,
            AccountabilityView accountability, String changeNote, String changedBy, Instant publishedAt) {
    }

    public record FundingView(String amount, String currency, String source, String conditions) {
    }

    public record AccountabilityView(String cadence, String reported) {
    }

    public record Comment(@NotBlank(message = "must not be blank") @Size(max = 2000, message = "must be at most 2000 characters")
            @PlainText(multiline = true) String text) {
    }

    /** A comment as anyone reads it: on which version, what, when. Who wrote it is not published. */
    public record CommentView(UUID id, int version, String text, Instant at) {
    }

    private final SecurityIdentity identity;
    private final DecisionLog decisions;
    private final org.commonground.platform.events.Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    /** The payload of guidelines.published.v1. */
    record GuidelinesPublished(UUID partnershipId, int version, String fundingAmount, String currency, String fundingSource, Instant at) {
    }

    GuidelineResource(SecurityIdentity identity, DecisionLog decisions, ObjectMapper json, org.commonground.platform.events.Outbox outbox) {
        this.outbox = outbox;
        this.identity = identity;
        this.decisions = decisions;
        this.json = json;
    }

    @PUT
    @Path("/partnerships/{id}/guidelines")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Publish the next version of the guidelines (the partnership's stewards); If-Match the current version's ETag")
    @APIResponse(responseCode = "201", description = "the new version is current", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GuidelinesView.class)))
    @APIResponse(responseCode = "403", description = "the caller does not steward this partnership")
    @APIResponse(responseCode = "404", description = "no such partnership")
    @APIResponse(responseCode = "412", description = "another version was published since the caller read it")
    @APIResponse(responseCode = "428", description = "guidelines exist and If-Match is missing")
    public Uni<Response> publish(@PathParam("id") UUID id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") Guidelines guidelines) {
        Money funding = Money.parse("funding.amount", guidelines.funding().amount(), "funding.currency", guidelines.funding().currency());
        Instant now = clock.instant();
        return Partnership.<Partnership>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No partnership " + id + "."))
                .call(p -> Stewardship.require(identity, id))
                .chain(p -> current(id))
                .chain(current -> {
                    if (current != null) {
                        ETags.require(ifMatch, current.version);
                    }
                    GuidelineVersion next = new GuidelineVersion();
                    next.partnershipId = id;
                    next.version = current == null ? 1 : current.version + 1;
                    next.fundingAmount = funding.amount();
                    next.fundingCurrency = funding.currency();
                    next.fundingSource = guidelines.funding().source().strip();
                    next.fundingConditions = guidelines.funding().conditions().strip();
                    next.decisionRights = write(guidelines.decisionRights());
                    next.reportingCadence = guidelines.accountability().cadence();
                    next.reported = guidelines.accountability().reported().strip();
                    next.changeNote = guidelines.changeNote().strip();
                    next.authorSubject = identity.getPrincipal().getName();
                    next.authorName = Stewardship.actingName(identity);
                    next.publishedAt = now;
                    return next.<GuidelineVersion>persist()
                            .call(saved -> decisions.record(id, null, Decision.Kind.GUIDELINE_CHANGE,
                                    "Guidelines version " + saved.version + " published", saved.changeNote, null, now))
                            .call(saved -> outbox.add(org.commonground.platform.events.EventType.GUIDELINES_PUBLISHED, id.toString(),
                                    id.toString(), new GuidelinesPublished(id, saved.version, Money.text(saved.fundingAmount, saved.fundingCurrency),
                                            saved.fundingCurrency.strip(), saved.fundingSource, now)));
                })
                .map(saved -> Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, "/api/public/partnerships/" + id + "/guidelines/versions/" + saved.version)
                        .header(HttpHeaders.ETAG, ETags.of(saved.version)).entity(view(saved)).build());
    }

    @GET
    @Path("/public/partnerships/{id}/guidelines")
    @PermitAll
    @WithSession
    @Operation(summary = "The current guidelines of a partnership, with the ETag to change them")
    @APIResponse(responseCode = "200", description = "the current version", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = GuidelinesView.class)))
    @APIResponse(responseCode = "404", description = "no such partnership, or no guidelines yet")
    public Uni<Response> currentVersion(@PathParam("id") UUID id) {
        return Partnership.existing(id).chain(p -> current(id))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("This partnership has no guidelines yet."))
                .map(v -> Response.ok(view(v)).header(HttpHeaders.ETAG, ETags.of(v.version)).build());
    }

    @GET
    @Path("/public/partnerships/{id}/guidelines/versions")
    @PermitAll
    @WithSession
    @Operation(summary = "Every version of the guidelines, newest first")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<Page<GuidelinesView>> versions(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 1);
        int before = page.first() ? Integer.MAX_VALUE : versionCursor(page.after(0));
        return Partnership.existing(id)
                .chain(p -> GuidelineVersion.<GuidelineVersion>find("partnershipId = ?1 and version < ?2 order by version desc", id, before)
                        .page(0, page.fetchSize()).list())
                .map(rows -> page.page(rows, v -> List.of(String.valueOf(v.version)), this::view));
    }

    @GET
    @Path("/public/partnerships/{id}/guidelines/versions/{version}")
    @PermitAll
    @WithSession
    @Operation(summary = "One version of the guidelines, as it was published")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such partnership or version")
    public Uni<GuidelinesView> version(@PathParam("id") UUID id, @PathParam("version") int version) {
        return GuidelineVersion.<GuidelineVersion>find("partnershipId = ?1 and version = ?2", id, version).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No version " + version + " of these guidelines."))
                .map(this::view);
    }

    @POST
    @Path("/partnerships/{id}/guidelines/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Comment on the current version of the guidelines (members)")
    @APIResponse(responseCode = "201", description = "the comment is public, without the author's name", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CommentView.class)))
    @APIResponse(responseCode = "404", description = "no such partnership")
    @APIResponse(responseCode = "409", description = "the partnership has no guidelines to comment on yet")
    public Uni<Response> comment(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"text\": ...} is required") Comment comment) {
        Instant now = clock.instant();
        return Partnership.existing(id).chain(p -> current(id)).map(current -> {
            if (current == null) {
                throw ProblemException.conflict("This partnership has no guidelines yet: there is nothing to comment on.");
            }
            GuidelineComment saved = new GuidelineComment();
            saved.id = UUID.randomUUID();
            saved.partnershipId = id;
            saved.version = current.version;
            saved.authorSubject = identity.getPrincipal().getName();
            saved.text = comment.text().strip();
            saved.createdAt = now;
            return saved;
        }).call(saved -> saved.persist())
                .map(saved -> Response.status(Response.Status.CREATED).entity(new CommentView(saved.id, saved.version, saved.text,
                        saved.createdAt)).build());
    }

    @GET
    @Path("/public/partnerships/{id}/guidelines/comments")
    @PermitAll
    @WithSession
    @Operation(summary = "Members' comments on the guidelines, newest first")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<Page<CommentView>> comments(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return Partnership.existing(id).chain(p -> {
            String query = "partnershipId = :p" + (page.first() ? "" : " and (createdAt < :at or (createdAt = :at and id < :id))")
                    + " order by createdAt desc, id desc";
            Map<String, Object> params = page.first() ? Map.of("p", id)
                    : Map.of("p", id, "at", page.afterInstant(0), "id", page.afterUuid(1));
            return GuidelineComment.<GuidelineComment>find(query, params).page(0, page.fetchSize()).list();
        }).map(rows -> page.page(rows, c -> List.of(c.createdAt.toString(), c.id.toString()),
                c -> new CommentView(c.id, c.version, c.text, c.createdAt)));
    }

    private static Uni<GuidelineVersion> current(UUID partnershipId) {
        return GuidelineVersion.<GuidelineVersion>find("partnershipId = ?1 order by version desc", partnershipId).firstResult();
    }

    private GuidelinesView view(GuidelineVersion v) {
        return new GuidelinesView(v.partnershipId, v.version,
                new FundingView(Money.text(v.fundingAmount, v.fundingCurrency), v.fundingCurrency.strip(), v.fundingSource, v.fundingConditions),
                read(v.decisionRights), new AccountabilityView(v.reportingCadence, v.reported), v.changeNote, v.authorName,
                v.publishedAt);
    }

    private String write(List<DecisionRight> rights) {
        try {
            return json.writeValueAsString(rights.stream().map(r -> new DecisionRight(r.decision().strip(), r.decidedBy().strip())).toList());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<DecisionRight> read(String rights) {
        try {
            return json.readValue(rights, new TypeReference<List<DecisionRight>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored decision rights are not readable", e);
        }
    }

    private static int versionCursor(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor from this list: pass back nextCursor unchanged");
        }
    }
}
