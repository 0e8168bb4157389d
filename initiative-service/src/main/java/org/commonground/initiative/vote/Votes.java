package org.commonground.initiative.vote;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;
import org.commonground.initiative.decision.Decision;
import org.commonground.initiative.decision.DecisionLog;
import org.commonground.platform.reactive.Sequentially;

/** Closing votes: the tally is counted and kept, the key and the ballots are deleted, the result is a decision. */
@ApplicationScoped
public class Votes {

    private final DecisionLog decisions;

    Votes(DecisionLog decisions) {
        this.decisions = decisions;
    }

    /** Closes the vote if its time has come (call with the vote locked); answers it, closed or still open. */
    public Uni<Vote> closeIfDue(Vote vote, Instant now) {
        if (!vote.open() || vote.closesAt.isAfter(now)) {
            return Uni.createFrom().item(vote);
        }
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT choice, count(*) FROM vote_ballot WHERE vote_id = ?1 GROUP BY choice", Object[].class)
                .setParameter(1, vote.id).getResultList())
                .chain(rows -> {
                    int yes = 0, no = 0, abstain = 0;
                    for (Object[] row : rows) {
                        int n = ((Number) row[1]).intValue();
                        switch (String.valueOf(row[0])) {
                            case "YES" -> yes = n;
                            case "NO" -> no = n;
                            default -> abstain = n;
                        }
                    }
                    Tally tally = new Tally(vote.eligible, yes, no, abstain);
                    vote.yes = yes;
                    vote.no = no;
                    vote.abstain = abstain;
                    vote.passed = tally.passes(vote.quorum, vote.threshold);
                    vote.closedAt = vote.closesAt;
                    vote.ballotKey = null;
                    String summary = "Vote '" + vote.question + "' " + (vote.passed ? "passed" : "did not pass") + ": " + yes
                            + " yes, " + no + " no, " + abstain + " abstaining of " + vote.eligible + " eligible";
                    String rationale = "Turnout " + tally.turnout().toPlainString() + " against a quorum of "
                            + vote.quorum.stripTrailingZeros().toPlainString() + (tally.quorumMet(vote.quorum) ? " (met)" : " (not met)")
                            + "; yes needed at least " + vote.threshold.stripTrailingZeros().toPlainString() + " of yes and no.";
                    return vote.persistAndFlush()
                            .chain(() -> Panache.getSession().chain(s -> s.createNativeQuery("DELETE FROM vote_ballot WHERE vote_id = ?1")
                                    .setParameter(1, vote.id).executeUpdate()))
                            .chain(() -> decisions.recordByRule(vote.partnershipId, vote.initiativeId, Decision.Kind.VOTE_RESULT,
                                    summary, rationale, now))
                            .replaceWith(vote);
                });
    }

    /** Closes every vote whose time has passed; replicas skip the votes another is closing. */
    public Uni<Integer> closeDue(Instant now) {
        return Panache.withTransaction(() -> closeDue("", null, now));
    }

    /**
     * Closes the due votes of one initiative, in the caller's transaction, before anything reads them: the rows are
     * locked by the query that loads them (no lock upgrade on an entity already read), and only due votes are locked.
     */
    public Uni<Integer> closeDueOf(UUID initiativeId, Instant now) {
        return closeDue(" AND initiative_id = ?2", initiativeId, now);
    }

    /** Closes one vote if it is due, before it is read. */
    public Uni<Integer> closeIfDue(UUID voteId, Instant now) {
        return closeDue(" AND id = ?2", voteId, now);
    }

    private Uni<Integer> closeDue(String filter, UUID id, Instant now) {
        return Panache.getSession().chain(s -> {
                    var query = s.createNativeQuery("SELECT * FROM vote WHERE closed_at IS NULL AND closes_at <= ?1" + filter
                            + " ORDER BY closes_at LIMIT 100 FOR UPDATE SKIP LOCKED", Vote.class)
                            .setParameter(1, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
                    if (id != null) {
                        query.setParameter(2, id);
                    }
                    return query.getResultList();
                })
                .chain(due -> Sequentially.each(due, v -> closeIfDue(v, now)).replaceWith(due.size()));
    }

    /**
     * Whether the members approved scaling as things stand: no scaling vote is still open, and the latest closed one
     * passed and was opened after the criteria were last published (a vote on other criteria does not count).
     */
    public static Uni<Boolean> scalingApproved(UUID initiativeId, Instant criteriaPublishedAt) {
        return Vote.<Vote>list("initiativeId = ?1 and purpose = ?2 order by openedAt desc", initiativeId, Vote.Purpose.SCALE)
                .map(votes -> {
                    if (votes.isEmpty() || votes.stream().anyMatch(Vote::open)) {
                        return false;
                    }
                    Vote latest = votes.get(0);
                    return Boolean.TRUE.equals(latest.passed) && criteriaPublishedAt != null && latest.openedAt.isAfter(criteriaPublishedAt);
                });
    }
}
