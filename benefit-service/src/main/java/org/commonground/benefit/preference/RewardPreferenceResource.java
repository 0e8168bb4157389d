package org.commonground.benefit.preference;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.commonground.benefit.allocation.Allocations;
import org.commonground.benefit.member.LedgerMembers;
import org.commonground.platform.money.Money;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Which reward formats a member accepts, in order. A share in a format the member does not accept is held for them,
 * visible here, and released the moment they accept it.
 */
@Path("/api/members/me/reward-preferences")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class RewardPreferenceResource {

    /** The formats a member accepts, most preferred first; an empty list accepts none. */
    public record Choice(@NotNull(message = "is required: the formats you accept, most preferred first (an empty list accepts none)")
            @Size(max = 3, message = "lists at most the three formats") List<RewardFormat> accepts) {
    }

    /** A share held because its format is not accepted. */
    public record Held(UUID allocationId, UUID poolId, String poolName, String amount, String currency, RewardFormat format) {
    }

    /** The member's preferences (every format when they never chose) and what is held for them. */
    public record Preferences(List<RewardFormat> accepts, boolean chosen, Instant updatedAt, List<Held> held) {
    }

    private final SecurityIdentity identity;
    private final Allocations allocations;
    private final Clock clock = Clock.systemUTC();

    RewardPreferenceResource(SecurityIdentity identity, Allocations allocations) {
        this.identity = identity;
        this.allocations = allocations;
    }

    @GET
    @WithSession
    @Operation(summary = "The caller's accepted reward formats, and the shares held for them")
    public Uni<Preferences> mine() {
        return LedgerMembers.memberOf(identity.getPrincipal().getName()).chain(this::preferences);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Choose the reward formats the caller accepts, in order; held shares in a format now accepted are released")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "an unknown format, or one named twice")
    public Uni<Preferences> choose(@Valid @NotNull(message = "a JSON body is required") Choice choice) {
        if (choice.accepts().contains(null)) {
            throw ProblemException.invalid("accepts", "must list STIPEND, PROFESSIONAL_DEVELOPMENT or EXPOSURE");
        }
        if (new HashSet<>(choice.accepts()).size() != choice.accepts().size()) {
            throw ProblemException.invalid("accepts", "names a format twice");
        }
        return LedgerMembers.memberOf(identity.getPrincipal().getName()).chain(memberId -> RewardPreference.<RewardPreference>findById(memberId)
                .onItem().ifNull().continueWith(() -> {
                    RewardPreference created = new RewardPreference();
                    created.memberId = memberId;
                    return created;
                })
                .invoke(p -> {
                    p.accepts = String.join(",", choice.accepts().stream().map(Enum::name).toList());
                    p.updatedAt = clock.instant();
                })
                .call(p -> p.persistAndFlush())
                .call(p -> allocations.release(memberId, choice.accepts()))
                .chain(p -> preferences(memberId)));
    }

    private Uni<Preferences> preferences(UUID memberId) {
        return RewardPreference.<RewardPreference>findById(memberId).chain(p -> NativeSql.rows(
                        "SELECT l.allocation_id, p.id, p.name, l.amount, p.currency, p.format FROM allocation_line l"
                                + " JOIN allocation a ON a.id = l.allocation_id JOIN pool p ON p.id = a.pool_id"
                                + " WHERE l.member_id = ?1 AND l.status = 'HELD' AND a.status = 'PUBLISHED' ORDER BY a.published_at", memberId)
                .map(rows -> new Preferences(p == null ? List.of(RewardFormat.values()) : p.accepted(), p != null,
                        p == null ? null : p.updatedAt,
                        rows.stream().map(r -> new Held((UUID) r[0], (UUID) r[1], (String) r[2],
                                Money.text((BigDecimal) r[3], ((String) r[4]).strip()), ((String) r[4]).strip(),
                                RewardFormat.valueOf((String) r[5]))).toList())));
    }
}
