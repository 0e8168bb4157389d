package org.commonground.initiative.escalation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.commonground.platform.reactive.Sequentially;
import org.jboss.logging.Logger;

/**
 * Escalates what runs late: an escalation not acknowledged or not resolved by its deadline is marked overdue and
 * recorded as escalated to the partnership's stewards, once. Replicas skip rows another is handling.
 */
@ApplicationScoped
public class EscalationSchedule {

    private static final Logger LOG = Logger.getLogger(EscalationSchedule.class);

    private final Clock clock = Clock.systemUTC();

    @Scheduled(every = "${cg.escalations.check:1m}", delayed = "20s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> escalateOverdue() {
        return run(clock.instant()).onFailure().invoke(e -> LOG.warn("escalating overdue escalations failed; retried next time", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<Integer> run(Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT * FROM escalation WHERE resolved_at IS NULL AND overdue_since IS NULL"
                                + " AND ((acknowledged_at IS NULL AND acknowledge_by < ?1) OR resolve_by < ?1)"
                                + " ORDER BY opened_at LIMIT 200 FOR UPDATE SKIP LOCKED", Escalation.class)
                        .setParameter(1, at).getResultList())
                .chain(overdue -> Sequentially.each(overdue, e -> {
                    e.overdueSince = now;
                    String why = e.acknowledgedAt == null && now.isAfter(e.acknowledgeBy)
                            ? "Not acknowledged by " + e.acknowledgeBy : "Not resolved by " + e.resolveBy;
                    return e.persistAndFlush().chain(() -> EscalationResource.step(e.id, "ESCALATED",
                            why + ": escalated to the partnership's stewards.", now));
                }).replaceWith(overdue.size())));
    }
}
