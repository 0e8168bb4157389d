package org.commonground.initiative.partner;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.commonground.initiative.budget.BudgetResource;
import org.commonground.initiative.calendar.CalendarResource;
import org.commonground.initiative.decision.DecisionResource;
import org.commonground.initiative.initiative.InitiativeResource;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.initiative.partnership.PartnershipView;
import org.commonground.platform.paging.Page;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A partner organization's own partnerships, and no one else's: each with its initiatives (stages, milestones,
 * progress, criteria), decisions, calendar and budget against actuals, as the community publishes them. Another
 * organization's partnership is not found.
 */
@Path("/api/partner/partnerships")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.PARTNER)
public class PartnerPartnershipsResource {

    private final PartnerAccess access;
    private final InitiativeResource initiatives;
    private final DecisionResource decisions;
    private final CalendarResource calendar;
    private final BudgetResource budget;

    PartnerPartnershipsResource(PartnerAccess access, InitiativeResource initiatives, DecisionResource decisions, CalendarResource calendar,
            BudgetResource budget) {
        this.access = access;
        this.initiatives = initiatives;
        this.decisions = decisions;
        this.calendar = calendar;
        this.budget = budget;
    }

    @GET
    @WithSession
    @Operation(summary = "The partnerships of the caller's organization")
    public Uni<List<PartnershipView>> mine() {
        return Partnership.<Partnership>list("partnerOrganization = ?1 order by createdAt, id", access.organization())
                .map(list -> list.stream().map(PartnershipView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One of the caller's organization's partnerships; another organization's is not found")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no partnership of the caller's organization has this id")
    public Uni<PartnershipView> one(@PathParam("id") UUID id) {
        return access.partnership(id).map(PartnershipView::of);
    }

    @GET
    @Path("/{id}/initiatives")
    @WithSession
    @Operation(summary = "The partnership's initiatives, oldest first: stage and what may follow, plan, milestones, progress, criteria")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no partnership of the caller's organization has this id")
    public Uni<Page<InitiativeResource.InitiativeView>> initiatives(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return access.partnership(id).chain(p -> initiatives.list(id, limit, cursor));
    }

    @GET
    @Path("/{id}/decisions")
    @WithSession
    @Operation(summary = "Every decision of the partnership, oldest first, with its rationale")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a limit over 100, or a cursor this list did not issue")
    @APIResponse(responseCode = "404", description = "no partnership of the caller's organization has this id")
    public Uni<Page<DecisionResource.DecisionView>> decisions(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        return access.partnership(id).chain(p -> decisions.list(id, limit, cursor));
    }

    @GET
    @Path("/{id}/calendar")
    @WithSession
    @Operation(summary = "The partnership's calendar from 90 days back to 400 days ahead: activities, meetings, deadlines, milestones")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no partnership of the caller's organization has this id")
    public Uni<List<CalendarResource.EntryView>> calendar(@PathParam("id") UUID id) {
        return access.partnership(id).chain(p -> calendar.calendar(id));
    }

    @GET
    @Path("/{id}/budget")
    @WithSession
    @Operation(summary = "The partnership's budget: every line planned against what was spent, with totals per currency")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no partnership of the caller's organization has this id")
    public Uni<BudgetResource.BudgetView> budget(@PathParam("id") UUID id) {
        return access.partnership(id).chain(p -> budget.budget(id));
    }
}
