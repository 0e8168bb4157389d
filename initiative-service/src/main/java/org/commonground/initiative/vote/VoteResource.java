package org.commonground.initiative.vote;

import io.quarkus.hibernate.reactive.panache.Panache;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.disclosure.Conflicts;
import org.commonground.initiative.initiative.Initiative;
import org.commonground.initiative.initiative.Stage;
import org.commonground.initiative.member.MemberLink;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.reactive.Sequentially;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Approval votes: the stewards open one with its question, electorate, quorum, threshold and closing time; each
 * eligible member casts one ballot and may change it until the vote closes; the tally is hidden until then and
 * public after, and who voted what is never known.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class VoteResource {

    static final Duration LONGEST = Duration.ofDays(90);
    /** Below this many eligible voters, a closed vote shows its result but not its counts. */
    static final int SMALLEST_PUBLIC_TALLY = 5;

    public record NewVote(
            @NotNull(message = "must be SCALE or OTHER") Vote.Purpose purpose,
            @NotBlank(message = "must not be blank") @Size(max = 500, message = "must be at most 500 characters") @PlainText String question,
            @NotNull(message = "must be PARTICIPANTS or COMMITTEE") Vote.Electorate electorate,
            @NotNull(message = "is required: the share of eligible voters who must take part, 0 to 1") BigDecimal quorum,
            @NotNull(message = "is required: the share of yes among yes and no that passes, above 0 up to 1") BigDecimal threshold,
            @NotNull(message = "is required") Instant closesAt) {
    }

    public record Ballot(@NotNull(message = "must be YES, NO or ABSTAIN") Choice choice) {
    }

    public enum Choice {
        YES, NO, ABSTAIN
    }

    /** A vote as anyone reads it: the tally only once it is closed. */
    public record VoteView(UUID id, UUID initiativeId, String purpose, String question, String electorate, String quorum,
            String threshold, Instant openedAt, Instant closesAt, String status, int eligible, Integer yes, Integer no,
            Integer abstain, Boolean passed) {

        static VoteView of(Vote v) {
            // with fewer than 5 voters a breakdown tells who voted what: only the result is published
            boolean breakdown = v.eligible >= SMALLEST_PUBLIC_TALLY;
            return new VoteView(v.id, v.initiativeId, v.purpose.name(), v.question, v.electorate.name(),
                    v.quorum.stripTrailingZeros().toPlainString(), v.threshold.stripTrailingZeros().toPlainString(), v.openedAt,
                    v.closesAt, v.open() ? "OPEN" : "CLOSED", v.eligible, breakdown ? v.yes : null, breakdown ? v.no : null,
                    breakdown ? v.abstain : null, v.passed);
        }
    }

    public record BallotView(UUID voteId, String choice, Instant closesAt) {
    }

    private final SecurityIdentity identity;
    private final Votes votes;
    private final BigDecimal scaleQuorum;
    private final Clock clock = Clock.systemUTC();

    VoteResource(SecurityIdentity identity, Votes votes,
            @ConfigProperty(name = "cg.votes.scale-min-quorum", defaultValue = "0.5") BigDecimal scaleQuorum) {
        this.identity = identity;
        this.votes = votes;
        this.scaleQuorum = scaleQuorum;
    }

    @POST
    @Path("/initiatives/{id}/votes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Open an approval vote (the partnership's stewards); the eligible voters are fixed now")
    @APIResponse(responseCode = "201", description = "the vote is open", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VoteView.class)))
    @APIResponse(responseCode = "400", description = "a quorum or threshold outside 0 to 1, a closing time in the past or more than 90 days ahead")
    @APIResponse(responseCode = "403", description = "the caller does not steward the partnership")
    @APIResponse(responseCode = "404", description = "no such initiative")
    @APIResponse(responseCode = "409", description = "nobody is eligible; a scaling vote on an initiative not in evaluation")
    public Uni<Response> open(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body is required") NewVote body) {
        Instant now = clock.instant();
        share("quorum", body.quorum(), true);
        share("threshold", body.threshold(), false);
        if (!body.closesAt().isAfter(now.plusSeconds(1))) {
            throw ProblemException.invalid("closesAt", "must be in the future");
        }
        if (body.closesAt().isAfter(now.plus(LONGEST))) {
            throw ProblemException.invalid("closesAt", "must be at most 90 days ahead");
        }
        if (body.purpose() == Vote.Purpose.SCALE && body.quorum().compareTo(scaleQuorum) < 0) {
            throw ProblemException.invalid("quorum", "a vote to scale needs a quorum of at least "
                    + scaleQuorum.stripTrailingZeros().toPlainString() + ": scaling is decided by the members, not by a few");
        }
        return Initiative.locked(id).call(i -> Stewardship.require(identity, i.partnershipId))
                .call(i -> Conflicts.requireNone(i.partnershipId, identity.getPrincipal().getName(), "open this vote"))
                .call(i -> votes.closeDueOf(i.id, now))
                .call(i -> body.purpose() != Vote.Purpose.SCALE ? Uni.createFrom().voidItem()
                        : Vote.count("initiativeId = ?1 and purpose = ?2 and closedAt is null", i.id, Vote.Purpose.SCALE).invoke(open -> {
                            if (open > 0) {
                                throw ProblemException.ruleBroken("one-scaling-vote", "A vote to scale this initiative is already open.");
                            }
                        }))
                .chain(i -> {
            if (body.purpose() == Vote.Purpose.SCALE && i.stage != Stage.EVALUATION) {
                throw ProblemException.conflict("A vote to scale is held while the initiative is in EVALUATION; it is in " + i.stage + ".");
            }
            String electorate = body.electorate() == Vote.Electorate.COMMITTEE
                    ? "SELECT c.member_id FROM committee_member c JOIN member_link l ON l.member_id = c.member_id"
                            + " WHERE c.initiative_id = ?1 AND l.erased_at IS NULL"
                    : "SELECT DISTINCT p.member_id FROM participation p JOIN member_link l ON l.member_id = p.member_id"
                            + " WHERE p.initiative_id = ?1 AND p.left_at IS NULL AND l.erased_at IS NULL";
            return Panache.getSession().chain(s -> s.createNativeQuery(electorate, UUID.class).setParameter(1, i.id).getResultList())
                    .chain(voters -> {
                        if (voters.isEmpty()) {
                            throw ProblemException.conflict("Nobody is eligible to vote: the " + body.electorate().name().toLowerCase()
                                    + " of this initiative is empty.");
                        }
                        Vote vote = new Vote();
                        vote.id = UUID.randomUUID();
                        vote.initiativeId = i.id;
                        vote.partnershipId = i.partnershipId;
                        vote.purpose = body.purpose();
                        vote.question = body.question().strip();
                        vote.electorate = body.electorate();
                        vote.quorum = body.quorum();
                        vote.threshold = body.threshold();
                        vote.openedBy = identity.getPrincipal().getName();
                        vote.openedAt = now;
                        vote.closesAt = body.closesAt();
                        vote.ballotKey = Ballots.newKey();
                        vote.eligible = voters.size();
                        return vote.<Vote>persistAndFlush().call(saved -> Sequentially.each(voters, voter -> Panache.getSession()
                                .chain(s -> s.createNativeQuery("INSERT INTO vote_voter (vote_id, member_id) VALUES (?1, ?2)")
                                        .setParameter(1, saved.id).setParameter(2, voter).executeUpdate())));
                    });
        }).map(vote -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/public/votes/" + vote.id)
                .entity(VoteView.of(vote)).build());
    }

    @PUT
    @Path("/votes/{voteId}/ballot")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MEMBER)
    @WithTransaction
    @Operation(summary = "Cast or change the caller's ballot (eligible members, until the vote closes)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "403", description = "the caller is not eligible in this vote")
    @APIResponse(responseCode = "404", description = "no such vote, or the caller is not (yet) known as a member")
    @APIResponse(responseCode = "409", description = "the vote has closed")
    public Uni<BallotView> cast(@PathParam("voteId") UUID voteId, @Valid @NotNull(message = "a JSON body {\"choice\"} is required") Ballot ballot) {
        return locked(voteId).chain(vote -> votes.closeIfDue(vote, clock.instant())).chain(vote -> { // the time once the vote is ours
            if (!vote.open()) {
                throw ProblemException.conflict("This vote closed at " + vote.closesAt + "; its result is public.");
            }
            return MemberLink.of(identity).chain(member -> Panache.getSession().chain(s -> s.createNativeQuery(
                            "SELECT count(*) FROM vote_voter WHERE vote_id = ?1 AND member_id = ?2", Long.class)
                    .setParameter(1, vote.id).setParameter(2, member).getSingleResult())
                    .chain(eligible -> {
                        if (eligible == 0) {
                            throw new ProblemException(ProblemType.FORBIDDEN, "You are not eligible in this vote: its voters were "
                                    + "fixed when it opened (" + vote.electorate.name().toLowerCase() + ").");
                        }
                        String token = Ballots.token(vote.ballotKey, member);
                        return Panache.getSession().chain(s -> s.createNativeQuery(
                                        "INSERT INTO vote_ballot (vote_id, token, choice) VALUES (?1, ?2, ?3)"
                                                + " ON CONFLICT (vote_id, token) DO UPDATE SET choice = excluded.choice")
                                .setParameter(1, vote.id).setParameter(2, token).setParameter(3, ballot.choice().name()).executeUpdate());
                    }))
                    .map(done -> new BallotView(vote.id, ballot.choice().name(), vote.closesAt));
        });
    }

    @GET
    @Path("/public/votes/{voteId}")
    @PermitAll
    @WithTransaction
    @Operation(summary = "A vote: its question and rules while open; its tally and result once closed (never who voted what)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such vote")
    public Uni<VoteView> get(@PathParam("voteId") UUID voteId) {
        return votes.closeIfDue(voteId, clock.instant())
                .chain(() -> Vote.<Vote>findById(voteId)).onItem().ifNull().failWith(() -> ProblemException.notFound("There is no vote " + voteId + "."))
                .map(VoteView::of);
    }

    @GET
    @Path("/public/initiatives/{id}/votes")
    @PermitAll
    @WithTransaction
    @Operation(summary = "Every vote on an initiative, oldest first")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such initiative")
    public Uni<List<VoteView>> list(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return Initiative.existing(id).call(i -> votes.closeDueOf(id, now))
                .chain(i -> Vote.<Vote>list("initiativeId = ?1 order by openedAt", id))
                .map(all -> all.stream().map(VoteView::of).toList());
    }

    private static Uni<Vote> locked(UUID id) {
        return Vote.<Vote>findById(id, LockModeType.PESSIMISTIC_WRITE).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("There is no vote " + id + "."));
    }

    private static void share(String field, BigDecimal value, boolean zeroAllowed) {
        boolean inRange = value.compareTo(BigDecimal.ONE) <= 0 && (zeroAllowed ? value.signum() >= 0 : value.signum() > 0);
        if (!inRange || value.scale() > 3) {
            throw ProblemException.invalid(field, "must be a share " + (zeroAllowed ? "from 0" : "above 0") + " up to 1, with at most 3 decimals");
        }
    }
}
