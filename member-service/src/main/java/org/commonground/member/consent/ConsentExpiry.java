package org.commonground.member.consent;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.Instant;
import org.commonground.member.profile.Member;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.jboss.logging.Logger;

/**
 * Consents that expire: a reminder 30 and 7 days before (each once), and the lapse itself, recorded as a withdrawal
 * with reason {@code expired}. Every replica runs this; rows are claimed with SKIP LOCKED, so two replicas never
 * send the same reminder or record the same lapse. Until the lapse is recorded, an expired consent already counts
 * as not granted everywhere in this service.
 */
@ApplicationScoped
public class ConsentExpiry {

    private static final Logger LOG = Logger.getLogger(ConsentExpiry.class);
    private static final int BATCH = 200;

    private final Outbox outbox;
    private final Consents consents;
    private final Clock clock = Clock.systemUTC();

    ConsentExpiry(Outbox outbox, Consents consents) {
        this.outbox = outbox;
        this.consents = consents;
    }

    @Scheduled(every = "${cg.consents.expiry-check:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> onSchedule() {
        return run(clock.instant()).onFailure().invoke(e -> LOG.warn("consent expiry check failed; retried next time", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Sends the reminders and records the lapses due at {@code now}, batch after batch (each its own transaction)
     * until none is left; answers how many consents it touched.
     */
    public Uni<Integer> run(Instant now) {
        return run(now, 50); // at most 10 000 a run; the next run goes on
    }

    private Uni<Integer> run(Instant now, int batchesLeft) {
        return batch(now).chain(done -> done < BATCH || batchesLeft <= 1 ? Uni.createFrom().item(done)
                : run(now, batchesLeft - 1).map(more -> done + more));
    }

    private Uni<Integer> batch(Instant now) {
        // due: lapsed, or inside a reminder's window without that reminder sent yet; rows another replica holds
        // are skipped (it is handling them)
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT * FROM member_consent WHERE granted AND expires_at IS NOT NULL AND ("
                                + " expires_at <= :now"
                                + " OR (expires_at <= :first AND reminded_days IS NULL)"
                                + " OR (expires_at <= :last AND (reminded_days IS NULL OR reminded_days > :lastDays)))"
                                + " ORDER BY expires_at LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED", Consent.class)
                        .setParameter("now", utc(now))
                        .setParameter("first", utc(now.plus(Duration.ofDays(ConsentRules.REMINDER_DAYS.get(0)))))
                        .setParameter("last", utc(now.plus(Duration.ofDays(ConsentRules.REMINDER_DAYS.get(1)))))
                        .setParameter("lastDays", ConsentRules.REMINDER_DAYS.get(1))
                        .getResultList())
                .chain(due -> org.commonground.platform.reactive.Sequentially.each(due, consent -> handle(consent, now)).replaceWith(due.size())));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private Uni<Void> handle(Consent consent, Instant now) {
        if (!consent.expiresAt.isAfter(now)) {
            return Member.<Member>findById(consent.memberId)
                    .chain(member -> consents.withdraw(member, consent, ConsentEvents.Reason.EXPIRED, now))
                    .replaceWithVoid();
        }
        return ConsentRules.reminderDue(consent.expiresAt, consent.remindedDays, now).map(days -> {
            consent.remindedDays = days;
            String key = consent.memberId.toString();
            return outbox.add(EventType.CONSENT_EXPIRING, key, key, new ConsentEvents.ConsentExpiring(consent.memberId,
                    consent.purpose.slug(), consent.scope, consent.expiresAt, days, now));
        }).orElse(Uni.createFrom().voidItem());
    }
}
