package org.commonground.member.directory;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commonground.member.accesslog.AccessLog;
import org.commonground.member.consent.Consent;
import org.commonground.member.consent.ConsentPurpose;
import org.commonground.member.group.AffinityGroup;
import org.commonground.member.group.GroupAccess;
import org.commonground.member.group.Roster;
import org.commonground.member.profile.Member;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.validation.QueryIds;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.reactive.Sequentially;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The member directory: other members and stewards find members who chose to be listed. Every card served is a
 * read of that member's personal data, written to their access log in the same transaction.
 */
@Path("/api/members")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.MEMBER, Roles.STEWARD })
public class DirectoryResource {

    private static final String LISTED = "EXISTS (SELECT 1 FROM member_consent c WHERE c.member_id = m.id"
            + " AND c.purpose = 'DIRECTORY_LISTING' AND c.scope_key = '' AND c.granted"
            + " AND (c.expires_at IS NULL OR c.expires_at > :now))";

    private final AccessLog accessLog;
    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    DirectoryResource(AccessLog accessLog, SecurityIdentity identity) {
        this.accessLog = accessLog;
        this.identity = identity;
    }

    @GET
    @WithTransaction
    @Operation(summary = "The directory: members who allow directory-listing, by name; filter by skill, group or text")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, a cursor this list did not issue, a too long skill or text, a group that is not an id")
    @APIResponse(responseCode = "403", description = "a members-only group the caller neither belongs to nor stewards")
    @APIResponse(responseCode = "404", description = "no such group")
    public Uni<Page<MemberCard>> directory(@QueryParam("skill") String skill, @QueryParam("group") String group,
            @QueryParam("q") String q, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        UUID groupId = QueryIds.optional("group", group, "a group id");
        check("skill", skill, 40);
        check("q", q, 100);
        Instant now = clock.instant();
        StringBuilder sql = new StringBuilder("SELECT m.* FROM member m WHERE m.erased_at IS NULL AND ").append(LISTED);
        Map<String, Object> params = new HashMap<>();
        params.put("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        if (skill != null && !skill.isBlank()) {
            sql.append(" AND EXISTS (SELECT 1 FROM unnest(m.skills) s WHERE lower(s) = :skill)");
            params.put("skill", skill.strip().toLowerCase(Locale.ROOT));
        }
        if (groupId != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM group_membership g WHERE g.member_id = m.id AND g.group_id = :group)");
            params.put("group", groupId);
        }
        if (q != null && !q.isBlank()) {
            sql.append(" AND (m.display_name ILIKE :q ESCAPE '!' OR m.bio ILIKE :q ESCAPE '!'"
                    + " OR m.location_area ILIKE :q ESCAPE '!' OR EXISTS (SELECT 1 FROM unnest(m.skills) s WHERE s ILIKE :q ESCAPE '!'))");
            params.put("q", "%" + q.strip().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
        }
        if (!page.first()) {
            sql.append(" AND (lower(m.display_name), m.id) > (:name, :id)");
            params.put("name", page.after(0));
            params.put("id", page.afterUuid(1));
        }
        sql.append(" ORDER BY lower(m.display_name), m.id LIMIT ").append(page.fetchSize());
        Uni<Void> groupVisible = groupId == null ? Uni.createFrom().voidItem() : AffinityGroup.existing(groupId)
                .chain(this::mayListMembersOf);
        String endpoint = groupId == null ? "GET /api/members" : "GET /api/members?group=";
        return groupVisible.chain(() -> Panache.getSession().chain(session -> {
                    var query = session.createNativeQuery(sql.toString(), Member.class);
                    params.forEach(query::setParameter);
                    return query.getResultList();
                }))
                .chain(rows -> {
                    List<Member> served = rows.size() > page.limit() ? rows.subList(0, page.limit()) : rows;
                    return contactAllowed(served.stream().map(m -> m.id).collect(Collectors.toSet()), now).chain(contact -> {
                        Map<UUID, MemberCard> cards = new HashMap<>();
                        served.forEach(m -> cards.put(m.id, MemberCard.listed(m, contact.contains(m.id))));
                        return Sequentially.each(served, m -> accessLog.read(m, endpoint, fieldsRead(cards.get(m.id), groupId)))
                                .map(done -> page.page(rows, m -> List.of(m.displayName.toLowerCase(Locale.ROOT), m.id.toString()),
                                        m -> cards.get(m.id)));
                    });
                });
    }

    @GET
    @Path("/{id}")
    @WithTransaction
    @Operation(summary = "Another member's card: what they made visible (nothing but the id without directory-listing)")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such member")
    public Uni<MemberCard> card(@PathParam("id") UUID id) {
        Instant now = clock.instant();
        return Member.existing(id).chain(member -> holds(member.id, ConsentPurpose.DIRECTORY_LISTING, now).chain(listed -> {
            if (!listed) {
                return Uni.createFrom().item(MemberCard.unlisted(member.id));
            }
            return contactAllowed(Set.of(member.id), now).map(contact -> MemberCard.listed(member, contact.contains(member.id)))
                    .call(card -> accessLog.read(member, "GET /api/members/{id}", card.fieldsShown()));
        }));
    }

    /**
     * Who belongs to a public group may be listed to members; who belongs to a members-only group (often a shared
     * identity) only to its own members and stewards.
     */
    private Uni<Void> mayListMembersOf(AffinityGroup group) {
        return GroupAccess.maySeeWhoBelongs(identity, group)
                .invoke(allowed -> {
                    if (!allowed) {
                        throw new ProblemException(ProblemType.FORBIDDEN, "Only the members and stewards of '" + group.name
                                + "' see who belongs to it: it is a members-only group.");
                    }
                }).replaceWithVoid();
    }

    /** A listing filtered by group also tells that the member belongs to it. */
    private static List<String> fieldsRead(MemberCard card, UUID groupId) {
        List<String> fields = new java.util.ArrayList<>(card.fieldsShown());
        if (groupId != null) {
            fields.add("groups");
        }
        return fields;
    }

    private static Uni<Boolean> holds(UUID memberId, ConsentPurpose purpose, Instant now) {
        return org.commonground.member.consent.Consents.holds(memberId, purpose, now);
    }

    /** Of these members, those whose community-wide partner-contact consent holds: only they show a contact email. */
    private static Uni<Set<UUID>> contactAllowed(Set<UUID> memberIds, Instant now) {
        if (memberIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return Consent.<Consent>list("memberId in ?1 and purpose = ?2 and scopeKey = ''", memberIds, ConsentPurpose.PARTNER_CONTACT)
                .map(consents -> consents.stream().filter(c -> c.holds(now)).map(c -> c.memberId).collect(Collectors.toSet()));
    }

    private static void check(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ProblemException.invalid(field, "must be at most " + max + " characters");
        }
        if (value != null && value.codePoints().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid(field, "must not contain control characters");
        }
    }
}
