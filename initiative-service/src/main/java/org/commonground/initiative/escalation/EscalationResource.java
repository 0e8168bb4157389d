package org.commonground.initiative.escalation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.LockModeType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.initiative.Initiative;
import org.commonground.initiative.initiative.InitiativeStewards;
import org.commonground.initiative.member.MemberLink;
import org.commonground.initiative.participation.Participation;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Escalations: any participant raises a conflict or concern about an initiative; its stewards acknowledge it
 * (within 3 days by default) and resolve it (within 14); one that runs late is escalated to the partnership's
 * stewards by a job, and recorded. The content stays between the raiser and the stewards; the on-time rate is public.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class EscalationResource {

    public record NewEscalation(
            @NotNull(message = "must be CONFLICT or CONCERN") Escalation.Kind kind,
            @NotBlank(message = "must not be blank") @Size(max = 200, message = "must be at most 200 characters") @PlainText String summary,
            @NotBlank(message = "must not be blank: what happened") @Size(max = 4000, message = "must be at most 4000 characters") @PlainText(multiline = true) String description) {
    }

    public record Resolution(
            @NotBlank(message = "must not be blank: how it was resolved") @Size(max = 4000, message = "must be at most 4000 characters") @PlainText(multiline = true) String resolution) {
    }

    public record StepView(String step, String note, Instant at) {
    }

    public record EscalationView(UUID id, UUID initiativeId, String kind, String summary, String description, Instant openedAt,
            Instant acknowledgeBy, Instant resolveBy, Instant acknowledgedAt, Instant resolvedAt, String resolution,
            Instant overdueSince, List<StepView> steps) {
    }

    /** The public record: how reliably stewards answer escalations. */
    public record OnTime(UUID partnershipId, long opened, long acknowledged, long acknowledgedOnTime, long resolved,
            long resolvedOnTime, long overdueNow, String onTimeRate) {
    }

    record Opened(UUID escalationId, UUID initiativeId, UUID partnershipId, Instant decideBy, Instant at) {
    }

    record Resolved(UUID escalationId, UUID initiativeId, UUID partnershipId, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Duration acknowledgeWithin;
    private final Duration resolveWithin;
    private final Clock clock = Clock.systemUTC();

    EscalationResource(SecurityIdentity identity, Outbox outbox,
            @ConfigProperty(name = "cg.escalations.acknowledge-within", defaultValue = "P3D") Duration acknowledgeWithin,
            @ConfigProperty(name = "cg.escalations.resolve-within", defaultValue = "P14D") Duration resolveWithin) {
        this.identity = identity;
        this.outbox = outbox;
        this.acknowledgeWithin = acknowledgeWithin;
        this.resolveWithin = resolveWithin;
    }

    @POST
    @Path("/initiatives/{id}/escalations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Raise a conflict or concern about an initiative (its participants); the stewards must answer in time")
    @APIResponse(responseCode = "201", description = "raised; the deadlines are in the answer", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EscalationView.class)))
    @APIResponse(responseCode = "403", description = "the caller does not take part in the initiative")
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    public Uni<Response> raise(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body is required") NewEscalation body) {
        Instant now = clock.instant();
        return Initiative.existing(id).chain(initiative -> MemberLink.of(identity)
                .call(member -> Participation.current(id, member).invoke(p -> {
                    if (p == null) {
                        throw new ProblemException(ProblemType.FORBIDDEN, "Only participants raise escalations about an initiative.");
                    }
                }))
                .chain(member -> {
                    Escalation e = new Escalation();
                    e.id = UUID.randomUUID();
                    e.initiativeId = id;
                    e.partnershipId = initiative.partnershipId;
                    e.raisedBy = member;
                    e.kind = body.kind();
                    e.summary = body.summary().strip();
                    e.description = body.description().strip();
                    e.openedAt = now;
                    e.acknowledgeBy = now.plus(acknowledgeWithin);
                    e.resolveBy = now.plus(resolveWithin);
                    String key = id.toString();
                    return e.<Escalation>persistAndFlush()
                            .call(saved -> step(saved.id, "OPENED", null, now))
                            .call(saved -> outbox.add(EventType.ESCALATION_OPENED, key, key,
                                    new Opened(saved.id, id, saved.partnershipId, saved.resolveBy, now)));
                }))
                .chain(this::view)
                .map(v -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/escalations/" + v.id()).entity(v).build());
    }

    @GET
    @Path("/escalations/{id}")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "One escalation with its steps (the member who raised it, the partnership's stewards, admins, auditors)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such escalation, or not one the caller may see")
    public Uni<EscalationView> get(@PathParam("id") UUID id) {
        return Escalation.<Escalation>findById(id).onItem().ifNull().failWith(() -> notFound(id))
                .call(this::mayRead).chain(this::view);
    }

    @POST
    @Path("/escalations/{id}/acknowledge")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Acknowledge an escalation (the partnership's stewards)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such escalation")
    @APIResponse(responseCode = "409", description = "already acknowledged or resolved")
    public Uni<EscalationView> acknowledge(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return locked(id).call(e -> InitiativeStewards.require(identity, e.initiativeId)).call(e -> {
            if (e.acknowledgedAt != null || e.resolvedAt != null) {
                throw ProblemException.conflict("This escalation was already " + (e.resolvedAt != null ? "resolved." : "acknowledged."));
            }
            e.acknowledgedAt = now;
            return e.persistAndFlush().chain(() -> step(e.id, "ACKNOWLEDGED", null, now));
        }).chain(this::view);
    }

    @POST
    @Path("/escalations/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Resolve an escalation with what was done (the partnership's stewards)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such escalation")
    @APIResponse(responseCode = "409", description = "already resolved")
    public Uni<EscalationView> resolve(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"resolution\"} is required") Resolution body) {
        Instant now = clock.instant();
        return locked(id).call(e -> InitiativeStewards.require(identity, e.initiativeId)).call(e -> {
            if (e.resolvedAt != null) {
                throw ProblemException.conflict("This escalation was already resolved.");
            }
            e.acknowledgedAt = e.acknowledgedAt == null ? now : e.acknowledgedAt;
            e.resolvedAt = now;
            e.resolution = body.resolution().strip();
            String key = e.initiativeId.toString();
            return e.persistAndFlush().chain(() -> step(e.id, "RESOLVED", e.resolution, now))
                    .chain(() -> outbox.add(EventType.ESCALATION_RESOLVED, key, key, new Resolved(e.id, e.initiativeId, e.partnershipId, now)));
        }).chain(this::view);
    }

    @GET
    @Path("/partnerships/{id}/escalations")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "The partnership's escalations, open ones first (its stewards, admins, auditors), without who raised them")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<List<EscalationView>> ofPartnership(@PathParam("id") UUID id) {
        return Partnership.existing(id)
                .call(p -> identity.hasRole(Roles.AUDITOR) ? Uni.createFrom().voidItem() : Stewardship.require(identity, id))
                .chain(p -> Escalation.<Escalation>list("partnershipId = ?1 order by case when resolvedAt is null then 0 else 1 end, resolveBy", id))
                .chain(all -> {
                    List<EscalationView> views = new java.util.ArrayList<>();
                    return org.commonground.platform.reactive.Sequentially.each(all, e -> view(e).invoke(views::add)).replaceWith(views);
                });
    }

    @GET
    @Path("/public/partnerships/{id}/escalations/on-time")
    @PermitAll
    @WithSession
    @Operation(summary = "How reliably the partnership's stewards answer escalations: counts and the on-time rate (no content)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<OnTime> onTime(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return Partnership.existing(id).chain(p -> Escalation.<Escalation>list("partnershipId", id)).map(all -> {
            long acknowledged = all.stream().filter(e -> e.acknowledgedAt != null).count();
            long acknowledgedOnTime = all.stream().filter(e -> e.acknowledgedAt != null && !e.acknowledgedAt.isAfter(e.acknowledgeBy)).count();
            long resolved = all.stream().filter(e -> e.resolvedAt != null).count();
            long resolvedOnTime = all.stream().filter(e -> e.resolvedAt != null && !e.resolvedAt.isAfter(e.resolveBy)).count();
            long overdue = all.stream().filter(e -> e.resolvedAt == null && e.overdue(now)).count();
            // on time: resolved by its deadline, out of every escalation whose resolution deadline has come or that was resolved
            long due = all.stream().filter(e -> e.resolvedAt != null || now.isAfter(e.resolveBy)).count();
            String rate = due == 0 ? null : BigDecimal.valueOf(resolvedOnTime).divide(BigDecimal.valueOf(due), 3, RoundingMode.HALF_EVEN)
                    .stripTrailingZeros().toPlainString();
            return new OnTime(id, all.size(), acknowledged, acknowledgedOnTime, resolved, resolvedOnTime, overdue, rate);
        });
    }

    private Uni<Void> mayRead(Escalation e) {
        if (identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.AUDITOR)) {
            return Uni.createFrom().voidItem();
        }
        Uni<Boolean> steward = identity.hasRole(Roles.STEWARD)
                ? Stewardship.isSteward(e.partnershipId, identity.getPrincipal().getName())
                        .chain(p -> p ? Uni.createFrom().item(true) : InitiativeStewards.is(identity, e.initiativeId))
                : Uni.createFrom().item(false);
        return steward.chain(s -> s ? Uni.createFrom().item(true)
                        : MemberLink.<MemberLink>find("subject", identity.getPrincipal().getName()).firstResult()
                                .map(link -> link != null && link.memberId.equals(e.raisedBy)))
                .invoke(allowed -> {
                    if (!allowed) {
                        throw notFound(e.id); // not even whether it exists
                    }
                }).replaceWithVoid();
    }

    static Uni<Void> step(UUID escalation, String step, String note, Instant at) {
        return NativeSql.update("INSERT INTO escalation_step (id, escalation_id, step, note, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                UUID.randomUUID(), escalation, step, note, at).replaceWithVoid();
    }

    private Uni<EscalationView> view(Escalation e) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT step, note, at FROM escalation_step WHERE escalation_id = ?1 ORDER BY at", Object[].class)
                .setParameter(1, e.id).getResultList())
                .map(rows -> new EscalationView(e.id, e.initiativeId, e.kind.name(), e.summary, e.description, e.openedAt,
                        e.acknowledgeBy, e.resolveBy, e.acknowledgedAt, e.resolvedAt, e.resolution, e.overdueSince,
                        rows.stream().map(r -> new StepView((String) r[0], (String) r[1], NativeSql.instant(r[2]))).toList()));
    }

    private static Uni<Escalation> locked(UUID id) {
        return Escalation.<Escalation>findById(id, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull().failWith(() -> notFound(id));
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("There is no escalation " + id + " that you may see.");
    }
}
