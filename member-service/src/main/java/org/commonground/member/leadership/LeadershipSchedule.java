package org.commonground.member.leadership;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/** Ends the terms whose last day has passed, in every replica (rows are claimed with SKIP LOCKED). */
@ApplicationScoped
public class LeadershipSchedule {

    private static final Logger LOG = Logger.getLogger(LeadershipSchedule.class);

    private final Leadership leadership;
    private final Clock clock = Clock.systemUTC();

    LeadershipSchedule(Leadership leadership) {
        this.leadership = leadership;
    }

    @Scheduled(every = "${cg.groups.term-check:5m}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> endExpiredTerms() {
        return leadership.endExpired(LocalDate.now(clock.withZone(ZoneOffset.UTC)), clock.instant())
                .onFailure().invoke(e -> LOG.warn("ending expired leadership terms failed; retried next time", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
