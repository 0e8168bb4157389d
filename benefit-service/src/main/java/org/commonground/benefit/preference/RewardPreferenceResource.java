package org.commonground.benefit.preference;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import org.commonground.platform.problem.ProblemException;
import org.commonground.platform.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/reward-preferences/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class RewardPreferenceResource {

    /** A member's choice of reward format. */
    public record Choice(@NotNull(message = "must be one of STIPEND, PROFESSIONAL_DEVELOPMENT, EXPOSURE") RewardFormat format) {
    }

    /** The member's current choice and when they made it. */
    public record Preference(RewardFormat format, Instant updatedAt) {
        static Preference of(RewardPreference p) {
            return new Preference(p.format, p.updatedAt);
        }
    }

    private final SecurityIdentity identity;
    private final Clock clock = Clock.systemUTC();

    RewardPreferenceResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    @WithSession
    @Operation(summary = "The caller's preferred reward format")
    public Uni<Preference> mine() {
        return RewardPreference.<RewardPreference>findById(identity.getPrincipal().getName())
                .onItem().ifNull().failWith(() -> ProblemException.notFound(
                        "You have not chosen a reward format yet: PUT one of STIPEND, PROFESSIONAL_DEVELOPMENT, EXPOSURE."))
                .map(Preference::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Choose the caller's preferred reward format")
    public Uni<Preference> choose(@Valid @NotNull(message = "a JSON body is required") Choice choice) {
        String subject = identity.getPrincipal().getName();
        return RewardPreference.<RewardPreference>findById(subject)
                .onItem().ifNull().continueWith(() -> {
                    RewardPreference created = new RewardPreference();
                    created.subject = subject;
                    return created;
                })
                .invoke(p -> {
                    p.format = choice.format();
                    p.updatedAt = clock.instant();
                })
                .call(p -> p.persist())
                .map(Preference::of);
    }
}
