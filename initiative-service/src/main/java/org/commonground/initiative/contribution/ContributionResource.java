package org.commonground.initiative.contribution;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.LockModeType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.initiative.disclosure.Conflicts;
import org.commonground.initiative.initiative.Initiative;
import org.commonground.initiative.initiative.InitiativeStewards;
import org.commonground.initiative.member.MemberLink;
import org.commonground.initiative.participation.Participation;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Contributions: a participant records what they did; a steward of the initiative who is not them and has no
 * disclosed interest verifies it (with its impact) or rejects it (with a reason); a rejection can be disputed once,
 * and then another steward decides; an admin can revoke a verified one. Every change is an event on contributions.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ContributionResource {

    public record NewContribution(
            @NotNull(message = "must be one of CONTENT, EVENT_ORGANIZATION, ADVISORY, MENTORING, TRAINING, FACILITATION, RESEARCH, OUTREACH, OTHER")
            Contribution.Type type,
            @NotBlank(message = "must not be blank: what you did") @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String description,
            @NotNull(message = "is required") BigDecimal hours,
            @NotNull(message = "is required") @PastOrPresent(message = "must not be in the future") LocalDate occurredOn,
            @Size(max = 10, message = "must list at most 10 links") List<
                    @NotBlank(message = "must be an https link")
                    @Size(max = 500, message = "must be at most 500 characters")
                    @Pattern(regexp = "https://[^\\s]+", message = "must be an https link") @PlainText String> evidence) {
    }

    public record Verification(
            @NotNull(message = "must be LOW, MEDIUM or HIGH") Contribution.Impact impact,
            @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String note) {
    }

    public record Reason(
            @NotBlank(message = "must not be blank: say why") @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String reason) {
    }

    public record ContributionView(UUID id, UUID initiativeId, UUID memberId, String type, String description, String hours,
            LocalDate occurredOn, List<String> evidence, String status, String impact, String note, String reason, boolean disputed,
            Instant recordedAt, Instant decidedAt) {

        static ContributionView of(Contribution c) {
            return new ContributionView(c.id, c.initiativeId, c.memberId, c.type.name(), c.description, c.hours.stripTrailingZeros().toPlainString(),
                    c.occurredOn, c.evidence.isEmpty() ? List.of() : Arrays.asList(c.evidence.split("\n")), c.status.name(),
                    c.impact == null ? null : c.impact.name(), c.note, c.reason, c.disputed, c.recordedAt, c.decidedAt);
        }
    }

    record Recorded(UUID contributionId, UUID memberId, UUID initiativeId, UUID partnershipId, String type, BigDecimal hours,
            String impact, LocalDate occurredOn) {
    }

    record Verified(UUID contributionId, UUID memberId, UUID initiativeId, UUID partnershipId, String type, BigDecimal hours,
            String impact, LocalDate occurredOn, Instant at) {
    }

    record Refused(UUID contributionId, UUID memberId, UUID initiativeId, UUID partnershipId, String reason, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Idempotency idempotency;
    private final Clock clock = Clock.systemUTC();

    ContributionResource(SecurityIdentity identity, Outbox outbox, Idempotency idempotency) {
        this.identity = identity;
        this.outbox = outbox;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/initiatives/{id}/contributions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Record a contribution to an initiative (its participants): what, how many hours, when, with evidence links")
    @APIResponse(responseCode = "201", description = "recorded; it counts once verified", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ContributionView.class)))
    @APIResponse(responseCode = "400", description = "an unknown type, hours not above 0 or over 24 in a day, a date in the future, bad evidence links")
    @APIResponse(responseCode = "403", description = "the caller does not take part in the initiative")
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    public Uni<Response> record(@PathParam("id") UUID id, @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull(message = "a JSON body is required") NewContribution body) {
        BigDecimal hours = body.hours();
        if (hours.signum() <= 0 || hours.compareTo(BigDecimal.valueOf(24)) > 0 || hours.scale() > 2) {
            throw ProblemException.invalid("hours", "must be more than 0 and at most 24, in steps of at most a hundredth");
        }
        if (body.occurredOn().isBefore(LocalDate.now(clock).minusYears(2))) {
            throw ProblemException.invalid("occurredOn", "must be within the last two years");
        }
        Instant now = clock.instant();
        return idempotency.once(key, "POST /api/initiatives/" + id + "/contributions", body, () -> Initiative.existing(id)
                // one member's contributions are recorded one at a time, so the day's sum stays true
                .chain(initiative -> MemberLink.lockedOf(identity)
                        .call(member -> Participation.current(id, member).invoke(p -> {
                            if (p == null) {
                                throw new ProblemException(ProblemType.FORBIDDEN, "Only participants record contributions: opt in first.");
                            }
                            if (body.occurredOn().isBefore(LocalDate.ofInstant(p.joinedAt, java.time.ZoneOffset.UTC))) {
                                throw ProblemException.invalid("occurredOn", "must not be before you joined this initiative ("
                                        + LocalDate.ofInstant(p.joinedAt, java.time.ZoneOffset.UTC) + ")");
                            }
                        }))
                        .call(member -> dayTotal(member, body.occurredOn()).invoke(sameDay -> {
                            BigDecimal total = sameDay.add(hours);
                            if (total.compareTo(BigDecimal.valueOf(24)) > 0) {
                                throw ProblemException.invalid("hours", "would make " + total.stripTrailingZeros().toPlainString()
                                        + " hours on " + body.occurredOn() + ": a day has 24");
                            }
                        }))
                        .chain(member -> {
                            Contribution c = new Contribution();
                            c.id = UUID.randomUUID();
                            c.initiativeId = id;
                            c.partnershipId = initiative.partnershipId;
                            c.memberId = member;
                            c.type = body.type();
                            c.description = body.description().strip();
                            c.hours = hours;
                            c.occurredOn = body.occurredOn();
                            c.evidence = body.evidence() == null ? "" : String.join("\n", body.evidence().stream().map(String::strip).toList());
                            c.status = Contribution.Status.RECORDED;
                            c.recordedAt = now;
                            String memberKey = member.toString();
                            return c.<Contribution>persist().call(saved -> outbox.add(EventType.CONTRIBUTION_RECORDED, memberKey,
                                    saved.id.toString(), new Recorded(saved.id, member, id, saved.partnershipId, saved.type.name(),
                                            saved.hours, null, saved.occurredOn)));
                        }))
                .map(c -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/contributions/" + c.id)
                        .entity(ContributionView.of(c)).build()));
    }

    @POST
    @Path("/contributions/{id}/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Verify a contribution with its impact (a steward of the initiative who is not the contributor and has no disclosed interest)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller does not steward the initiative")
    @APIResponse(responseCode = "404", description = "no such contribution")
    @APIResponse(responseCode = "409", description = "rules own-contribution, conflict-of-interest, dispute-goes-to-another-steward; or it is not awaiting a decision")
    public Uni<ContributionView> verify(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"impact\"} is required") Verification body) {
        Instant now = clock.instant();
        return decidable(id).call(c -> {
            c.status = Contribution.Status.VERIFIED;
            c.impact = body.impact();
            c.note = body.note() == null || body.note().isBlank() ? null : body.note().strip();
            c.decidedBy = identity.getPrincipal().getName();
            c.decidedAt = now;
            return c.persistAndFlush().chain(() -> outbox.add(EventType.CONTRIBUTION_VERIFIED, c.memberId.toString(), c.id.toString(),
                    new Verified(c.id, c.memberId, c.initiativeId, c.partnershipId, c.type.name(), c.hours, c.impact.name(), c.occurredOn, now)));
        }).map(ContributionView::of);
    }

    @POST
    @Path("/contributions/{id}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Reject a contribution with a reason (same stewards as verification); the contributor may dispute it once")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller does not steward the initiative's partnership")
    @APIResponse(responseCode = "404", description = "no such contribution")
    @APIResponse(responseCode = "409", description = "rules own-contribution, conflict-of-interest, dispute-goes-to-another-steward; or it is not awaiting a decision")
    public Uni<ContributionView> reject(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"reason\"} is required") Reason body) {
        Instant now = clock.instant();
        return decidable(id).call(c -> {
            c.status = Contribution.Status.REJECTED;
            c.reason = body.reason().strip();
            c.rejectedBy = c.rejectedBy == null ? identity.getPrincipal().getName() : c.rejectedBy;
            c.decidedBy = identity.getPrincipal().getName();
            c.decidedAt = now;
            return c.persistAndFlush().chain(() -> outbox.add(EventType.CONTRIBUTION_REJECTED, c.memberId.toString(), c.id.toString(),
                    new Refused(c.id, c.memberId, c.initiativeId, c.partnershipId, c.reason, now)));
        }).map(ContributionView::of);
    }

    @POST
    @Path("/contributions/{id}/dispute")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Dispute a rejection, once (the contributor); another steward then decides")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller is not the contributor")
    @APIResponse(responseCode = "404", description = "no such contribution")
    @APIResponse(responseCode = "409", description = "rule one-dispute; or the contribution is not rejected")
    public Uni<ContributionView> dispute(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"reason\"} is required") Reason body) {
        return locked(id).call(c -> MemberLink.lockedOf(identity).invoke(member -> {
            if (!member.equals(c.memberId)) {
                throw new ProblemException(ProblemType.FORBIDDEN, "Only the contributor disputes a rejection.");
            }
            if (c.disputed) {
                throw ProblemException.ruleBroken("one-dispute", "A rejection can be disputed once; this one was.");
            }
            if (c.status != Contribution.Status.REJECTED) {
                throw ProblemException.conflict("Only a rejected contribution can be disputed; this one is " + c.status + ".");
            }
        }).chain(member -> dayTotal(c.memberId, c.occurredOn).invoke(total -> {
            // a rejected contribution left room for others on its day: disputing it must not make the day longer than 24 hours
            if (total.add(c.hours).compareTo(BigDecimal.valueOf(24)) > 0) {
                throw ProblemException.ruleBroken("day-has-24-hours", "With this contribution your " + c.occurredOn + " would hold "
                        + total.add(c.hours).stripTrailingZeros().toPlainString() + " hours; a day has 24.");
            }
            c.status = Contribution.Status.DISPUTED;
            c.disputed = true;
            c.reason = body.reason().strip();
        }))).call(c -> c.persistAndFlush()).map(ContributionView::of);
    }

    @POST
    @Path("/contributions/{id}/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @WithTransaction
    @Operation(summary = "Revoke a verified contribution with a reason (admins)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such contribution")
    @APIResponse(responseCode = "409", description = "the contribution is not verified")
    public Uni<ContributionView> revoke(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"reason\"} is required") Reason body) {
        Instant now = clock.instant();
        return locked(id).call(c -> {
            if (c.status != Contribution.Status.VERIFIED) {
                throw ProblemException.conflict("Only a verified contribution can be revoked; this one is " + c.status + ".");
            }
            c.status = Contribution.Status.REVOKED;
            c.reason = body.reason().strip();
            c.decidedBy = identity.getPrincipal().getName();
            c.decidedAt = now;
            return c.persistAndFlush().chain(() -> outbox.add(EventType.CONTRIBUTION_REVOKED, c.memberId.toString(), c.id.toString(),
                    new Refused(c.id, c.memberId, c.initiativeId, c.partnershipId, c.reason, now)));
        }).map(ContributionView::of);
    }

    @GET
    @Path("/contributions/mine")
    @RolesAllowed(Roles.MEMBER)
    @WithSession
    @Operation(summary = "The caller's own contributions, newest first, with their status")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "the caller is not (yet) known as a member")
    public Uni<Page<ContributionView>> mine(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return MemberLink.of(identity).chain(member -> page(page, "memberId = :m", Map.of("m", member)));
    }

    @GET
    @Path("/initiatives/{id}/contributions")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "An initiative's contributions, newest first (its partnership's stewards, admins, auditors)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller does not steward the initiative's partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<Page<ContributionView>> ofInitiative(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return Initiative.existing(id)
                .call(i -> identity.hasRole(Roles.AUDITOR) ? Uni.createFrom().voidItem() : InitiativeStewards.require(identity, i.id))
                .chain(i -> page(page, "initiativeId = :i", Map.of("i", id)));
    }

    private static Uni<Page<ContributionView>> page(PageRequest page, String where, Map<String, Object> params) {
        Map<String, Object> all = new java.util.HashMap<>(params);
        String query = where;
        if (!page.first()) {
            query += " and (recordedAt < :at or (recordedAt = :at and id < :id))";
            all.put("at", page.afterInstant(0));
            all.put("id", page.afterUuid(1));
        }
        return Contribution.<Contribution>find(query + " order by recordedAt desc, id desc", all).page(0, page.fetchSize()).list()
                .map(rows -> page.page(rows, c -> List.of(c.recordedAt.toString(), c.id.toString()), ContributionView::of));
    }

    /** The contribution, locked, awaiting a decision the caller may take; a refusal names the rule. */
    private Uni<Contribution> decidable(UUID id) {
        String me = identity.getPrincipal().getName();
        return locked(id)
                .call(c -> InitiativeStewards.require(identity, c.initiativeId))
                .call(c -> MemberLink.<MemberLink>find("subject", me).firstResult().invoke(link -> {
                    if (link != null && link.memberId.equals(c.memberId)) {
                        throw ProblemException.ruleBroken("own-contribution", "Nobody verifies or rejects their own contribution.");
                    }
                }))
                .call(c -> Conflicts.requireNone(c.partnershipId, me, "decide on this contribution"))
                .invoke(c -> {
                    if (c.status != Contribution.Status.RECORDED && c.status != Contribution.Status.DISPUTED) {
                        throw ProblemException.conflict("This contribution is " + c.status + ", not awaiting a decision.");
                    }
                    if (c.status == Contribution.Status.DISPUTED && me.equals(c.rejectedBy)) {
                        throw ProblemException.ruleBroken("dispute-goes-to-another-steward",
                                "You rejected this contribution; its dispute is decided by another steward.");
                    }
                });
    }

    /** The hours a member's contributions that count (or may still count) hold on a day. */
    /**
     * The hours a member's contributions of a day hold, rejected and revoked ones aside: summed by PostgreSQL (loading
     * the day's contributions as entities made recording slower with every contribution of the day, and the session
     * dirty-checked them all at commit; `stack bench` measured 75 recordings/s for 3,000 of pgbench's equivalent).
     */
    static Uni<BigDecimal> dayTotal(UUID member, LocalDate day) {
        return NativeSql.rows("SELECT coalesce(sum(hours), 0) FROM contribution WHERE member_id = ?1 AND occurred_on = ?2"
                + " AND status NOT IN ('REJECTED', 'REVOKED')", member, day).map(rows -> (BigDecimal) rows.get(0)[0]);
    }

    private static Uni<Contribution> locked(UUID id) {
        return Contribution.<Contribution>findById(id, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("There is no contribution " + id + "."));
    }
}
