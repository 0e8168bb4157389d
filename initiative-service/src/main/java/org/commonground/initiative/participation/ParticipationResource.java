package org.commonground.initiative.participation;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import org.commonground.initiative.initiative.Initiative;
import org.commonground.initiative.initiative.Stage;
import org.commonground.initiative.member.MemberLink;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Taking part in an initiative is opt-in, and opting out is one call, never penalised: contributions already
 * recorded and benefits already earned stay exactly as they are.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class ParticipationResource {

    public record ParticipationView(UUID initiativeId, boolean participating, Instant since) {
    }

    public record FeedbackRequest(
            @NotNull(message = "must be 1 to 5") @Min(value = 1, message = "must be 1 to 5") @Max(value = 5, message = "must be 1 to 5") Integer satisfaction,
            @NotNull(message = "must be 1 to 5") @Min(value = 1, message = "must be 1 to 5") @Max(value = 5, message = "must be 1 to 5") Integer fairness,
            @Size(max = 2000, message = "must be at most 2000 characters") @PlainText(multiline = true) String comment) {
    }

    public record FeedbackView(UUID initiativeId, String period, int satisfaction, int fairness, String comment, Instant submittedAt) {
    }

    record ParticipantChanged(UUID initiativeId, UUID partnershipId, UUID memberId, Instant at) {
    }

    record FeedbackSubmitted(UUID initiativeId, UUID partnershipId, UUID feedbackId, String period, int satisfaction, int fairness, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    ParticipationResource(SecurityIdentity identity, Outbox outbox) {
        this.identity = identity;
        this.outbox = outbox;
    }

    @POST
    @Path("/initiatives/{id}/participants/me")
    @WithTransaction
    @Operation(summary = "Opt into the initiative (the caller only); opting in again changes nothing")
    @APIResponse(responseCode = "201", description = "the caller takes part", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ParticipationView.class)))
    @APIResponse(responseCode = "200", description = "the caller already took part", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ParticipationView.class)))
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    @APIResponse(responseCode = "409", description = "the initiative is retired")
    public Uni<Response> optIn(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return Initiative.locked(id).chain(initiative -> {
            if (initiative.stage == Stage.RETIRED) {
                throw ProblemException.conflict("This initiative is retired; nobody can join it any more.");
            }
            return MemberLink.of(identity).chain(member -> Participation.current(id, member).chain(current -> {
                if (current != null) {
                    return Uni.createFrom().item(Response.ok(new ParticipationView(id, true, current.joinedAt)).build());
                }
                Participation p = new Participation();
                p.id = UUID.randomUUID();
                p.initiativeId = id;
                p.memberId = member;
                p.joinedAt = now;
                String key = id.toString();
                return p.persist().chain(() -> outbox.add(EventType.INITIATIVE_PARTICIPANT_JOINED, key, key,
                                new ParticipantChanged(id, initiative.partnershipId, member, now)))
                        .map(done -> Response.status(Response.Status.CREATED).entity(new ParticipationView(id, true, now)).build());
            }));
        });
    }

    @DELETE
    @Path("/initiatives/{id}/participants/me")
    @WithTransaction
    @Operation(summary = "Opt out (the caller only), at any time and without penalty",
            description = "Recorded contributions stay recorded (and are still verified), and benefits already earned stay earned.")
    @APIResponse(responseCode = "204", description = "the caller no longer takes part (also when they did not)")
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    public Uni<Void> optOut(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return Initiative.locked(id).chain(initiative -> MemberLink.of(identity)
                .chain(member -> Participation.current(id, member).chain(current -> {
                    if (current == null) {
                        return Uni.createFrom().voidItem();
                    }
                    current.leftAt = now;
                    String key = id.toString();
                    return current.persist().chain(() -> outbox.add(EventType.INITIATIVE_PARTICIPANT_LEFT, key, key,
                            new ParticipantChanged(id, initiative.partnershipId, member, now)));
                })));
    }

    @GET
    @Path("/initiatives/{id}/participants/me")
    @WithSession
    @Operation(summary = "Whether the caller takes part")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    public Uni<ParticipationView> mine(@PathParam("id") UUID id) {
        return Initiative.existing(id).chain(i -> MemberLink.of(identity)).chain(member -> Participation.current(id, member))
                .map(p -> new ParticipationView(id, p != null, p == null ? null : p.joinedAt));
    }

    @PUT
    @Path("/initiatives/{id}/feedback/me")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Give (or change) this month's feedback: satisfaction and perceived fairness 1 to 5, a comment (participants)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller does not take part in the initiative")
    @APIResponse(responseCode = "404", description = "no such initiative, or the caller is not (yet) known as a member")
    public Uni<FeedbackView> feedback(@PathParam("id") UUID id,
            @Valid @NotNull(message = "a JSON body {\"satisfaction\", \"fairness\"} is required") FeedbackRequest body) {
        Instant now = clock.instant();
        String period = YearMonth.from(now.atZone(ZoneOffset.UTC)).toString();
        return Initiative.existing(id).chain(initiative -> MemberLink.of(identity).chain(member -> Participation.current(id, member)
                .<Feedback>chain(participation -> {
                    if (participation == null) {
                        throw new ProblemException(org.commonground.platform.problem.ProblemType.FORBIDDEN,
                                "Only participants give feedback on an initiative: opt in first.");
                    }
                    return Feedback.<Feedback>find("initiativeId = ?1 and memberId = ?2 and period = ?3", id, member, period).firstResult();
                })
                .map((Feedback existing) -> {
                    Feedback f = existing != null ? existing : new Feedback();
                    if (existing == null) {
                        f.id = UUID.randomUUID();
                        f.initiativeId = id;
                        f.memberId = member;
                        f.period = period;
                    }
                    f.satisfaction = body.satisfaction();
                    f.fairness = body.fairness();
                    f.comment = body.comment() == null || body.comment().isBlank() ? null : body.comment().strip();
                    f.submittedAt = now;
                    return f;
                })
                .call(f -> f.persist())
                .call(f -> {
                    String key = id.toString();
                    // the event carries the scores, not who gave them
                    return outbox.add(EventType.INITIATIVE_FEEDBACK_SUBMITTED, key, key,
                            new FeedbackSubmitted(id, initiative.partnershipId, f.id, f.period, f.satisfaction, f.fairness, now));
                })))
                .map(f -> new FeedbackView(id, f.period, f.satisfaction, f.fairness, f.comment, f.submittedAt));
    }
}
