package org.commonground.member.consent;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.commonground.member.profile.Member;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * A member's own consents. Granting and withdrawing are one call each, never penalised; each change is a history
 * row and an event, written in one transaction.
 */
@Path("/api/members/me/consents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class ConsentResource {

    /** What the member decides: exactly {@code {"granted": true|false}}. */
    public record Decision(@NotNull(message = "must be true or false") Boolean granted) {
    }

    /** A consent as its member sees it. */
    public record ConsentState(String purpose, UUID scope, boolean granted, Integer noticeVersion, Instant changedAt) {
        static ConsentState of(Consent c) {
            return new ConsentState(c.purpose.slug(), c.scope, c.granted, c.noticeVersion, c.changedAt);
        }

        static ConsentState never(ConsentPurpose purpose) {
            return new ConsentState(purpose.slug(), null, false, null, null);
        }
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Clock clock = Clock.systemUTC();

    ConsentResource(SecurityIdentity identity, Outbox outbox) {
        this.identity = identity;
        this.outbox = outbox;
    }

    @GET
    @WithSession
    @Operation(summary = "Every purpose with the caller's decision (not granted until they grant it), and scoped grants")
    public Uni<List<ConsentState>> mine() {
        return me().chain(member -> Consent.<Consent>list("memberId", member.id)).map(consents -> {
            List<ConsentState> states = new ArrayList<>();
            for (ConsentPurpose purpose : ConsentPurpose.values()) {
                states.add(consents.stream().filter(c -> c.purpose == purpose && c.scope == null).findFirst()
                        .map(ConsentState::of).orElse(ConsentState.never(purpose)));
                consents.stream().filter(c -> c.purpose == purpose && c.scope != null)
                        .sorted(Comparator.comparing(c -> c.scopeKey)).map(ConsentState::of).forEach(states::add);
            }
            return states;
        });
    }

    @PUT
    @Path("/{purpose}")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Grant or withdraw a consent, for every partnership or (?scope=partnershipId) for one")
    public Uni<ConsentState> decide(@PathParam("purpose") String slug, @QueryParam("scope") UUID scope,
            @Valid @NotNull(message = "a JSON body {\"granted\": true|false} is required") Decision decision) {
        ConsentPurpose purpose = ConsentPurpose.of(slug).orElseThrow(() -> ProblemException.notFound(
                "There is no consent purpose '" + slug + "'. The purposes are listed at /api/consent-purposes."));
        if (scope != null && !purpose.scopable()) {
            throw ProblemException.invalid("scope", purpose.slug() + " holds for the whole community; it cannot be limited to a partnership");
        }
        Instant now = clock.instant();
        return me().chain(member -> Consent.<Consent>find("memberId = ?1 and purpose = ?2 and scopeKey = ?3",
                        member.id, purpose, scope == null ? Consent.EVERY_PARTNERSHIP : scope.toString()).firstResult()
                .map(existing -> existing != null ? existing : Consent.notGrantedYet(member.id, purpose, scope, now)))
                .chain(consent -> consent.granted == decision.granted()
                        ? Uni.createFrom().item(ConsentState.of(consent)) // nothing changes, nothing is recorded
                        : change(consent, decision.granted(), now));
    }

    private Uni<ConsentState> change(Consent consent, boolean granted, Instant now) {
        consent.granted = granted;
        consent.noticeVersion = granted ? consent.purpose.noticeVersion() : consent.noticeVersion;
        consent.changedAt = now;
        String memberId = consent.memberId.toString();
        Object event = granted
                ? new ConsentEvents.ConsentGranted(consent.memberId, consent.purpose.slug(), consent.scope,
                        consent.purpose.noticeVersion(), now)
                : new ConsentEvents.ConsentWithdrawn(consent.memberId, consent.purpose.slug(), consent.scope, now);
        return consent.<Consent>persist()
                .call(saved -> ConsentChange.of(saved).persist())
                .call(saved -> outbox.add(granted ? EventType.CONSENT_GRANTED : EventType.CONSENT_WITHDRAWN,
                        memberId, memberId, event))
                .map(ConsentState::of);
    }

    private Uni<Member> me() {
        return Member.joined(identity.getPrincipal().getName());
    }
}
