package org.commonground.benefit.pool;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.ledger.Ledger;
import org.commonground.benefit.ledger.Movement;
import org.commonground.benefit.partnership.PartnershipAccess;
import org.commonground.benefit.policy.BenefitPolicy;
import org.commonground.benefit.preference.RewardFormat;
import org.commonground.platform.http.Idempotency;
import org.commonground.platform.money.Money;
import org.commonground.platform.paging.Page;
import org.commonground.platform.paging.PageRequest;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.commonground.platform.validation.PlainText;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Pools: a partnership's partner, stewards or admins put up value to share; anyone can see what was put up. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {

    /** A pool as its creator describes it; the amount is a decimal string in the currency's minor unit at most. */
    public record NewPool(
            @NotNull(message = "is required") UUID partnershipId,
            @NotBlank(message = "must not be blank") @Size(max = 120, message = "must be at most 120 characters") @PlainText String name,
            @NotNull(message = "is required: a decimal string such as \"1500.00\"") String amount,
            @NotNull(message = "is required: an ISO-4217 code such as EUR") String currency,
            @NotNull(message = "must be one of STIPEND, PROFESSIONAL_DEVELOPMENT, EXPOSURE") RewardFormat format,
            @NotNull(message = "is required: the first day of the period whose contributions count") LocalDate periodFrom,
            @NotNull(message = "is required: the last day of the period") LocalDate periodTo,
            @NotNull(message = "must be one of PROPORTIONAL, BALANCED, RECENT") Method method) {
    }

    private final SecurityIdentity identity;
    private final Ledger ledger;
    private final Idempotency idempotency;
    private final Clock clock = Clock.systemUTC();

    PoolResource(SecurityIdentity identity, Ledger ledger, Idempotency idempotency) {
        this.identity = identity;
        this.ledger = ledger;
        this.idempotency = idempotency;
    }

    @POST
    @Path("/pools")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.STEWARD, Roles.ADMIN, Roles.PARTNER })
    @WithTransaction
    @Operation(summary = "Put up a pool for a partnership (its partner organization, its stewards, admins); it is written to the ledger")
    @APIResponse(responseCode = "201", description = "the pool, public from now on", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PoolView.class)))
    @APIResponse(responseCode = "400", description = "a zero or negative amount, more decimals than the currency has, an unknown currency,"
            + " method or format, a period that ends before it starts")
    @APIResponse(responseCode = "403", description = "not this partnership's partner, steward or an admin")
    @APIResponse(responseCode = "409", description = "the partnership's current policy does not offer the format (rule format-offered)")
    public Uni<Response> create(@HeaderParam(Idempotency.HEADER) String key,
            @Valid @NotNull(message = "a JSON body is required") NewPool request) {
        int digits = Money.currency("currency", request.currency()).getDefaultFractionDigits();
        if (digits < 0 || digits > 3) {
            throw ProblemException.invalid("currency", "is not a currency a pool can be shared in (funds, metals and currencies with more"
                    + " than three minor digits are not)");
        }
        Money money = Money.parse("amount", request.amount(), "currency", request.currency());
        if (money.amount().signum() <= 0) {
            throw ProblemException.invalid("amount", "must be more than zero");
        }
        if (request.periodTo().isBefore(request.periodFrom())) {
            throw ProblemException.invalid("periodTo", "must not be before periodFrom");
        }
        if (ChronoUnit.DAYS.between(request.periodFrom(), request.periodTo()) > 366) {
            throw ProblemException.invalid("periodTo", "a period is at most a year long");
        }
        return idempotency.once(key, "POST /api/pools", request, () -> PartnershipAccess.requireActor(identity, request.partnershipId())
                .chain(() -> BenefitPolicy.current(request.partnershipId()))
                .chain(policy -> {
                    if (policy != null && !policy.offered().contains(request.format())) {
                        throw ProblemException.ruleBroken("format-offered", "The partnership's benefit policy (version " + policy.version
                                + ") offers " + policy.offered() + ", not " + request.format() + ".");
                    }
                    Pool pool = new Pool();
                    pool.id = UUID.randomUUID();
                    pool.partnershipId = request.partnershipId();
                    pool.name = request.name().strip();
                    pool.amount = money.amount();
                    pool.currency = money.currency();
                    pool.format = request.format();
                    pool.periodFrom = request.periodFrom();
                    pool.periodTo = request.periodTo();
                    pool.method = request.method();
                    pool.createdBy = identity.getPrincipal().getName();
                    pool.createdAt = clock.instant();
                    return pool.persistAndFlush().replaceWith(pool)
                            .call(() -> ledger.append(pool.partnershipId, List.of(new Movement(Movement.Kind.POOL_FUNDED,
                                    Movement.pool(pool.id), Movement.FUNDING, pool.currency, pool.amount, null, pool.id, null,
                                    policy == null ? null : policy.version, null))));
                })
                .map(pool -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/public/pools/" + pool.id)
                        .entity(PoolView.of(pool)).build()));
    }

    @GET
    @Path("/public/pools")
    @PermitAll
    @WithSession
    @Operation(summary = "A partnership's pools, newest first (public)")
    public Uni<Page<PoolView>> list(@QueryParam("partnershipId") UUID partnershipId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        if (partnershipId == null) {
            throw ProblemException.invalid("partnershipId", "is required: whose pools");
        }
        PageRequest page = PageRequest.of(limit, cursor, 2);
        var query = page.first()
                ? Pool.<Pool>find("partnershipId = ?1 order by createdAt desc, id desc", partnershipId)
                : Pool.<Pool>find("partnershipId = :p and (createdAt < :at or (createdAt = :at and id < :id)) order by createdAt desc, id desc",
                        Parameters.with("p", partnershipId).and("at", page.afterInstant(0)).and("id", page.afterUuid(1)));
        return query.range(0, page.fetchSize() - 1).list()
                .map(rows -> page.page(rows, p -> List.of(p.createdAt.toString(), p.id.toString()), PoolView::of));
    }

    /** A pool as anyone reads it. */
    public record PoolView(UUID id, UUID partnershipId, String name, String amount, String currency, RewardFormat format,
            LocalDate periodFrom, LocalDate periodTo, Method method, java.time.Instant createdAt) {
        public static PoolView of(Pool p) {
            return new PoolView(p.id, p.partnershipId, p.name, Money.text(p.amount, p.currency), p.currency, p.format, p.periodFrom,
                    p.periodTo, p.method, p.createdAt);
        }
    }

}
