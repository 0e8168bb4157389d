package org.commonground.member.consent;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.member.profile.Member;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A member's own consents. Granting and withdrawing are one call each, never penalised; each change is a history
 * row and an event, written in one transaction. Only the caller's own consents can be reached: there is no member
 * id in these paths.
 */
@Path("/api/members/me/consents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class ConsentResource {

    /** What the member decides. Only {@code granted} is required. */
    public record DecisionRequest(
            @NotNull(message = "must be true or false") Boolean granted,
            UUID partnershipId,
            LocalDate expiresOn,
            @Min(value = 1, message = "must be a notice version (1 or more)") Integer noticeVersion,
            @Pattern(regexp = "[a-z]{2,3}(-[A-Z]{2})?", message = "must be a language tag such as en or es") String language) {
    }

    /** A consent as its member sees it, with the notice version they agreed to and the one that is current. */
    public record ConsentState(String purpose, UUID partnershipId, boolean granted, Integer noticeVersion,
            String noticeLanguage, int currentNoticeVersion, boolean noticeChangedSinceGrant, Instant expiresAt,
            Instant changedAt) {

        public static ConsentState of(Consent c, int current, Instant now) {
            boolean holds = c.holds(now);
            return new ConsentState(c.purpose.slug(), c.scope, holds, c.noticeVersion, c.noticeLanguage, current,
                    holds && c.noticeVersion != null && c.noticeVersion < current, holds ? c.expiresAt : null, c.changedAt);
        }

        static ConsentState never(ConsentPurpose purpose, int current) {
            return new ConsentState(purpose.slug(), null, false, null, null, current, false, null, null);
        }
    }

    /** One grant or withdrawal in the member's history. */
    public record HistoryEntry(String purpose, UUID partnershipId, boolean granted, Integer noticeVersion,
            String noticeLanguage, Instant expiresAt, String reason, Instant at) {

        public static HistoryEntry of(ConsentChange c) {
            return new HistoryEntry(c.purpose.slug(), c.scope, c.granted, c.noticeVersion, c.noticeLanguage,
                    c.expiresAt, c.reason, c.changedAt);
        }
    }

    private final SecurityIdentity identity;
    private final Consents consents;
    private final ConsentNotices notices;
    private final Clock clock = Clock.systemUTC();

    ConsentResource(SecurityIdentity identity, Consents consents, ConsentNotices notices) {
        this.identity = identity;
        this.consents = consents;
        this.notices = notices;
    }

    @GET
    @WithSession
    @Operation(summary = "Every purpose with the caller's decision (not granted until they grant it), then their scoped grants")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "the caller has not joined")
    public Uni<List<ConsentState>> mine() {
        Instant now = clock.instant();
        return me().chain(member -> Consent.<Consent>list("memberId", member.id))
                .chain(list -> notices.currentVersions().map(versions -> {
                    List<ConsentState> states = new ArrayList<>();
                    for (ConsentPurpose purpose : ConsentPurpose.values()) {
                        int current = versions.getOrDefault(purpose, 0);
                        states.add(list.stream().filter(c -> c.purpose == purpose && c.scope == null).findFirst()
                                .map(c -> ConsentState.of(c, current, now)).orElse(ConsentState.never(purpose, current)));
                        list.stream().filter(c -> c.purpose == purpose && c.scope != null)
                                .sorted(Comparator.comparing(c -> c.scopeKey))
                                .map(c -> ConsentState.of(c, current, now)).forEach(states::add);
                    }
                    return states;
                }));
    }

    @PUT
    @Path("/{purpose}")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Grant or withdraw a consent, for every partnership or (partnershipId) for one",
            description = "A grant records the notice version the member saw (send noticeVersion to be sure it is the "
                    + "current one) and may expire (expiresOn; some purposes lapse after at most 12 or 24 months). "
                    + "Sending the decision that already holds changes nothing.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "granted missing or not a boolean, a scope on a community-wide purpose, a bad expiry")
    @APIResponse(responseCode = "404", description = "no such purpose, or the caller has not joined")
    @APIResponse(responseCode = "409", description = "rule notice-changed: the notice changed since the member read it")
    public Uni<ConsentState> decide(@PathParam("purpose") String slug,
            @Valid @NotNull(message = "a JSON body {\"granted\": true|false} is required") DecisionRequest request) {
        ConsentPurpose purpose = ConsentPurposeResource.purpose(slug);
        Instant now = clock.instant();
        Consents.Decision decision = new Consents.Decision(request.granted(), request.partnershipId(),
                request.expiresOn(), request.noticeVersion(), request.language());
        return Member.joinedAndLocked(identity.getPrincipal().getName(), false)
                .chain(member -> consents.decide(member, purpose, decision, now))
                .chain(consent -> notices.currentVersion(purpose).map(current -> ConsentState.of(consent, current, now)));
    }

    @GET
    @Path("/history")
    @WithSession
    @Operation(summary = "Every grant and withdrawal of the caller's consents, newest first (append-only)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    public Uni<Page<HistoryEntry>> history(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return me().chain(member -> {
            String query = "memberId = :member" + (page.first() ? "" : " and (changedAt < :at or (changedAt = :at and id < :id))")
                    + " order by changedAt desc, id desc";
            Map<String, Object> params = page.first() ? Map.of("member", member.id)
                    : Map.of("member", member.id, "at", page.afterInstant(0), "id", page.afterUuid(1));
            return ConsentChange.<ConsentChange>find(query, params).page(0, page.fetchSize()).list();
        }).map(rows -> page.page(rows, c -> List.of(c.changedAt.toString(), c.id.toString()), HistoryEntry::of));
    }

    private Uni<Member> me() {
        return Member.joined(identity.getPrincipal().getName());
    }
}
