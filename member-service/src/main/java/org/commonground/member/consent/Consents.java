package org.commonground.member.consent;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.commonground.member.consent.ConsentEvents.Reason;
import org.commonground.member.partnership.KnownPartnership;
import org.commonground.member.profile.Member;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.reactive.Sequentially;

/**
 * Every change of a consent goes through here: the decision, its history row and its event are written in the
 * caller's transaction, whoever changes it (the member, an expiry, an erasure). The public profile follows
 * public-recognition: a name goes out only while it holds, and is withdrawn when it stops.
 */
@ApplicationScoped
public class Consents {

    /** What a member decides about one purpose (and scope). */
    public record Decision(boolean granted, UUID scope, LocalDate expiresOn, Integer noticeVersion, String language) {
    }

    private final Outbox outbox;
    private final ConsentNotices notices;

    private final MeterRegistry metrics;

    /**
     * Counts consent changes for ops (metric commonground.consent.changes, tags purpose, change granted or withdrawn,
     * reason): as each is made in its transaction, so one whose commit then fails counts too.
     */
    private void count(Consent consent, String change, Reason reason) {
        metrics.counter("commonground.consent.changes", "purpose", consent.purpose.slug(), "change", change, "reason", reason.slug())
                .increment();
    }

    /** every purpose's grants and withdrawals by members are on /q/metrics from the start, at zero */
    void registerMetrics(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent started) {
        for (ConsentPurpose purpose : ConsentPurpose.values()) {
            for (String change : java.util.List.of("granted", "withdrawn")) {
                metrics.counter("commonground.consent.changes", "purpose", purpose.slug(), "change", change, "reason", Reason.MEMBER.slug());
            }
        }
    }

    Consents(Outbox outbox, ConsentNotices notices, MeterRegistry metrics) {
        this.metrics = metrics;
        this.outbox = outbox;
        this.notices = notices;
    }

    /** Whether a member's community-wide consent to a purpose holds now. */
    public static Uni<Boolean> holds(UUID memberId, ConsentPurpose purpose, Instant now) {
        return Consent.<Consent>find("memberId = ?1 and purpose = ?2 and scopeKey = ?3", memberId, purpose,
                Consent.EVERY_PARTNERSHIP).firstResult().map(c -> c != null && c.holds(now));
    }

    /**
     * The names that may be shown publicly next to these members' work: those whose public-recognition holds now.
     * Everyone else stays unnamed.
     */
    public static Uni<java.util.Map<UUID, String>> recognisedNames(java.util.Collection<UUID> memberIds, Instant now) {
        if (memberIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Map.of());
        }
        return io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select m.id, m.displayName from Member m where m.id in :ids and m.erasedAt is null and exists ("
                                + "from Consent c where c.memberId = m.id and c.purpose = :purpose and c.scopeKey = '' "
                                + "and c.granted = true and (c.expiresAt is null or c.expiresAt > :now))", Object[].class)
                        .setParameter("ids", java.util.Set.copyOf(memberIds))
                        .setParameter("purpose", ConsentPurpose.PUBLIC_RECOGNITION)
                        .setParameter("now", now)
                        .getResultList())
                .map(rows -> rows.stream().collect(java.util.stream.Collectors.toMap(r -> (UUID) r[0], r -> (String) r[1])));
    }

    Uni<Consent> decide(Member member, ConsentPurpose purpose, Decision decision, Instant now) {
        if (decision.scope() != null && !purpose.scopable()) {
            throw ProblemException.invalid("partnershipId",
                    purpose.slug() + " holds for the whole community; it cannot be limited to a partnership");
        }
        if (!decision.granted() && decision.expiresOn() != null) {
            throw ProblemException.invalid("expiresOn", "only a grant can expire");
        }
        Instant requestedExpiry = decision.granted() ? ConsentRules.expiry(purpose, decision.expiresOn(), now) : null;
        String scopeKey = decision.scope() == null ? Consent.EVERY_PARTNERSHIP : decision.scope().toString();
        Uni<Void> scopeExists = decision.scope() == null || !decision.granted() ? Uni.createFrom().voidItem()
                : KnownPartnership.required(decision.scope()).replaceWithVoid();
        return scopeExists.chain(() -> Consent.<Consent>find("memberId = ?1 and purpose = ?2 and scopeKey = ?3", member.id, purpose, scopeKey)
                .firstResult()
                .map(existing -> existing != null ? existing : Consent.notGrantedYet(member.id, purpose, decision.scope(), now))
                .chain(consent -> {
                    if (!decision.granted()) {
                        return consent.granted
                                ? withdraw(member, consent, consent.holds(now) ? Reason.MEMBER : Reason.EXPIRED, now)
                                : Uni.createFrom().item(consent); // nothing held, nothing is recorded
                    }
                    boolean held = consent.holds(now);
                    // a grant that already holds keeps its language unless another is named
                    String language = decision.language() != null ? decision.language()
                            : held && consent.noticeLanguage != null ? consent.noticeLanguage : ConsentNotice.DEFAULT_LANGUAGE;
                    return notices.current(language).chain(current -> {
                        ConsentNotice seen = current.stream().filter(n -> n.purpose == purpose).findFirst()
                                .orElseThrow(() -> new IllegalStateException("no notice for " + purpose));
                        if (decision.noticeVersion() != null && decision.noticeVersion() != seen.version) {
                            throw ProblemException.ruleBroken("notice-changed", "The notice of " + purpose.slug()
                                    + " is now at version " + seen.version + " (you sent " + decision.noticeVersion()
                                    + "): show the member the current notice, then send its version. Nothing was changed.");
                        }
                        if (decision.language() != null && !seen.language.equals(language)) {
                            throw ProblemException.invalid("language", "there is no notice of " + purpose.slug() + " in '"
                                    + language + "'; it is available in " + ConsentNotice.DEFAULT_LANGUAGE);
                        }
                        boolean sameNotice = held && consent.noticeVersion != null && consent.noticeVersion == seen.version
                                && seen.language.equals(consent.noticeLanguage);
                        if (sameNotice && decision.expiresOn() == null) {
                            // the decision already holds: a retry, or a second tap, changes nothing
                            return Uni.createFrom().item(consent);
                        }
                        if (sameNotice && java.util.Objects.equals(consent.expiresAt, requestedExpiry)) {
                            return Uni.createFrom().item(consent);
                        }
                        return grant(member, consent, seen, requestedExpiry, held ? Reason.RENEWED : Reason.MEMBER, now);
                    });
                }));
    }

    private Uni<Consent> grant(Member member, Consent consent, ConsentNotice seen, Instant expiresAt, Reason reason, Instant now) {
        consent.granted = true;
        consent.noticeVersion = seen.version;
        consent.noticeLanguage = seen.language;
        consent.expiresAt = expiresAt;
        consent.remindedDays = null;
        consent.changedAt = now;
        String key = consent.memberId.toString();
        return consent.<Consent>persist()
                .call(saved -> ConsentChange.of(saved, reason).persist())
                .call(saved -> outbox.add(EventType.CONSENT_GRANTED, key, key, new ConsentEvents.ConsentGranted(
                        saved.memberId, saved.purpose.slug(), saved.scope, saved.noticeVersion, expiresAt, now)))
                .invoke(saved -> count(saved, "granted", reason))
                .call(saved -> isPublicRecognition(saved) && reason == Reason.MEMBER
                        ? publishProfile(member, now) : Uni.createFrom().voidItem())
                .call(saved -> isForPartners(saved) && reason == Reason.MEMBER
                        ? partnerProfile(member, now, true) : Uni.createFrom().voidItem());
    }

    /** Withdraws a consent that holds (or has lapsed without being recorded yet), for the reason given. */
    Uni<Consent> withdraw(Member member, Consent consent, Reason reason, Instant now) {
        consent.granted = false;
        consent.expiresAt = null;
        consent.remindedDays = null;
        consent.changedAt = now;
        String key = consent.memberId.toString();
        return consent.<Consent>persist()
                .call(saved -> ConsentChange.of(saved, reason).persist())
                .call(saved -> outbox.add(EventType.CONSENT_WITHDRAWN, key, key, new ConsentEvents.ConsentWithdrawn(
                        saved.memberId, saved.purpose.slug(), saved.scope, reason.slug(), now)))
                .invoke(saved -> count(saved, "withdrawn", reason))
                .call(saved -> isPublicRecognition(saved) ? outbox.add(EventType.MEMBER_PUBLIC_PROFILE_WITHDRAWN, key,
                        key, new ConsentEvents.PublicProfileWithdrawn(saved.memberId, now)) : Uni.createFrom().voidItem())
                .call(saved -> isForPartners(saved) ? partnerProfile(member, now, true) : Uni.createFrom().voidItem());
    }

    /** Erasure: every consent the member granted is withdrawn (reason erased), each with its event. */
    public Uni<Void> withdrawAll(Member member, Instant now) {
        return Consent.<Consent>list("memberId = ?1 and granted = true order by purpose, scopeKey", member.id)
                .chain(granted -> Sequentially.each(granted, c -> withdraw(member, c, Reason.ERASED, now)));
    }

    /** The member's name changed: the public profile follows while public-recognition holds. */
    public Uni<Void> profileChanged(Member member, Instant now) {
        return holds(member.id, ConsentPurpose.PUBLIC_RECOGNITION, now)
                .chain(recognised -> recognised ? publishProfile(member, now) : Uni.createFrom().voidItem());
    }

    private Uni<Void> publishProfile(Member member, Instant now) {
        String key = member.id.toString();
        return outbox.add(EventType.MEMBER_PUBLIC_PROFILE_PUBLISHED, key, key,
                new ConsentEvents.PublicProfilePublished(member.id, member.displayName, now));
    }

    /** The member's name, skills or contact changed: what partners may see follows while partner-profile-sharing holds. */
    public Uni<Void> partnerProfileChanged(Member member, Instant now) {
        return partnerProfile(member, now, false);
    }

    /**
     * What partners may see of a member, as their consents now stand (in any scope: which partner sees it follows the
     * scopes, in the services that serve partners): name and skills while partner-profile-sharing holds somewhere, the
     * contact email while partner-contact holds too. When sharing holds nowhere, every copy is withdrawn (on a consent
     * change only: a profile edit of a member who shares nothing says nothing).
     */
    private Uni<Void> partnerProfile(Member member, Instant now, boolean consentChanged) {
        String key = member.id.toString();
        // flushed first: a decision just made is seen as made
        return Panache.flush().chain(() -> Consent.<Consent>list("memberId = ?1 and purpose in ?2", member.id,
                        java.util.List.of(ConsentPurpose.PARTNER_PROFILE_SHARING, ConsentPurpose.PARTNER_CONTACT))
                .chain(consents -> {
                    boolean sharing = member.erasedAt == null && consents.stream()
                            .anyMatch(c -> c.purpose == ConsentPurpose.PARTNER_PROFILE_SHARING && c.holds(now));
                    boolean contact = consents.stream().anyMatch(c -> c.purpose == ConsentPurpose.PARTNER_CONTACT && c.holds(now));
                    if (sharing) {
                        return outbox.add(EventType.MEMBER_PARTNER_PROFILE_PUBLISHED, key, key, new ConsentEvents.PartnerProfilePublished(
                                member.id, member.displayName, List.copyOf(member.skills), contact ? member.contactEmail : null, now));
                    }
                    return consentChanged ? outbox.add(EventType.MEMBER_PARTNER_PROFILE_WITHDRAWN, key, key,
                            new ConsentEvents.PartnerProfileWithdrawn(member.id, now)) : Uni.createFrom().voidItem();
                }));
    }

    private static boolean isForPartners(Consent consent) {
        return consent.purpose == ConsentPurpose.PARTNER_PROFILE_SHARING || consent.purpose == ConsentPurpose.PARTNER_CONTACT;
    }

    private static boolean isPublicRecognition(Consent consent) {
        return consent.purpose == ConsentPurpose.PUBLIC_RECOGNITION && consent.scope == null;
    }

}
