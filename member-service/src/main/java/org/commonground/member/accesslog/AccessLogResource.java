package org.commonground.member.accesslog;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.member.profile.Member;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The access log: a member sees every read of their personal data by someone else; an auditor sees everyone's. */
@Path("/api/members")
@Produces(MediaType.APPLICATION_JSON)
public class AccessLogResource {

    /** One read, as the member sees it. */
    public record Read(String readerSubject, List<String> readerRoles, String clientId, String endpoint,
            List<String> fields, Instant at) {

        public static Read of(AccessLogEntry e) {
            return new Read(e.readerSubject, e.readerRoles, e.clientId, e.endpoint, e.fields, e.readAt);
        }
    }

    private final SecurityIdentity identity;
    private final AccessLog accessLog;

    AccessLogResource(SecurityIdentity identity, AccessLog accessLog) {
        this.identity = identity;
        this.accessLog = accessLog;
    }

    @GET
    @Path("/me/access-log")
    @RolesAllowed(Roles.MEMBER)
    @WithSession
    @Operation(summary = "Who read the caller's personal data, newest first: subject, roles, client, endpoint, fields, when")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "the caller has not joined")
    public Uni<Page<Read>> mine(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return Member.joined(identity.getPrincipal().getName()).chain(member -> reads(member, page));
    }

    @GET
    @Path("/{id}/access-log")
    @RolesAllowed({ Roles.AUDITOR, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Who read a member's personal data (auditors and admins); this read is itself logged for the member")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no such member")
    public Uni<Page<Read>> ofMember(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        PageRequest page = PageRequest.of(limit, cursor, 2);
        return Member.existing(id).chain(member -> reads(member, page)
                .call(() -> accessLog.read(member, "GET /api/members/{id}/access-log", List.of("accessLog"))));
    }

    private static Uni<Page<Read>> reads(Member member, PageRequest page) {
        String query = "memberId = :member" + (page.first() ? "" : " and (readAt < :at or (readAt = :at and id < :id))")
                + " order by readAt desc, id desc";
        Map<String, Object> params = page.first() ? Map.of("member", member.id)
                : Map.of("member", member.id, "at", page.afterInstant(0), "id", page.afterUuid(1));
        return AccessLogEntry.<AccessLogEntry>find(query, params).page(0, page.fetchSize()).list()
                .map(rows -> page.page(rows, e -> List.of(e.readAt.toString(), e.id.toString()), Read::of));
    }
}
