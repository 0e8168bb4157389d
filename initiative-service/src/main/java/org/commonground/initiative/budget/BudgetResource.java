package org.commonground.initiative.budget;

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
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commonground.initiative.decision.Decision;
import org.commonground.initiative.decision.DecisionLog;
import org.commonground.initiative.partnership.Partnership;
import org.commonground.initiative.partnership.Stewardship;
import org.commonground.platform.money.Money;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A partnership's budget: planned lines and what was spent against each, public to the cent. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class BudgetResource {

    public record NewLine(
            @NotBlank(message = "must not be blank") @Size(max = 80, message = "must be at most 80 characters") @PlainText String category,
            @NotBlank(message = "must not be blank") @Size(max = 500, message = "must be at most 500 characters") @PlainText String description,
            @NotNull(message = "is required") String planned,
            @NotNull(message = "is required") String currency) {
    }

    public record NewActual(
            @NotNull(message = "is required") String amount,
            @NotNull(message = "is required") @PastOrPresent(message = "must not be in the future: record money once it is spent") LocalDate spentOn,
            @NotBlank(message = "must not be blank: what it paid for") @Size(max = 500, message = "must be at most 500 characters") @PlainText String note) {
    }

    public record ActualView(UUID id, String amount, LocalDate spentOn, String note, Instant recordedAt) {
    }

    public record LineView(UUID id, String category, String description, String currency, String planned, String spent,
            String remaining, List<ActualView> actuals) {
    }

    public record Total(String currency, String planned, String spent, String remaining) {
    }

    public record BudgetView(UUID partnershipId, List<Total> totals, List<LineView> lines) {
    }

    private final SecurityIdentity identity;
    private final DecisionLog decisions;
    private final Clock clock = Clock.systemUTC();

    /** The payload of budget.line-planned.v1. */
    record LinePlanned(UUID lineId, UUID partnershipId, String category, String planned, String currency, Instant at) {
    }

    /** The payload of budget.spent.v1. */
    record Spent(UUID actualId, UUID lineId, UUID partnershipId, String amount, String currency, LocalDate spentOn, Instant at) {
    }

    private final org.commonground.platform.events.Outbox outbox;

    BudgetResource(SecurityIdentity identity, DecisionLog decisions, org.commonground.platform.events.Outbox outbox) {
        this.outbox = outbox;
        this.identity = identity;
        this.decisions = decisions;
    }

    @POST
    @Path("/partnerships/{id}/budget/lines")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Add a planned line to the budget (the partnership's stewards); logged as a decision")
    @APIResponse(responseCode = "201", description = "the line is in the public budget", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LineView.class)))
    @APIResponse(responseCode = "403", description = "the caller does not steward this partnership")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<Response> addLine(@PathParam("id") UUID id, @Valid @NotNull(message = "a JSON body is required") NewLine body) {
        Money planned = Money.parse("planned", body.planned(), "currency", body.currency());
        Instant now = clock.instant();
        BudgetLine line = new BudgetLine();
        line.id = UUID.randomUUID();
        line.partnershipId = id;
        line.category = body.category().strip();
        line.description = body.description().strip();
        line.planned = planned.amount();
        line.currency = planned.currency();
        line.createdAt = now;
        return Partnership.existing(id).call(p -> Stewardship.require(identity, id))
                .call(p -> line.persist())
                .call(p -> decisions.record(id, null, Decision.Kind.BUDGET_CHANGE, "Budget line '" + line.category + "' planned at "
                        + Money.text(line.planned, line.currency) + " " + line.currency, line.description, null, now))
                .call(p -> outbox.add(org.commonground.platform.events.EventType.BUDGET_LINE_PLANNED, id.toString(), line.id.toString(),
                        new LinePlanned(line.id, id, line.category, Money.text(line.planned, line.currency), line.currency.strip(), now)))
                .map(p -> Response.status(Response.Status.CREATED).entity(view(line, List.of())).build());
    }

    @POST
    @Path("/partnerships/{id}/budget/lines/{lineId}/actuals")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN })
    @WithTransaction
    @Operation(summary = "Record money spent against a budget line (the partnership's stewards), in the line's currency")
    @APIResponse(responseCode = "201", description = "recorded; the public budget shows it", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ActualView.class)))
    @APIResponse(responseCode = "403", description = "the caller does not steward this partnership")
    @APIResponse(responseCode = "404", description = "no such partnership or line")
    public Uni<Response> addActual(@PathParam("id") UUID id, @PathParam("lineId") UUID lineId,
            @Valid @NotNull(message = "a JSON body is required") NewActual body) {
        Instant now = clock.instant();
        if (body.spentOn().isBefore(LocalDate.now(clock).minusYears(10))) {
            throw ProblemException.invalid("spentOn", "must be within the last 10 years");
        }
        String[] currency = new String[1];
        return Partnership.existing(id).call(p -> Stewardship.require(identity, id))
                .chain(p -> BudgetLine.<BudgetLine>findById(lineId))
                .map(line -> {
                    currency[0] = line == null ? null : line.currency.strip();
                    if (line == null || !line.partnershipId.equals(id)) {
                        throw ProblemException.notFound("This partnership has no budget line " + lineId + ".");
                    }
                    Money amount = Money.parse("amount", body.amount(), "currency", line.currency.strip());
                    if (amount.amount().signum() == 0) {
                        throw ProblemException.invalid("amount", "must be more than zero");
                    }
                    BudgetActual actual = new BudgetActual();
                    actual.id = UUID.randomUUID();
                    actual.lineId = lineId;
                    actual.amount = amount.amount();
                    actual.spentOn = body.spentOn();
                    actual.note = body.note().strip();
                    actual.recordedBy = identity.getPrincipal().getName();
                    actual.recordedAt = now;
                    return actual;
                })
                .call(actual -> actual.persist())
                .call(actual -> outbox.add(org.commonground.platform.events.EventType.BUDGET_SPENT, id.toString(), actual.id.toString(),
                        new Spent(actual.id, lineId, id, Money.text(actual.amount, currency[0]), currency[0], actual.spentOn, now)))
                // the amount was read in the line's currency, so its scale is that currency's
                .map(actual -> Response.status(Response.Status.CREATED).entity(new ActualView(actual.id,
                        actual.amount.toPlainString(), actual.spentOn, actual.note, actual.recordedAt)).build());
    }

    @GET
    @Path("/public/partnerships/{id}/budget")
    @PermitAll
    @WithSession
    @Operation(summary = "The budget: every line planned against what was spent, with totals per currency")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "404", description = "no such partnership")
    public Uni<BudgetView> budget(@PathParam("id") UUID id) {
        return Partnership.existing(id)
                .chain(p -> BudgetLine.<BudgetLine>list("partnershipId = ?1 order by createdAt, id", id))
                .chain(lines -> BudgetActual.<BudgetActual>list("lineId in ?1 order by spentOn, recordedAt",
                                lines.isEmpty() ? List.of(new UUID(0, 0)) : lines.stream().map(l -> l.id).toList())
                        .map(actuals -> {
                            Map<UUID, List<BudgetActual>> byLine = actuals.stream().collect(Collectors.groupingBy(a -> a.lineId));
                            List<LineView> views = lines.stream().map(l -> view(l, byLine.getOrDefault(l.id, List.of()))).toList();
                            Map<String, BigDecimal[]> totals = new TreeMap<>();
                            for (BudgetLine line : lines) {
                                BigDecimal[] t = totals.computeIfAbsent(line.currency.strip(), c -> new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO });
                                t[0] = t[0].add(line.planned);
                                t[1] = t[1].add(spent(byLine.getOrDefault(line.id, List.of())));
                            }
                            return new BudgetView(id, totals.entrySet().stream().map(e -> new Total(e.getKey(),
                                    Money.text(e.getValue()[0], e.getKey()), Money.text(e.getValue()[1], e.getKey()),
                                    Money.text(e.getValue()[0].subtract(e.getValue()[1]), e.getKey()))).toList(), views);
                        }));
    }

    private static LineView view(BudgetLine line, List<BudgetActual> actuals) {
        String currency = line.currency.strip();
        BigDecimal spent = spent(actuals);
        return new LineView(line.id, line.category, line.description, currency, Money.text(line.planned, currency),
                Money.text(spent, currency), Money.text(line.planned.subtract(spent), currency),
                actuals.stream().map(a -> new ActualView(a.id, Money.text(a.amount, currency), a.spentOn, a.note, a.recordedAt)).toList());
    }

    private static BigDecimal spent(List<BudgetActual> actuals) {
        return actuals.stream().map(a -> a.amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
