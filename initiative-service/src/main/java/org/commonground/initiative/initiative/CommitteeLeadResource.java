package org.commonground.initiative.initiative;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.governance.RotationRule;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.reactive.Sequentially;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Who leads an initiative's co-design committee, term by term: the partnership's stewards assign a committee
 * member, and the community's rotation rule applies (at most 2 terms in a row by default, then a rest).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class CommitteeLeadResource {

    public record TermRequest(@NotNull(message = "is required") UUID memberId,
            @NotNull(message = "is required") LocalDate startsOn,
            @NotNull(message = "is required") LocalDate endsOn) {
    }

    public record TermView(UUID id, UUID memberId, LocalDate startsOn, LocalDate endsOn, LocalDate endedOn, String endedReason,
            boolean serving) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final int maxConsecutive;
    private final int restDays;
    private final Clock clock = Clock.systemUTC();

    CommitteeLeadResource(SecurityIdentity identity, Outbox outbox,
            @ConfigProperty(name = "cg.committees.max-consecutive-terms", defaultValue = "2") int maxConsecutive,
            @ConfigProperty(name = "cg.committees.rotation-rest-days", defaultValue = "90") int restDays) {
        this.identity = identity;
        this.outbox = outbox;
        this.maxConsecutive = maxConsecutive;
        this.restDays = restDays;
    }

    @POST
    @Path("/initiatives/{id}/committee/leads")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Assign the committee's lead for a term (the partnership's stewards), under the rotation rule")
    @APIResponse(responseCode = "201", description = "assigned", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TermView.class)))
    @APIResponse(responseCode = "400", description = "a missing date, a term ending before it starts, in the past, or longer than 2 years")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    @APIResponse(responseCode = "409", description = "rules lead-sits-on-committee, one-lead-at-a-time, no-overlap, rotation")
    public Uni<Response> assign(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body {\"memberId\", \"startsOn\", \"endsOn\"} is required") TermRequest body) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (body.endsOn().isBefore(body.startsOn())) {
            throw ProblemException.invalid("endsOn", "must not be before startsOn");
        }
        if (body.endsOn().isBefore(today)) {
            throw ProblemException.invalid("endsOn", "must not be in the past");
        }
        if (body.startsOn().isAfter(today.plusYears(2)) || body.endsOn().isAfter(body.startsOn().plusYears(2))) {
            throw ProblemException.invalid("endsOn", "a term starts within 2 years and lasts at most 2 years");
        }
        Initiative[] initiative = new Initiative[1];
        return Initiative.locked(id).invoke(i -> initiative[0] = i).call(i -> Stewardship.require(identity, i.partnershipId))
                .call(i -> Committee.sits(i.id, body.memberId()).invoke(sits -> {
                    if (!sits) {
                        throw ProblemException.ruleBroken("lead-sits-on-committee", "The committee's lead is one of its members; "
                                + body.memberId() + " does not sit on it.");
                    }
                }))
                .call(i -> CommitteeLeadTerm.<CommitteeLeadTerm>list("initiativeId = ?1 and memberId <> ?2", i.id, body.memberId())
                        .invoke(others -> others.stream().filter(t -> !t.cancelled())
                                .filter(t -> !t.startsOn.isAfter(body.endsOn()) && !t.lastDay().isBefore(body.startsOn()))
                                .findFirst().ifPresent(t -> {
                                    throw ProblemException.ruleBroken("one-lead-at-a-time", "The committee has one lead at a time; "
                                            + "another member leads it from " + t.startsOn + " to " + t.lastDay() + ".");
                                })))
                .chain(i -> CommitteeLeadTerm.<CommitteeLeadTerm>list("initiativeId = ?1 and memberId = ?2", i.id, body.memberId())
                        .map(terms -> {
                            new RotationRule(maxConsecutive, restDays).check(
                                            terms.stream().filter(t -> !t.cancelled()).map(t -> new RotationRule.Span(t.startsOn, t.lastDay())).toList(),
                                            new RotationRule.Span(body.startsOn(), body.endsOn()))
                                    .ifPresent(broken -> {
                                        throw ProblemException.ruleBroken(broken.rule(), broken.detail());
                                    });
                            CommitteeLeadTerm term = new CommitteeLeadTerm();
                            term.id = UUID.randomUUID();
                            term.initiativeId = i.id;
                            term.memberId = body.memberId();
                            term.startsOn = body.startsOn();
                            term.endsOn = body.endsOn();
                            term.assignedAt = clock.instant();
                            return term;
                        }))
                .call(term -> term.persist())
                .call(term -> Committee.announce(outbox, Committee.RoleChanged.lead(initiative[0], term, term.assignedAt)))
                .map(term -> Response.status(Response.Status.CREATED).entity(view(term, today)).build());
    }

    @GET
    @Path("/initiatives/{id}/committee/leads")
    @RolesAllowed({ Roles.MEMBER, Roles.STEWARD, Roles.ADMIN, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "Every lead term of the committee, newest first (the partnership's stewards, auditors, the committee)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller neither sits on the committee nor stewards the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<List<TermView>> history(@PathParam("id") UUID id) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        // who sits on a committee is not public: its members, the partnership's stewards and auditors see it
        return Initiative.existing(id).call(i -> Committee.requireSeatOrStewardship(identity, i, true,
                        "Who leads a committee is seen by its members and the partnership's stewards."))
                .chain(i -> CommitteeLeadTerm.<CommitteeLeadTerm>list("initiativeId = ?1 order by startsOn desc, id", id))
                .map(terms -> terms.stream().map(t -> view(t, today)).toList());
    }

    /** A lead who leaves the committee steps down: their running and upcoming terms end (an upcoming one is cancelled). */
    static Uni<Void> leftCommittee(Outbox outbox, Initiative initiative, UUID memberId, LocalDate today, Instant now) {
        return CommitteeLeadTerm.<CommitteeLeadTerm>list("initiativeId = ?1 and memberId = ?2 and endsOn >= ?3", initiative.id, memberId, today)
                .map(terms -> terms.stream().filter(t -> !t.lastDay().isBefore(today)).toList())
                .call(ending -> Sequentially.each(ending, t -> {
                    t.endedOn = today.minusDays(1).isBefore(t.endsOn) ? today.minusDays(1) : t.endsOn;
                    t.endedReason = "left-committee";
                    return Committee.announce(outbox, Committee.RoleChanged.lead(initiative, t, now));
                })).replaceWithVoid();
    }

    private static TermView view(CommitteeLeadTerm t, LocalDate today) {
        return new TermView(t.id, t.memberId, t.startsOn, t.endsOn, t.endedOn, t.endedReason, t.serving(today));
    }
}
