package org.commonground.initiative.disclosure;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.problem.ProblemType;
import org.commonground.platform.security.PartnerOrganization;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Conflict-of-interest disclosures by a partnership's stewards and its partner's representatives: public. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DisclosureResource {

    public record NewDisclosure(
            @NotBlank(message = "must not be blank: which interest, in plain words") @Size(max = 1000, message = "must be at most 1000 characters")
            @PlainText(multiline = true) String interest,
            @NotNull(message = "is required") @PastOrPresent(message = "must not be in the future") LocalDate since) {
    }

    /** A disclosure as anyone reads it. */
    public record DisclosureView(UUID id, String who, String role, String interest, LocalDate since, Instant disclosedAt) {
        static DisclosureView of(Disclosure d) {
            return new DisclosureView(d.id, d.discloserName, d.discloserRole, d.interest, d.since, d.disclosedAt);
        }
    }

    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    DisclosureResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @POST
    @Path("/partnerships/{id}/disclosures")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN, Roles.PARTNER })
    @WithTransaction
    @Operation(summary = "Disclose an interest in the partnership (its stewards, admins, or its partner's clients); public at once")
    @APIResponse(responseCode = "201", description = "disclosed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DisclosureView.class)))
    @APIResponse(responseCode = "403", description = "the caller neither stewards the partnership nor represents its partner")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<Response> disclose(@PathParam("id") UUID id,
            @Valid @NotNull(message = "a JSON body {\"interest\", \"since\"} is required") NewDisclosure body) {
        if (body.since().getYear() < 1900) {
            throw ProblemException.invalid("since", "must be after 1900");
        }
        return Partnership.existing(id).call(p -> mayDisclose(p)).map(p -> {
            Disclosure d = new Disclosure();
            d.id = UUID.randomUUID();
            d.partnershipId = id;
            d.discloserSubject = identity.getPrincipal().getName();
            d.discloserName = Stewardship.actingName(identity);
            d.discloserRole = identity.hasRole(Roles.PARTNER) ? "partner" : identity.hasRole(Roles.ADMIN) ? "admin" : "steward";
            d.interest = body.interest().strip();
            d.since = body.since();
            d.disclosedAt = clock.instant();
            return d;
        }).call(d -> d.persist()).map(d -> Response.status(Response.Status.CREATED).entity(DisclosureView.of(d)).build());
    }

    @GET
    @Path("/public/partnerships/{id}/disclosures")
    @PermitAll
    @WithSession
    @Operation(summary = "Every conflict-of-interest disclosure of the partnership, oldest first")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<List<DisclosureView>> list(@PathParam("id") UUID id) {
        return Partnership.existing(id)
                .chain(p -> Disclosure.<Disclosure>list("partnershipId = ?1 order by disclosedAt, id", id))
                .map(all -> all.stream().map(DisclosureView::of).toList());
    }

    private Uni<Void> mayDisclose(Partnership partnership) {
        if (identity.hasRole(Roles.PARTNER)) {
            if (!PartnerOrganization.of(identity).filter(o -> o.equals(partnership.partnerOrganization)).isPresent()) {
                throw new ProblemException(ProblemType.FORBIDDEN, "Only this partnership's partner discloses for it.");
            }
            return Uni.createFrom().voidItem();
        }
        return Stewardship.require(identity, partnership.id);
    }
}
