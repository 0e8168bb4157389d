package org.commonground.initiative.initiative;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commonground.initiative.decision.Decision;
import org.commonground.initiative.decision.DecisionLog;
import org.commonground.initiative.disclosure.Conflicts;
import org.commonground.initiative.member.MemberLink;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.initiative.vote.Votes;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.governance.Progress;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.reactive.Sequentially;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Initiatives: any member proposes one in a partnership; a committee of members co-designs it (plan, milestones);
 * its stewards publish the criteria it must reach and move it through its stages, each move a logged decision and
 * an event. Everything about an initiative is public except who proposed it and who sits on its committee.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class InitiativeResource {

    /** Below this many answers, the public metrics do not show the mean satisfaction itself. */
    static final int SMALLEST_PUBLIC_FEEDBACK = 5;

    /** A committee smaller than this cannot take a pilot into the field. */
    static final int SMALLEST_PILOT_COMMITTEE = 3;

    public record Proposal(
            @NotNull(message = "must be PROGRAM or PILOT") Initiative.Kind kind,
            @NotBlank(message = "must not be blank") @Size(max = 120, message = "must be at most 120 characters") @PlainText String title,
            @NotBlank(message = "must not be blank: what problem did members see?") @Size(max = 4000, message = "must be at most 4000 characters") @PlainText(multiline = true) String problem,
            @NotBlank(message = "must not be blank: how would we go about it?") @Size(max = 4000, message = "must be at most 4000 characters") @PlainText(multiline = true) String approach,
            UUID affinityGroupId) {
    }

    public record Plan(
            @NotBlank(message = "must not be blank: what is in and out") @Size(max = 4000, message = "must be at most 4000 characters") @PlainText(multiline = true) String scope,
            @NotBlank(message = "must not be blank: when what happens") @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String timeline) {
    }

    public record NewMilestone(
            @NotBlank(message = "must not be blank") @Size(max = 200, message = "must be at most 200 characters") @PlainText String title,
            @NotNull(message = "is required") LocalDate dueOn,
            @NotNull(message = "is required") @Min(value = 1, message = "must be 1 to 100") @Max(value = 100, message = "must be 1 to 100") Integer weight) {
    }

    public record MilestoneProgress(
            @NotNull(message = "is required") @Min(value = 0, message = "must be 0 to 100") @Max(value = 100, message = "must be 0 to 100") Integer progress) {
    }

    public record CriterionRequest(
            @NotNull(message = "must be ENGAGEMENT_RATE, MEAN_SATISFACTION or QUALITY_SCORE") Criterion.Metric metric,
            @NotNull(message = "is required") BigDecimal threshold,
            @NotBlank(message = "must not be blank: why this threshold") @Size(max = 500, message = "must be at most 500 characters") @PlainText String description) {
    }

    public record Criteria(
            @NotEmpty(message = "must list the criteria") @Size(max = 10, message = "must list at most 10 criteria")
            List<@Valid @NotNull(message = "is required") CriterionRequest> criteria,
            @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String rationale) {
    }

    public record Transition(
            @NotNull(message = "must be one of PROPOSED, CO_DESIGN, PILOT, EVALUATION, SCALED, RETIRED, PAUSED") Stage to,
            @NotBlank(message = "must not be blank: every decision says why") @Size(max = 4000, message = "must be at most 4000 characters") @PlainText(multiline = true) String rationale,
            LocalDate reviewOn) {
    }

    public record MilestoneView(UUID id, String title, LocalDate dueOn, int weight, int progress, LocalDate doneOn) {
        static MilestoneView of(Milestone m) {
            return new MilestoneView(m.id, m.title, m.dueOn, m.weight, m.progress, m.doneOn);
        }
    }

    public record CriterionView(String metric, String threshold, String description) {
        static CriterionView of(Criterion c) {
            return new CriterionView(c.metric.name(), c.threshold.stripTrailingZeros().toPlainString(), c.description);
        }
    }

    /** An initiative as anyone reads it: where it stands, where it may go next, how far along it is. */
    public record InitiativeView(UUID id, UUID partnershipId, String kind, String title, String problem, String approach,
            UUID affinityGroupId, String stage, Set<Stage> next, Instant stageChangedAt, long committeeSize, boolean committeeLed,
            LocalDate committeeLeadTermEndsOn, int progress,
            String planScope, String planTimeline, List<MilestoneView> milestones, Instant criteriaPublishedAt,
            List<CriterionView> criteria, Instant proposedAt) {
    }

    record InitiativeProposed(UUID initiativeId, UUID partnershipId, String title, String kind, Instant at) {
    }

    record StageChanged(UUID initiativeId, UUID partnershipId, String from, String to, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final DecisionLog decisions;
    private final Idempotency idempotency;
    private final Votes votes;
    private final Clock clock = Clock.systemUTC();

    InitiativeResource(SecurityIdentity identity, Outbox outbox, DecisionLog decisions, Idempotency idempotency, Votes votes) {
        this.votes = votes;
        this.identity = identity;
        this.outbox = outbox;
        this.decisions = decisions;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/partnerships/{partnershipId}/initiatives")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Propose an initiative in a partnership (any member); the proposer sits on its committee")
    @APIResponse(responseCode = "201", description = "proposed; it is public at once, without the proposer's identity", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InitiativeView.class)))
    @APIResponse(responseCode = "404", description = "no such partnership, or the caller is not (yet) known as a member")
    public Uni<Response> propose(@PathParam("partnershipId") UUID partnershipId, @HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull(message = "a JSON body is required") Proposal proposal) {
        Instant now = clock.instant();
        return idempotency.once(key, "POST /api/partnerships/" + partnershipId + "/initiatives", proposal,
                () -> Partnership.existing(partnershipId).chain(p -> MemberLink.of(identity)).chain(member -> {
                    Initiative initiative = new Initiative();
                    initiative.id = UUID.randomUUID();
                    initiative.partnershipId = partnershipId;
                    initiative.kind = proposal.kind();
                    initiative.title = proposal.title().strip();
                    initiative.problem = proposal.problem().strip();
                    initiative.approach = proposal.approach().strip();
                    initiative.affinityGroupId = proposal.affinityGroupId();
                    initiative.proposedBy = member;
                    initiative.proposedAt = now;
                    initiative.stage = Stage.PROPOSED;
                    initiative.stageChangedAt = now;
                    String id = initiative.id.toString();
                    return initiative.<Initiative>persistAndFlush()
                            .call(saved -> Committee.join(outbox, saved, member, now))
                            .call(saved -> InitiativeStewards.fromPartnership(saved.id, partnershipId, now))
                            .call(saved -> outbox.add(EventType.INITIATIVE_PROPOSED, id, id, new InitiativeProposed(saved.id,
                                    partnershipId, saved.title, saved.kind.name(), now)));
                }).chain(this::view).map(view -> Response.status(Response.Status.CREATED)
                        .header(HttpHeaders.LOCATION, "/api/public/initiatives/" + view.id()).entity(view).build()));
    }

    @GET
    @Path("/public/initiatives")
    @PermitAll
    @WithSession
    @Operation(summary = "Every initiative, oldest first (?partnership= for one partnership's)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, a cursor this list did not issue, a partnership that is not an id")
    public Uni<Page<InitiativeView>> list(@QueryParam("partnership") UUID partnership, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        StringBuilder query = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (partnership != null) {
            query.append(" and partnershipId = :p");
            params.put("p", partnership);
        }
        if (!page.first()) {
            query.append(" and (proposedAt > :at or (proposedAt = :at and id > :id))");
            params.put("at", page.afterInstant(0));
            params.put("id", page.afterUuid(1));
        }
        query.append(" order by proposedAt, id");
        return Initiative.<Initiative>find(query.toString(), params).page(0, page.fetchSize()).list().chain(rows -> {
            List<Initiative> served = rows.size() > page.limit() ? rows.subList(0, page.limit()) : rows;
            Map<UUID, InitiativeView> views = new HashMap<>();
            return Sequentially.each(served, i -> view(i).invoke(v -> views.put(i.id, v)))
                    .map(done -> page.page(rows, i -> List.of(i.proposedAt.toString(), i.id.toString()), i -> views.get(i.id)));
        });
    }

    @GET
    @Path("/public/initiatives/{id}")
    @PermitAll
    @WithSession
    @Operation(summary = "One initiative: its stage and what may follow, its plan, milestones and progress, its criteria")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<InitiativeView> get(@PathParam("id") UUID id) {
        return Initiative.existing(id).chain(this::view);
    }

    /** One moment in an initiative's life. */
    public record Moment(Instant at, String kind, String what) {
    }

    @GET
    @Path("/public/initiatives/{id}/timeline")
    @PermitAll
    @WithSession
    @Operation(summary = "The initiative's life from proposal to outcome: its proposal, every decision, milestones due and done, in time order")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<List<Moment>> timeline(@PathParam("id") UUID id) {
        return Initiative.existing(id).chain(i -> Decision.<Decision>list("initiativeId = ?1 order by decidedAt, id", id)
                .chain(decisions -> Milestone.<Milestone>list("initiativeId = ?1 order by dueOn, createdAt", id).map(milestones -> {
                    List<Moment> moments = new java.util.ArrayList<>();
                    moments.add(new Moment(i.proposedAt, "PROPOSED", "'" + i.title + "' proposed by a member: " + i.problem));
                    decisions.forEach(d -> moments.add(new Moment(d.decidedAt, d.kind.name(), d.summary)));
                    for (Milestone m : milestones) {
                        Instant due = m.dueOn.atStartOfDay(ZoneOffset.UTC).toInstant();
                        // a milestone is done on a day: it shows at the end of that day (or now, if that is today)
                        Instant endOfDone = m.doneOn == null ? null : m.doneOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusMillis(1);
                        moments.add(m.doneOn != null
                                ? new Moment(endOfDone.isAfter(clock.instant()) ? clock.instant() : endOfDone, "MILESTONE_DONE", m.title)
                                : new Moment(due, "MILESTONE_DUE", m.title + " (" + m.progress + "% done)"));
                    }
                    moments.sort(java.util.Comparator.comparing(Moment::at));
                    return moments;
                })));
    }

    @POST
    @Path("/initiatives/{id}/committee/me")
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Sit on the initiative's co-design committee (the caller only)")
    @APIResponse(responseCode = "200", description = "the caller sits on the committee (also when they already did)")
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    @APIResponse(responseCode = "409", description = "the initiative is past co-design")
    public Uni<InitiativeView> joinCommittee(@PathParam("id") UUID id) {
        return Initiative.locked(id).call(i -> {
            if (i.stage != Stage.PROPOSED && i.stage != Stage.CO_DESIGN) {
                throw ProblemException.conflict("The committee takes new members while the initiative is proposed or in co-design; it is "
                        + i.stage + ".");
            }
            return MemberLink.of(identity).chain(member -> Committee.join(outbox, i, member, clock.instant()));
        }).chain(this::view);
    }

    @DELETE
    @Path("/initiatives/{id}/committee/me")
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Leave the committee (the caller only); never refused")
    @APIResponse(responseCode = "204", description = "the caller does not sit on the committee")
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    public Uni<Void> leaveCommittee(@PathParam("id") UUID id) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return Initiative.locked(id).chain(i -> MemberLink.of(identity).chain(member -> Committee.leave(i.id, member)
                .call(left -> left ? CommitteeLeadResource.leftCommittee(outbox, i, member, today, clock.instant()) : Uni.createFrom().voidItem())))
                .replaceWithVoid();
    }

    @PUT
    @Path("/initiatives/{id}/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Write the plan's scope and timeline (the committee, or the partnership's stewards)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller neither sits on the committee nor stewards the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    @APIResponse(responseCode = "409", description = "the initiative is past co-design")
    public Uni<InitiativeView> plan(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"scope\", \"timeline\"} is required") Plan plan) {
        return Initiative.locked(id).call(this::shaper).invoke(i -> {
            if (!EnumSet.of(Stage.PROPOSED, Stage.CO_DESIGN, Stage.PILOT, Stage.PAUSED).contains(i.stage)) {
                throw ProblemException.conflict("The plan of an initiative in " + i.stage + " is settled.");
            }
            i.planScope = plan.scope().strip();
            i.planTimeline = plan.timeline().strip();
        }).call(i -> i.persistAndFlush()).chain(this::view);
    }

    @POST
    @Path("/initiatives/{id}/milestones")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Add a milestone with its weight in the whole (the committee, or the partnership's stewards)")
    @APIResponse(responseCode = "201", description = "the milestone is on the timeline", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MilestoneView.class)))
    @APIResponse(responseCode = "403", description = "the caller neither sits on the committee nor stewards the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<Response> addMilestone(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body is required") NewMilestone body) {
        if (body.dueOn().isAfter(LocalDate.now(ZoneOffset.UTC).plusYears(10)) || body.dueOn().isBefore(LocalDate.of(2000, 1, 1))) {
            throw ProblemException.invalid("dueOn", "must be within the next 10 years");
        }
        return Initiative.locked(id).call(this::shaper).invoke(i -> openFor("milestones", i)).chain(i -> {
            Milestone m = new Milestone();
            m.id = UUID.randomUUID();
            m.initiativeId = i.id;
            m.title = body.title().strip();
            m.dueOn = body.dueOn();
            m.weight = body.weight();
            m.createdAt = clock.instant();
            return m.<Milestone>persist().call(saved -> announce(saved, i));
        }).map(m -> Response.status(Response.Status.CREATED).entity(MilestoneView.of(m)).build());
    }

    @PUT
    @Path("/initiatives/{id}/milestones/{milestoneId}/progress")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Say how far along a milestone is, 0 to 100 (the committee, or the partnership's stewards)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller neither sits on the committee nor stewards the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative or milestone")
    public Uni<InitiativeView> progress(@PathParam("id") UUID id, @PathParam("milestoneId") UUID milestoneId,
            @Valid @NotNull(message = "a JSON body {\"progress\": 0..100} is required") MilestoneProgress body) {
        return Initiative.locked(id).call(this::shaper).invoke(i -> openFor("progress", i))
                .call(i -> Milestone.<Milestone>findById(milestoneId).chain(m -> {
            if (m == null || !m.initiativeId.equals(i.id)) {
                throw ProblemException.notFound("This initiative has no milestone " + milestoneId + ".");
            }
            if (m.progress == body.progress()) {
                return Uni.createFrom().voidItem();
            }
            m.progress = body.progress();
            m.doneOn = m.progress == 100 ? (m.doneOn != null ? m.doneOn : LocalDate.now(ZoneOffset.UTC)) : null;
            return announce(m, i);
        })).chain(this::view);
    }

    @PUT
    @Path("/initiatives/{id}/criteria")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Publish the progression criteria (the partnership's stewards): engagement rate, mean satisfaction and quality score at least",
            description = "Thresholds: ENGAGEMENT_RATE 0 to 1, MEAN_SATISFACTION and QUALITY_SCORE 1 to 5. Published before the pilot starts; "
                    + "a change afterwards needs a rationale and is a decision in the log.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    @APIResponse(responseCode = "409", description = "the initiative is scaled or retired")
    public Uni<InitiativeView> criteria(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"criteria\": [...]} is required") Criteria body) {
        List<Criterion.Metric> metrics = body.criteria().stream().map(CriterionRequest::metric).toList();
        if (metrics.stream().distinct().count() != metrics.size()) {
            throw ProblemException.invalid("criteria", "names a metric twice");
        }
        if (!metrics.containsAll(List.of(Criterion.Metric.values()))) {
            throw ProblemException.invalid("criteria", "must include ENGAGEMENT_RATE, MEAN_SATISFACTION and QUALITY_SCORE");
        }
        for (int i = 0; i < body.criteria().size(); i++) {
            CriterionRequest c = body.criteria().get(i);
            boolean rate = c.metric() == Criterion.Metric.ENGAGEMENT_RATE;
            BigDecimal low = rate ? BigDecimal.ZERO : BigDecimal.ONE;
            BigDecimal high = rate ? BigDecimal.ONE : BigDecimal.valueOf(5);
            if (c.threshold().compareTo(low) < 0 || c.threshold().compareTo(high) > 0 || c.threshold().scale() > 3) {
                throw ProblemException.invalid("criteria[" + i + "].threshold", "must be " + low + " to " + high + " (at most 3 decimals)");
            }
        }
        Instant now = clock.instant();
        return Initiative.locked(id).call(i -> Stewardship.require(identity, i.partnershipId)).call(i -> {
            if (i.stage == Stage.SCALED || i.stage == Stage.RETIRED) {
                throw ProblemException.conflict("The criteria of a " + i.stage + " initiative are settled.");
            }
            boolean started = !EnumSet.of(Stage.PROPOSED, Stage.CO_DESIGN).contains(i.stage);
            if (started && (body.rationale() == null || body.rationale().isBlank())) {
                throw ProblemException.invalid("rationale", "is required to change the criteria of a pilot under way");
            }
            i.criteriaPublishedAt = now;
            List<Criterion> rows = body.criteria().stream().map(c -> {
                Criterion row = new Criterion();
                row.id = UUID.randomUUID();
                row.initiativeId = i.id;
                row.metric = c.metric();
                row.threshold = c.threshold();
                row.description = c.description().strip();
                return row;
            }).toList();
            String summary = rows.stream().map(r -> r.metric + " ≥ " + r.threshold.stripTrailingZeros().toPlainString())
                    .collect(Collectors.joining(", "));
            return Criterion.delete("initiativeId", i.id)
                    .chain(() -> Criterion.persist(rows))
                    .chain(() -> decisions.record(i.partnershipId, i.id, Decision.Kind.CRITERIA_CHANGE,
                            (started ? "Criteria changed: " : "Criteria published: ") + summary,
                            body.rationale() == null || body.rationale().isBlank() ? "Published before the pilot starts." : body.rationale().strip(),
                            null, now));
        }).chain(this::view);
    }

    @POST
    @Path("/initiatives/{id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Move the initiative to another stage (the partnership's stewards without a disclosed interest), with a rationale",
            description = "PROPOSED → CO_DESIGN → PILOT → EVALUATION → SCALED; RETIRED from any stage; PAUSED from PILOT or EVALUATION "
                    + "and back. PILOT needs a committee of 3 and a plan with milestones and published criteria; SCALED needs every "
                    + "criterion met and an approval vote passed; EVALUATION, SCALED and RETIRED need the committee's lessons learned, "
                    + "written since the initiative entered its current stage by a member still on the committee (not for a proposal "
                    + "that never started, nor when nobody sits on the committee).")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "an unknown stage, a missing rationale, a review date in the past")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    @APIResponse(responseCode = "409", description = "rules stage-transition (naming the allowed stages), committee-size, pilot-plan, "
            + "criteria-published, approval-vote, conflict-of-interest, lessons-learned (EVALUATION, SCALED and RETIRED need a "
            + "lesson written in the current stage by a member who sits on the committee; not from PROPOSED, nor with no committee)")
    public Uni<InitiativeView> transition(@PathParam("id") UUID id,
            @Valid @NotNull(message = "a JSON body {\"to\", \"rationale\"} is required") Transition body) {
        if (body.reviewOn() != null && (!body.reviewOn().isAfter(LocalDate.now(ZoneOffset.UTC))
                || body.reviewOn().isAfter(LocalDate.now(ZoneOffset.UTC).plusYears(5)))) {
            throw ProblemException.invalid("reviewOn", "must be a day after today, within 5 years");
        }
        Instant now = clock.instant();
        return Initiative.locked(id)
                .call(i -> Stewardship.require(identity, i.partnershipId))
                .call(i -> Conflicts.requireNone(i.partnershipId, identity.getPrincipal().getName(), "move this initiative"))
                .call(i -> guard(i, body.to()))
                .call(i -> {
                    Stage from = i.stage;
                    i.pausedFrom = body.to() == Stage.PAUSED ? from : null;
                    i.stage = body.to();
                    i.stageChangedAt = now;
                    String key = i.id.toString();
                    Uni<String> measuredNote = body.to() != Stage.SCALED ? Uni.createFrom().item("")
                            : Metrics.measure(i.id, now).map(m -> " (measured: engagement rate " + m.engagementRate()
                                    + ", mean satisfaction " + m.meanSatisfaction() + ", quality score " + m.qualityScore() + ")");
                    return i.persistAndFlush().chain(() -> measuredNote)
                            .chain(measured -> decisions.record(i.partnershipId, i.id, Decision.Kind.STAGE_TRANSITION,
                                    "'" + i.title + "' moved from " + from + " to " + body.to() + measured, body.rationale().strip(),
                                    body.reviewOn(), now))
                            .chain(() -> outbox.add(EventType.INITIATIVE_STAGE_CHANGED, key, key,
                                    new StageChanged(i.id, i.partnershipId, from.name(), body.to().name(), now)));
                })
                .chain(this::view);
    }

    public record QualityRequest(
            @NotNull(message = "must be 1 to 5") BigDecimal score,
            @NotBlank(message = "must not be blank: what the rating rests on") @Size(max = 1000, message = "must be at most 1000 characters")
            @PlainText(multiline = true) String note) {
    }

    public record MetricView(String metric, String threshold, String value, boolean met) {
    }

    public record MetricsView(Instant measuredAt, long enrolled, long active, String engagementRate, String meanSatisfaction,
            long feedbackCount, String qualityScore, List<MetricView> criteria) {
    }

    @PUT
    @Path("/initiatives/{id}/quality")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Rate the quality of the initiative's work, 1 to 5, with a note (the partnership's stewards without a disclosed interest)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    @APIResponse(responseCode = "409", description = "rule conflict-of-interest")
    public Uni<MetricsView> rateQuality(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"score\", \"note\"} is required") QualityRequest body) {
        if (body.score().compareTo(BigDecimal.ONE) < 0 || body.score().compareTo(BigDecimal.valueOf(5)) > 0 || body.score().scale() > 2) {
            throw ProblemException.invalid("score", "must be 1 to 5, with at most 2 decimals");
        }
        return Initiative.locked(id)
                .call(i -> Stewardship.require(identity, i.partnershipId))
                .call(i -> Conflicts.requireNone(i.partnershipId, identity.getPrincipal().getName(), "rate this initiative"))
                .call(i -> {
                    QualityRating rating = new QualityRating();
                    rating.id = UUID.randomUUID();
                    rating.initiativeId = i.id;
                    rating.score = body.score();
                    rating.note = body.note().strip();
                    rating.ratedBy = identity.getPrincipal().getName();
                    rating.ratedAt = clock.instant();
                    return rating.persistAndFlush();
                })
                .chain(i -> metrics(i.id));
    }

    @GET
    @Path("/public/initiatives/{id}/metrics")
    @PermitAll
    @WithSession
    @Operation(summary = "The progression metrics as measured now (last 30 days), against the published criteria")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<MetricsView> metrics(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return Initiative.existing(id).chain(i -> Metrics.measure(id, now))
                .chain(m -> Criterion.<Criterion>list("initiativeId = ?1 order by metric", id).map(criteria -> {
                    // a mean of fewer than 5 people's feedback can give one person's answer away: whether it meets its
                    // criterion is public, the value is not
                    boolean showSatisfaction = m.feedbackCount() >= SMALLEST_PUBLIC_FEEDBACK;
                    return new MetricsView(m.measuredAt(), m.enrolled(), m.active(), text(m.engagementRate()),
                            showSatisfaction ? text(m.meanSatisfaction()) : null, m.feedbackCount(), text(m.qualityScore()),
                            criteria.stream().map(c -> new MetricView(c.metric.name(), c.threshold.stripTrailingZeros().toPlainString(),
                                    c.metric == Criterion.Metric.MEAN_SATISFACTION && !showSatisfaction ? null : text(m.value(c.metric)),
                                    met(c, m))).toList());
                }));
    }

    private static boolean met(Criterion criterion, Metrics.Measured measured) {
        BigDecimal value = measured.value(criterion.metric);
        return value != null && value.compareTo(criterion.threshold) >= 0;
    }

    private static String text(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros().toPlainString();
    }

    @PUT
    @Path("/initiatives/{id}/stewards/{subject}")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Make a steward (by the subject of their identity) a steward of this initiative (the partnership's stewards)")
    @APIResponse(responseCode = "204", description = "they steward it")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<Void> addSteward(@PathParam("id") UUID id, @PathParam("subject") String subject, @QueryParam("name") String name) {
        if (subject.length() > 255 || (name != null && name.length() > 120)) {
            throw ProblemException.invalid(subject.length() > 255 ? "subject" : "name", "is too long");
        }
        return Initiative.locked(id).call(i -> Stewardship.require(identity, i.partnershipId))
                .chain(i -> InitiativeStewards.add(i.id, subject, name == null || name.isBlank() ? subject : name.strip(), clock.instant()));
    }

    @DELETE
    @Path("/initiatives/{id}/stewards/{subject}")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Someone no longer stewards this initiative (the partnership's stewards)")
    @APIResponse(responseCode = "204", description = "they do not steward it")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<Void> removeSteward(@PathParam("id") UUID id, @PathParam("subject") String subject) {
        return Initiative.locked(id).call(i -> Stewardship.require(identity, i.partnershipId))
                .chain(i -> InitiativeStewards.remove(i.id, subject));
    }

    /** The stages an initiative reaches only once its committee has written down what it learned. */
    static final Set<Stage> NEED_LESSONS = EnumSet.of(Stage.EVALUATION, Stage.SCALED, Stage.RETIRED);

    /** The rules of a transition; a refusal names the rule and what would satisfy it. */
    private Uni<Void> guard(Initiative initiative, Stage to) {
        // a proposal that never started has nothing to teach yet, and an initiative whose committee is gone has nobody to
        // write it: neither can be held in place by the rule
        return stageRules(initiative, to).chain(() -> !NEED_LESSONS.contains(to) || initiative.stage == Stage.PROPOSED
                ? Uni.createFrom().voidItem()
                : Committee.size(initiative.id).chain(size -> size == 0 ? Uni.createFrom().item(true)
                        : org.commonground.initiative.lesson.Lesson.committeeRecordedSince(initiative.id, initiative.stageChangedAt))
                        .invoke(recorded -> {
                            if (!recorded) {
                                throw ProblemException.ruleBroken("lessons-learned", "Before an initiative moves to " + to
                                        + ", its committee records the lessons of its " + initiative.stage + " stage (what worked, what"
                                        + " did not, what we would do differently, for whom it matters): POST /api/initiatives/"
                                        + initiative.id + "/lessons as a committee member.");
                            }
                        }).replaceWithVoid());
    }

    private Uni<Void> stageRules(Initiative initiative, Stage to) {
        Set<Stage> allowed = initiative.stage.next(initiative.pausedFrom);
        if (!allowed.contains(to)) {
            throw ProblemException.ruleBroken("stage-transition", "An initiative in " + initiative.stage + " may move to "
                    + (allowed.isEmpty() ? "no other stage" : allowed.stream().map(Enum::name).sorted().collect(Collectors.joining(", ")))
                    + ", not to " + to + ".");
        }
        if (to == Stage.PILOT && initiative.stage == Stage.CO_DESIGN) {
            return Committee.size(initiative.id).chain(size -> {
                if (size < SMALLEST_PILOT_COMMITTEE) {
                    throw ProblemException.ruleBroken("committee-size", "A pilot starts with a co-design committee of at least "
                            + SMALLEST_PILOT_COMMITTEE + " members; this one has " + size + ".");
                }
                if (initiative.planScope == null || initiative.planTimeline == null) {
                    throw ProblemException.ruleBroken("pilot-plan", "A pilot starts with a plan: write its scope and timeline first.");
                }
                if (initiative.criteriaPublishedAt == null) {
                    throw ProblemException.ruleBroken("criteria-published",
                            "The criteria the pilot must reach to scale are published before it starts.");
                }
                return Milestone.count("initiativeId", initiative.id).invoke(milestones -> {
                    if (milestones == 0) {
                        throw ProblemException.ruleBroken("pilot-plan", "A pilot starts with a plan: add its milestones first.");
                    }
                }).replaceWithVoid();
            });
        }
        if (to == Stage.SCALED) {
            return Metrics.measure(initiative.id, clock.instant()).chain(measured -> Criterion.<Criterion>list("initiativeId", initiative.id)
                    .chain(criteria -> {
                        List<String> unmet = criteria.stream().filter(c -> !met(c, measured))
                                .map(c -> c.metric + " is " + (measured.value(c.metric) == null ? "not measured yet"
                                        : measured.value(c.metric).toPlainString()) + ", needs " + c.threshold.stripTrailingZeros().toPlainString())
                                .toList();
                        if (criteria.isEmpty() || !unmet.isEmpty()) {
                            throw ProblemException.ruleBroken("criteria-not-met", "An initiative scales only when every published "
                                    + "criterion is met: " + (criteria.isEmpty() ? "none is published" : String.join("; ", unmet)) + ".");
                        }
                        return votes.closeDueOf(initiative.id, clock.instant())
                                .chain(() -> Votes.scalingApproved(initiative.id, initiative.criteriaPublishedAt));
                    })
                    .invoke(approved -> {
                        if (!approved) {
                            throw ProblemException.ruleBroken("approval-vote", "An initiative scales only when the latest vote "
                                    + "to scale it, held under the criteria as published now, has closed and passed.");
                        }
                    }).replaceWithVoid());
        }
        return Uni.createFrom().voidItem();
    }

    /** Milestones and their progress change while the work goes on, not once it is scaled or retired. */
    /** Publishes a milestone's new state (reporting follows plans' progress from it). */
    private Uni<Void> announce(Milestone m, Initiative i) {
        return outbox.add(EventType.INITIATIVE_MILESTONE_CHANGED, i.id.toString(), i.id.toString(), m.changed(i.partnershipId, clock.instant()));
    }

    private static void openFor(String what, Initiative i) {
        if (i.stage == Stage.SCALED || i.stage == Stage.RETIRED) {
            throw ProblemException.conflict("The " + what + " of a " + i.stage + " initiative are settled.");
        }
    }

    /** Who shapes an initiative: its committee, and the stewards of its partnership. */
    private Uni<Void> shaper(Initiative initiative) {
        return Committee.requireSeatOrStewardship(identity, initiative, false,
                "Only the initiative's committee and its partnership's stewards shape it.");
    }

    private Uni<InitiativeView> view(Initiative i) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        return CommitteeLeadTerm.<CommitteeLeadTerm>list("initiativeId = ?1 and startsOn <= ?2 and endsOn >= ?2", i.id, today)
                .map(terms -> terms.stream().filter(t -> t.serving(today)).findFirst().orElse(null))
                .chain(lead -> Committee.size(i.id)
                .chain(size -> Milestone.<Milestone>list("initiativeId = ?1 order by dueOn, createdAt", i.id)
                        .chain(milestones -> Criterion.<Criterion>list("initiativeId = ?1 order by metric", i.id)
                                .map(criteria -> new InitiativeView(i.id, i.partnershipId, i.kind.name(), i.title, i.problem,
                                        i.approach, i.affinityGroupId, i.stage.name(), i.stage.next(i.pausedFrom), i.stageChangedAt,
                                        size, lead != null, lead == null ? null : lead.lastDay(), Progress.of(milestones.stream().map(m -> new Progress.Part(m.weight, m.progress)).toList()),
                                        i.planScope, i.planTimeline, milestones.stream().map(MilestoneView::of).toList(),
                                        i.criteriaPublishedAt, criteria.stream().map(CriterionView::of).toList(), i.proposedAt)))));
    }
}
