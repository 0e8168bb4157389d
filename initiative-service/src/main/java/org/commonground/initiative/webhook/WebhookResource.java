package org.commonground.initiative.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.partner.PartnerAccess;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.Problem;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.reactive.Sequentially;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A partner organization's webhook endpoints: it registers an HTTPS URL with the events it wants, for all its
 * partnerships or some, receives each event signed (Standard Webhooks), follows every delivery, redelivers one,
 * rotates its secret with an overlap, and re-enables an endpoint that was disabled after failing for a day.
 */
@Path("/api/partner/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class WebhookResource {

    /** A delivery's columns, as {@link #delivery} reads them. */
    private static final String DELIVERY = "SELECT id, webhook_id, event_type, status, attempts, last_status_code, last_error,"
            + " last_attempt_at, next_attempt_at, created_at, delivered_at, seq FROM webhook_delivery";

    /** At most this many endpoints per organization. */
    static final int MOST_ENDPOINTS = 20;

    public record NewEndpoint(
            @NotBlank(message = "is required: the https:// URL to deliver to") @Size(max = 2000, message = "must be at most 2000 characters") String url,
            @NotEmpty(message = "must name at least one event type") @Size(max = 10, message = "must name at most 10 event types")
            List<@NotBlank(message = "must not be blank") @Size(max = 100, message = "is too long") String> eventTypes,
            @Size(max = 50, message = "must name at most 50 partnerships (leave it out for all of yours)") List<UUID> partnershipIds,
            @Size(max = 500, message = "must be at most 500 characters") @PlainText String description) {
    }

    public record Rotation(@Min(value = 0, message = "must be 0 to 168 hours") @Max(value = 168, message = "must be 0 to 168 hours") Integer overlapHours) {
    }

    /** An endpoint as its organization reads it (never its secret, which is shown once). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EndpointView(UUID id, String url, String description, List<String> eventTypes, List<UUID> partnershipIds, String status,
            String disabledReason, Instant failingSince, Instant previousSecretValidUntil, Instant createdAt) {

        static EndpointView of(WebhookEndpoint e, Instant now) {
            return new EndpointView(e.id, e.url, e.description, e.eventTypes, e.partnershipIds, e.status.name(), e.disabledReason,
                    e.failingSince, e.previousSecretUntil != null && e.previousSecretUntil.isAfter(now) ? e.previousSecretUntil : null,
                    e.createdAt);
        }
    }

    /** The endpoint with its signing secret: only in the answer that creates or rotates it. */
    public record WithSecret(EndpointView endpoint, String secret) {
    }

    /** One delivery: the event, where it stands, and what the endpoint last answered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryView(UUID id, String webhookId, String eventType, String status, int attempts, Integer lastStatusCode,
            String lastError, Instant lastAttemptAt, Instant nextAttemptAt, Instant createdAt, Instant deliveredAt) {
    }

    private final PartnerAccess access;
    private final Idempotency idempotency;
    private final boolean allowPrivate;
    private final Clock clock = Clock.systemUTC();

    WebhookResource(PartnerAccess access, Idempotency idempotency,
            @ConfigProperty(name = "cg.webhooks.allow-private-addresses", defaultValue = "false") boolean allowPrivate) {
        this.access = access;
        this.idempotency = idempotency;
        this.allowPrivate = allowPrivate;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Register an endpoint for some event types of the organization's partnerships (all of them by default)",
            description = "Event types: " + WebhookEvents.TYPES_TEXT + ". The answer carries the signing secret, once: keep it. "
                    + "Accepts Idempotency-Key.")
    @APIResponse(responseCode = "201", description = "registered: the endpoint and its secret", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WithSecret.class)))
    @APIResponse(responseCode = "400", description = "a missing, malformed, non-HTTPS or private URL, an unknown event type, too many of anything")
    @APIResponse(responseCode = "404", description = "a partnership that is not the organization's")
    @APIResponse(responseCode = "409", description = "rule endpoints-limit: the organization has 20 endpoints already")
    public Uni<Response> register(@HeaderParam(Idempotency.HEADER) String key,
            @Valid @jakarta.validation.constraints.NotNull(message = "a JSON body {\"url\", \"eventTypes\"} is required") NewEndpoint body) {
        String organization = access.organization();
        WebhookUrls.check(body.url(), allowPrivate);
        List<String> types = new ArrayList<>(new LinkedHashSet<>(body.eventTypes()));
        for (int i = 0; i < body.eventTypes().size(); i++) {
            if (!WebhookEvents.TYPES.contains(body.eventTypes().get(i))) {
                throw new ProblemException(Problem.invalid("eventTypes[" + i + "] is not an event type you can subscribe to",
                        List.of(new Problem.FieldError("eventTypes[" + i + "]", "must be one of " + WebhookEvents.TYPES_TEXT))));
            }
        }
        Instant now = clock.instant();
        List<UUID> partnerships = body.partnershipIds() == null ? null : List.copyOf(new LinkedHashSet<>(body.partnershipIds()));
        return idempotency.once(key, "POST /api/partner/webhooks", body, () -> (partnerships == null ? Uni.createFrom().voidItem()
                        : Sequentially.each(partnerships, access::partnership))
                .chain(() -> WebhookEndpoint.count("organization", organization))
                .chain(count -> {
                    if (count >= MOST_ENDPOINTS) {
                        throw ProblemException.ruleBroken("endpoints-limit", "Your organization has " + count
                                + " endpoints, the most it may have: delete one first.");
                    }
                    WebhookEndpoint e = new WebhookEndpoint();
                    e.id = UUID.randomUUID();
                    e.organization = organization;
                    e.url = body.url().strip();
                    e.description = body.description() == null || body.description().isBlank() ? null : body.description().strip();
                    e.eventTypes = types;
                    e.partnershipIds = partnerships;
                    e.secret = WebhookSignature.newSecret();
                    e.status = WebhookEndpoint.Status.ACTIVE;
                    e.createdAt = now;
                    e.createdBy = access.client();
                    return e.<WebhookEndpoint>persist();
                })
                .map(e -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/partner/webhooks/" + e.id)
                        .entity(new WithSecret(EndpointView.of(e, now), e.secret)).build()));
    }

    @GET
    @WithSession
    @Operation(summary = "The organization's endpoints, oldest first, each with its status (DISABLED after failing for a day)")
    public Uni<List<EndpointView>> list() {
        Instant now = clock.instant();
        return WebhookEndpoint.<WebhookEndpoint>list("organization = ?1 order by createdAt, id", access.organization())
                .map(list -> list.stream().map(e -> EndpointView.of(e, now)).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One endpoint of the organization")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "the organization has no endpoint with this id")
    public Uni<EndpointView> one(@PathParam("id") UUID id) {
        return WebhookEndpoint.owned(id, access.organization()).map(e -> EndpointView.of(e, clock.instant()));
    }

    @DELETE
    @Path("/{id}")
    @WithTransaction
    @Operation(summary = "Delete an endpoint: nothing more is delivered to it, and its deliveries go with it")
    @APIResponse(responseCode = "204", description = "deleted")
    @APIResponse(responseCode = "404", description = "the organization has no endpoint with this id")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return WebhookEndpoint.owned(id, access.organization()).call(e -> e.delete()).replaceWithVoid();
    }

    @POST
    @Path("/{id}/secret")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Rotate the signing secret: the new one is shown once; the old one keeps signing beside it for the overlap",
            description = "During the overlap (24 hours unless overlapHours says otherwise, at most 168) every delivery carries two "
                    + "signatures in webhook-signature, one per secret, so the receiver can switch at its own pace.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "an overlap outside 0 to 168 hours")
    @APIResponse(responseCode = "404", description = "the organization has no endpoint with this id")
    public Uni<WithSecret> rotate(@PathParam("id") UUID id, @RequestBody(required = false,
            description = "how long the old secret stays valid beside the new one (none: 24 hours)") @Valid Rotation rotation) {
        Instant now = clock.instant();
        int hours = rotation == null || rotation.overlapHours() == null ? 24 : rotation.overlapHours();
        return WebhookEndpoint.owned(id, access.organization()).invoke(e -> {
            e.previousSecret = hours == 0 ? null : e.secret;
            e.previousSecretUntil = hours == 0 ? null : now.plus(Duration.ofHours(hours));
            e.secret = WebhookSignature.newSecret();
        }).call(e -> e.persistAndFlush()).map(e -> new WithSecret(EndpointView.of(e, now), e.secret));
    }

    @POST
    @Path("/{id}/enable")
    @WithTransaction
    @Operation(summary = "Enable an endpoint again (after it was disabled for failing a day): what waits is delivered, in order")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "the organization has no endpoint with this id")
    public Uni<EndpointView> enable(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return WebhookEndpoint.owned(id, access.organization()).invoke(e -> {
            e.status = WebhookEndpoint.Status.ACTIVE;
            e.disabledReason = null;
            e.failingSince = null;
        }).call(e -> e.persistAndFlush())
                .call(e -> NativeSql.update("UPDATE webhook_delivery SET next_attempt_at = ?2 WHERE endpoint_id = ?1 AND status = 'PENDING'",
                        e.id, now))
                .map(e -> EndpointView.of(e, now));
    }

    @GET
    @Path("/{id}/deliveries")
    @WithSession
    @Operation(summary = "The endpoint's deliveries, newest first (?status=PENDING, DELIVERED or FAILED): attempts, last answer, next try")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "an unknown status, a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "the organization has no endpoint with this id")
    public Uni<Page<DeliveryView>> deliveries(@PathParam("id") UUID id, @QueryParam("status") String status,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        if (status != null && !List.of("PENDING", "DELIVERED", "FAILED").contains(status)) {
            throw ProblemException.invalid("status", "must be PENDING, DELIVERED or FAILED");
        }
        PageRequest page = PageRequest.of(limit, cursor, 1);
        long before = page.first() ? Long.MAX_VALUE : parseSeq(page.after(0));
        return WebhookEndpoint.owned(id, access.organization())
                .chain(e -> NativeSql.rows(DELIVERY + " WHERE endpoint_id = ?1 AND seq < ?2"
                        + " AND (?3 = '' OR status = ?3) ORDER BY seq DESC LIMIT ?4", id, before, status == null ? "" : status, page.fetchSize()))
                .map(rows -> page.page(rows, r -> List.of(r[11].toString()), WebhookResource::delivery));
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/redeliver")
    @WithTransaction
    @Operation(summary = "Deliver one event again (a failed one, or a delivered one the receiver lost), with the same webhook-id")
    @APIResponse(responseCode = "202", description = "queued: it goes out in order with the endpoint's other deliveries",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "404", description = "the organization has no such endpoint or delivery")
    public Uni<Response> redeliver(@PathParam("id") UUID id, @PathParam("deliveryId") UUID deliveryId) {
        Instant now = clock.instant();
        return WebhookEndpoint.owned(id, access.organization())
                .chain(e -> NativeSql.update("UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = ?3, delivered_at = NULL"
                        + " WHERE id = ?2 AND endpoint_id = ?1", id, deliveryId, now))
                .chain(updated -> {
                    if (updated == 0) {
                        throw ProblemException.notFound("This endpoint has no delivery " + deliveryId + ".");
                    }
                    return NativeSql.rows(DELIVERY + " WHERE id = ?1", deliveryId);
                })
                .map(rows -> Response.accepted(delivery(rows.get(0))).build());
    }

    private static long parseSeq(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor from this list: pass back nextCursor unchanged");
        }
    }

    private static DeliveryView delivery(Object[] r) {
        return new DeliveryView((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).intValue(),
                r[5] == null ? null : ((Number) r[5]).intValue(), (String) r[6], r[7] == null ? null : NativeSql.instant(r[7]),
                "PENDING".equals(r[3]) ? NativeSql.instant(r[8]) : null, NativeSql.instant(r[9]), r[10] == null ? null : NativeSql.instant(r[10]));
    }

}
