package org.commonground.initiative.vote;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Closes votes at their time, even when nobody looks at them. */
@ApplicationScoped
public class VoteSchedule {

    private static final Logger LOG = Logger.getLogger(VoteSchedule.class);

    private final Votes votes;
    private final Clock clock = Clock.systemUTC();

    VoteSchedule(Votes votes) {
        this.votes = votes;
    }

    @Scheduled(every = "${cg.votes.close-check:30s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeDue() {
        return votes.closeDue(clock.instant()).onFailure().invoke(e -> LOG.warn("closing due votes failed; retried next time", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
