package org.commonground.member.datarights;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.commonground.member.accesslog.AccessLogEntry;
import org.commonground.member.accesslog.AccessLogResource;
import org.commonground.member.consent.Consent;
import org.commonground.member.consent.ConsentChange;
import org.commonground.member.consent.ConsentNotices;
import org.commonground.member.consent.ConsentResource;
import org.commonground.member.consent.Consents;
import org.commonground.member.group.Roster;
import org.commonground.member.leadership.Leadership;
import org.commonground.member.leadership.LeadershipTerm;
import org.commonground.member.profile.Member;
import org.commonground.member.profile.Profile;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A member's rights over their data: a copy of everything held about them, and erasure. */
@Path("/api/members")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class DataRightsResource {

    /** A group the member belongs to. */
    public record Membership(UUID groupId, String name, Instant joinedAt) {
    }

    /** A leadership term the member served or will serve. */
    public record Term(UUID id, UUID groupId, LocalDate startsOn, LocalDate endsOn, LocalDate endedOn, String endedReason) {
    }

    /** Everything member-service holds about one member. */
    public record Export(Instant exportedAt, Profile.Own profile, List<Membership> groups, List<UUID> stewardOf,
            List<Term> leadershipTerms, List<UUID> shadowingTerms, List<ConsentResource.ConsentState> consents,
            List<ConsentResource.HistoryEntry> consentHistory, List<AccessLogResource.Read> accessLog,
            org.commonground.member.mentorship.MentorshipResource.Held mentorship) {
    }

    /** The payload of member.erased.v1. */
    record MemberErased(UUID memberId, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Consents consents;
    private final ConsentNotices notices;
    private final Leadership leadership;
    private final Idempotency idempotency;
    private final Clock clock = Clock.systemUTC();

    DataRightsResource(SecurityIdentity identity, Outbox outbox, Consents consents, ConsentNotices notices, Leadership leadership,
            Idempotency idempotency) {
        this.idempotency = idempotency;
        this.identity = identity;
        this.outbox = outbox;
        this.consents = consents;
        this.notices = notices;
        this.leadership = leadership;
    }

    @GET
    @Path("/me/export")
    @WithSession
    @Operation(summary = "Everything member-service holds about the caller, as one JSON document",
            description = "Profile, groups, stewardships, leadership terms and shadowings, consents with their full history, "
                    + "mentoring offers, requests, mentorships and sessions, and every read of the caller's data by someone else.")
    @APIResponse(responseCode = "200", description = "everything held about the caller", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Export.class)))
    @APIResponse(responseCode = "404", description = "the caller has not joined")
    public Uni<Response> export() {
        Instant now = clock.instant();
        return Member.joined(identity.getPrincipal().getName()).chain(member -> {
            UUID id = member.id;
            var parts = new java.util.HashMap<String, Object>();
            return memberships(id).invoke(v -> parts.put("groups", v))
                    .chain(() -> Roster.stewardedBy(id)).invoke(v -> parts.put("stewardOf", v))
                    .chain(() -> LeadershipTerm.<LeadershipTerm>list("memberId = ?1 order by startsOn", id))
                    .invoke(v -> parts.put("terms", v.stream()
                            .map(t -> new Term(t.id, t.groupId, t.startsOn, t.endsOn, t.endedOn, t.endedReason)).toList()))
                    .chain(() -> Leadership.shadowing(id)).invoke(v -> parts.put("shadowing", v))
                    .chain(() -> notices.currentVersions())
                    .chain(versions -> Consent.<Consent>list("memberId = ?1 order by purpose, scopeKey", id)
                            .invoke(v -> parts.put("consents", v.stream()
                                    .map(c -> ConsentResource.ConsentState.of(c, versions.getOrDefault(c.purpose, 0), now)).toList())))
                    .chain(() -> ConsentChange.<ConsentChange>list("memberId = ?1 order by changedAt, id", id))
                    .invoke(v -> parts.put("history", v.stream().map(ConsentResource.HistoryEntry::of).toList()))
                    .chain(() -> org.commonground.member.mentorship.MentorshipResource.heldAbout(id)).invoke(v -> parts.put("mentorship", v))
                    .chain(() -> AccessLogEntry.<AccessLogEntry>list("memberId = ?1 order by readAt, id", id))
                    .map(reads -> new Export(now, Profile.Own.of(member), get(parts, "groups"), get(parts, "stewardOf"),
                            get(parts, "terms"), get(parts, "shadowing"), get(parts, "consents"), get(parts, "history"),
                            reads.stream().map(AccessLogResource.Read::of).toList(),
                            (org.commonground.member.mentorship.MentorshipResource.Held) parts.get("mentorship")));
        }).map(export -> Response.ok(export)
                .header("Content-Disposition", "attachment; filename=\"commonground-member-export.json\"").build());
    }

    @DELETE
    @Path("/me")
    @WithTransaction
    @Operation(summary = "Erase the caller: personal fields go, the id stays as a pseudonym for ledgers, member.erased.v1 goes out",
            description = "Every granted consent is withdrawn (reason erased), the member leaves every group, running and "
                    + "upcoming leadership terms end, their mentoring offers and requests close and their mentorships end, the access log about them is deleted. The same identity may join "
                    + "again afterwards, as a new member.")
    @APIResponse(responseCode = "204", description = "erased")
    @APIResponse(responseCode = "404", description = "the caller has not joined (or was erased already)")
    public Uni<Void> erase() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String subject = identity.getPrincipal().getName();
        // the member row stays locked until the erasure commits: a consent, a join or a term for them waits, then
        // finds nobody
        return Member.joinedAndLocked(subject, true)
                .call(member -> consents.withdrawAll(member, now))
                .call(member -> Roster.forget(member.id)) // first: an erased member is nobody's steward when leadership opens
                .call(member -> leadership.forget(member.id, today, now))
                .call(member -> org.commonground.member.mentorship.Mentorships.forget(member.id, now))
                .call(member -> AccessLogEntry.delete("memberId", member.id))
                .call(() -> idempotency.forget(subject)) // kept answers may repeat their profile
                .call(member -> {
                    member.erase(now);
                    return member.persistAndFlush();
                })
                .call(member -> outbox.add(EventType.MEMBER_ERASED, member.id.toString(), member.id.toString(),
                        new MemberErased(member.id, now)))
                .replaceWithVoid();
    }

    private static Uni<List<Membership>> memberships(UUID memberId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT g.id, g.name, m.joined_at FROM group_membership m JOIN affinity_group g ON g.id = m.group_id"
                                + " WHERE m.member_id = ?1 ORDER BY m.joined_at", Object[].class)
                .setParameter(1, memberId).getResultList())
                .map(rows -> rows.stream().map(r -> new Membership((UUID) r[0], (String) r[1], NativeSql.instant(r[2]))).toList());
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> get(java.util.Map<String, Object> parts, String name) {
        return (List<T>) parts.get(name);
    }

}
