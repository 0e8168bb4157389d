package org.commonground.benefit.policy;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.ledger.ContributionCredits;
import org.commonground.benefit.ledger.Ledger;
import org.commonground.benefit.partnership.PartnershipAccess;
import org.commonground.platform.events.EventType;
import org.commonground.platform.events.Outbox;
import org.commonground.platform.http.ETags;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Benefit policies: a partnership's stewards (or admins) write a draft, change it while it is a draft, and publish it;
 * published versions are public and never change. Publishing credits the contributions that waited for a policy.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PolicyResource {

    /** The payload of policy.published.v1. */
    record PolicyPublished(UUID policyId, UUID partnershipId, int version, Instant at) {
    }

    private final SecurityIdentity identity;
    private final Outbox outbox;
    private final Idempotency idempotency;
    private final ContributionCredits credits;
    private final Ledger ledger;
    private final Clock clock = Clock.systemUTC();

    PolicyResource(SecurityIdentity identity, Outbox outbox, Idempotency idempotency, ContributionCredits credits, Ledger ledger) {
        this.ledger = ledger;
        this.identity = identity;
        this.outbox = outbox;
        this.idempotency = idempotency;
        this.credits = credits;
    }

    @POST
    @Path("/policies")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Draft the next version of a partnership's benefit policy (its stewards and admins)")
    @APIResponse(responseCode = "201", description = "the draft, not yet public", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "400", description = "a missing weight, a negative number, a cap below the floor, an unknown format;"
            + " a change note is required for every version after the first")
    @APIResponse(responseCode = "409", description = "the partnership already has a draft (rule one-draft)")
    public Uni<Response> draft(@HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull(message = "a JSON body is required") PolicyTerms terms) {
        return idempotency.once(key, "POST /api/policies", terms, () -> requireSteward(terms.partnershipId())
                .chain(() -> BenefitPolicy.<BenefitPolicy>find("partnershipId = ?1 order by version desc", terms.partnershipId()).list())
                .chain(versions -> {
                    if (versions.stream().anyMatch(v -> v.status == BenefitPolicy.Status.DRAFT)) {
                        throw ProblemException.ruleBroken("one-draft", "This partnership already has a draft policy: change or publish it.");
                    }
                    if (!versions.isEmpty() && (terms.changeNote() == null || terms.changeNote().isBlank())) {
                        throw ProblemException.invalid("changeNote", "is required for a new version: say what changes and why");
                    }
                    Instant now = clock.instant();
                    BenefitPolicy policy = new BenefitPolicy();
                    policy.id = UUID.randomUUID();
                    policy.partnershipId = terms.partnershipId();
                    policy.version = versions.isEmpty() ? 1 : versions.get(0).version + 1;
                    policy.status = BenefitPolicy.Status.DRAFT;
                    policy.createdBy = identity.getPrincipal().getName();
                    policy.createdAt = now;
                    terms.applyTo(policy, LocalDate.ofInstant(now, ZoneOffset.UTC));
                    return policy.persistAndFlush().replaceWith(policy);
                })
                .map(p -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/policies/" + p.id)
                        .header(HttpHeaders.ETAG, ETags.of(p.revision)).entity(PolicyView.of(p)).build()));
    }

    @PUT
    @Path("/policies/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Change a draft policy (its partnership's stewards and admins); a published version never changes")
    @APIResponse(responseCode = "200", description = "the policy as changed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "409", description = "the version is published (rule published-is-immutable)")
    @APIResponse(responseCode = "412", description = "the draft changed since it was read")
    @APIResponse(responseCode = "428", description = "If-Match is missing")
    public Uni<Response> change(@PathParam("id") UUID id, @HeaderParam(ETags.IF_MATCH) String ifMatch,
            @Valid @NotNull(message = "a JSON body is required") PolicyTerms terms) {
        return BenefitPolicy.existing(id).call(p -> requireSteward(p.partnershipId)).map(p -> {
            if (!p.partnershipId.equals(terms.partnershipId())) {
                throw ProblemException.invalid("partnershipId", "is not the partnership of this policy");
            }
            if (p.status != BenefitPolicy.Status.DRAFT) {
                throw ProblemException.ruleBroken("published-is-immutable",
                        "Version " + p.version + " is published and never changes: draft a new version with a change note.");
            }
            ETags.require(ifMatch, p.revision);
            terms.applyTo(p, LocalDate.now(clock));
            if (p.version > 1 && p.changeNote == null) {
                throw ProblemException.invalid("changeNote", "is required for a new version: say what changes and why");
            }
            return p;
        }).call(p -> p.persistAndFlush())
                .map((BenefitPolicy p) -> Response.ok(PolicyView.of(p)).header(HttpHeaders.ETAG, ETags.of(p.revision)).build());
    }

    @POST
    @Path("/policies/{id}/publish")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Publish a draft policy (its partnership's stewards and admins): public and immutable from then on;"
            + " contributions waiting for a policy are credited under it")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "409", description = "already published")
    public Uni<PolicyView> publish(@PathParam("id") UUID id) {
        return BenefitPolicy.existing(id).call(p -> requireSteward(p.partnershipId)).call(p -> ledger.lock(p.partnershipId)).chain(p -> {
            if (p.status != BenefitPolicy.Status.DRAFT) {
                throw ProblemException.conflict("Version " + p.version + " is already published.");
            }
            Instant now = clock.instant();
            p.status = BenefitPolicy.Status.PUBLISHED;
            p.publishedAt = now;
            p.publishedBy = identity.getPrincipal().getName();
            String key = p.partnershipId.toString();
            return p.persistAndFlush().replaceWith(p)
                    .call(() -> outbox.add(EventType.POLICY_PUBLISHED, key, p.id.toString(), new PolicyPublished(p.id, p.partnershipId, p.version, now)))
                    .call(() -> credits.creditWaiting(p));
        }).map(PolicyView::of);
    }

    @GET
    @Path("/policies/{id}")
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN, Roles.PARTNER, Roles.AUDITOR })
    @WithSession
    @Operation(summary = "A policy version, a draft included (its partnership's stewards, partner, admins and auditors)")
    @APIResponse(responseCode = "200", description = "the version, with its ETag", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PolicyView.class)))
    public Uni<Response> read(@PathParam("id") UUID id) {
        return BenefitPolicy.existing(id).call(p -> PartnershipAccess.requireReader(identity, p.partnershipId))
                .map(p -> Response.ok(PolicyView.of(p)).header(HttpHeaders.ETAG, ETags.of(p.revision)).build());
    }

    @GET
    @Path("/public/policies/{id}")
    @PermitAll
    @WithSession
    @Operation(summary = "A published policy version (public); drafts are not found here")
    public Uni<PolicyView> published(@PathParam("id") UUID id) {
        return BenefitPolicy.<BenefitPolicy>findById(id)
                .map(p -> p == null || p.status != BenefitPolicy.Status.PUBLISHED ? null : PolicyView.of(p))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("No published benefit policy " + id + "."));
    }

    @GET
    @Path("/public/policies")
    @PermitAll
    @WithSession
    @Operation(summary = "A partnership's published policy versions, newest first (public)")
    public Uni<Page<PolicyView>> versions(@QueryParam("partnershipId") UUID partnershipId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        if (partnershipId == null) {
            throw ProblemException.invalid("partnershipId", "is required: whose policies");
        }
        PageRequest page = PageRequest.of(limit, cursor, 1);
        int below = page.first() ? Integer.MAX_VALUE : parseVersion(page.after(0));
        return BenefitPolicy.<BenefitPolicy>find("partnershipId = ?1 and status = ?2 and version < ?3 order by version desc",
                        partnershipId, BenefitPolicy.Status.PUBLISHED, below)
                .range(0, page.fetchSize() - 1).list()
                .map(rows -> page.page(rows, p -> List.of(Integer.toString(p.version)), PolicyView::of));
    }

    private static int parseVersion(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor this list issued");
        }
    }

    /** Policies are the community's: its stewards (of this partnership) and admins write them, not partners. */
    private Uni<Void> requireSteward(UUID partnershipId) {
        return PartnershipAccess.requireSteward(identity, partnershipId).replaceWithVoid();
    }
}
