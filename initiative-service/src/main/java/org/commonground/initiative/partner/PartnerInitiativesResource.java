package org.commonground.initiative.partner;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.initiative.InitiativeResource;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A partner's view of the initiatives of its partnerships: each initiative, who takes part and the verified
 * contributions, with every participant named only as they allowed that partner (see {@link Participants}).
 */
@Path("/api/partner/initiatives")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class PartnerInitiativesResource {

    /** A participation, with the participant as the partner may see them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ParticipantView(String participant, boolean identified, String displayName, List<String> skills, String contactEmail,
            Instant joinedAt, Instant leftAt) {
    }

    /** A verified contribution; what the member wrote about it only when they are identified to this partner. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ContributionView(UUID id, String participant, boolean identified, String displayName, String type, String hours,
            String impact, LocalDate occurredOn, Instant verifiedAt, String description) {
    }

    private static final UUID FIRST = new UUID(0, 0);

    private final PartnerAccess access;
    private final Participants participants;
    private final InitiativeResource initiatives;
    private final Clock clock = Clock.systemUTC();

    PartnerInitiativesResource(PartnerAccess access, Participants participants, InitiativeResource initiatives) {
        this.access = access;
        this.participants = participants;
        this.initiatives = initiatives;
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One initiative of the caller's organization's partnerships: stage, plan, milestones, progress, criteria")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no initiative of the caller's organization's partnerships has this id")
    public Uni<InitiativeResource.InitiativeView> initiative(@PathParam("id") UUID id) {
        return access.initiative(id).chain(i -> initiatives.get(id));
    }

    @GET
    @Path("/{id}/participants")
    @WithTransaction
    @Operation(summary = "Who takes (or took) part, first joined first: named, with skills and contact, only as each member allowed this partner",
            description = "A participant is named (participant = their member id, with displayName and skills) only while they grant "
                    + "partner-profile-sharing for this partnership or for all, and their contactEmail appears only while they grant "
                    + "partner-contact too. Anyone else is a pseudonym (participant-…) that stays the same for this organization and "
                    + "differs for every other. A withdrawal applies from the next call. Each read of a named participant is written "
                    + "to that member's access log.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no initiative of the caller's organization's partnerships has this id")
    public Uni<Page<ParticipantView>> participants(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        Instant now = clock.instant();
        return access.initiative(id).chain(i -> NativeSql.rows("SELECT pa.id, pa.member_id, pa.joined_at, pa.left_at, "
                                + Participants.columns("pa") + " FROM participation pa LEFT JOIN partner_profile pp ON pp.member_id = pa.member_id"
                                + " WHERE pa.initiative_id = ?1 AND (pa.joined_at, pa.id) > (?3, ?4) ORDER BY pa.joined_at, pa.id LIMIT ?5",
                        id, i.partnershipId.toString(), page.first() ? Instant.EPOCH : page.afterInstant(0),
                        page.first() ? FIRST : page.afterUuid(1), page.fetchSize()))
                .chain(rows -> {
                    List<Participants.Who> served = new ArrayList<>();
                    Page<ParticipantView> answer = page.page(rows, r -> List.of(NativeSql.instant(r[2]).toString(), r[0].toString()), r -> {
                        Participants.Who who = participants.who((UUID) r[1], r, 4);
                        served.add(who);
                        return new ParticipantView(who.participant(), who.identified(), who.displayName(), who.skills(), who.contactEmail(),
                                NativeSql.instant(r[2]), r[3] == null ? null : NativeSql.instant(r[3]));
                    });
                    return participants.logReads(served, List.of("displayName", "skills"),
                            "GET /api/partner/initiatives/" + id + "/participants", now).replaceWith(answer);
                });
    }

    @GET
    @Path("/{id}/contributions")
    @WithTransaction
    @Operation(summary = "The initiative's verified contributions, first verified first, each by a participant named as they allowed this partner",
            description = "Type, hours, impact and date always; who made it and what they wrote only while the member grants "
                    + "partner-profile-sharing for this partnership (or all); otherwise the same pseudonym as in the participants list. "
                    + "Each read of a named participant is written to that member's access log.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no initiative of the caller's organization's partnerships has this id")
    public Uni<Page<ContributionView>> contributions(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        Instant now = clock.instant();
        return access.initiative(id).chain(i -> NativeSql.rows("SELECT c.id, c.member_id, c.type, c.hours, c.impact, c.occurred_on,"
                                + " c.decided_at, c.description, " + Participants.columns("c") + " FROM contribution c"
                                + " LEFT JOIN partner_profile pp ON pp.member_id = c.member_id WHERE c.initiative_id = ?1 AND c.status = 'VERIFIED'"
                                + " AND (c.decided_at, c.id) > (?3, ?4) ORDER BY c.decided_at, c.id LIMIT ?5",
                        id, i.partnershipId.toString(), page.first() ? Instant.EPOCH : page.afterInstant(0),
                        page.first() ? FIRST : page.afterUuid(1), page.fetchSize()))
                .chain(rows -> {
                    List<Participants.Who> served = new ArrayList<>();
                    Page<ContributionView> answer = page.page(rows, r -> List.of(NativeSql.instant(r[6]).toString(), r[0].toString()), r -> {
                        Participants.Who who = participants.who((UUID) r[1], r, 8);
                        served.add(new Participants.Who(who.participant(), who.identified(), who.displayName(), null, null));
                        return new ContributionView((UUID) r[0], who.participant(), who.identified(), who.displayName(), (String) r[2],
                                ((BigDecimal) r[3]).stripTrailingZeros().toPlainString(), (String) r[4], (LocalDate) r[5],
                                NativeSql.instant(r[6]), who.identified() ? (String) r[7] : null);
                    });
                    return participants.logReads(served, List.of("displayName", "contributionDescriptions"),
                            "GET /api/partner/initiatives/" + id + "/contributions", now).replaceWith(answer);
                });
    }
}
