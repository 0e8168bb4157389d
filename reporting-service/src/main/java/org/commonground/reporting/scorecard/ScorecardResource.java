package org.commonground.reporting.scorecard;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The balanced scorecard of a partnership for a month, quarter or year (public): access to resources, skill
 * development, local impact, satisfaction and fairness, each figure with its definition and its change against the
 * period before. Counts of people below the smallest group are shown as "fewer than N".
 */
@Path("/api/public/scorecard")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ScorecardResource {

    /** The scorecard, and how fresh the facts behind it are. */
    public record Scorecard(UUID partnershipId, String partnership, String partner, String period, LocalDate from, LocalDate to,
            String previousPeriod, Instant asOf, int smallestGroup, List<Scorecards.Section> sections) {
    }

    /** A partnership reporting knows of. */
    public record Known(UUID id, String name, String partnerName) {
    }

    private final Scorecards scorecards;

    ScorecardResource(Scorecards scorecards) {
        this.scorecards = scorecards;
    }

    @GET
    @WithSession
    @Operation(summary = "The balanced scorecard of a partnership for a period such as 2026-07, 2026-Q3 or 2026 (public)",
            description = "Every figure carries its definition and its change against the period before. The fairness measures: "
                    + Measures.GINI + " " + Measures.ENTROPY + " " + Measures.GAP + " New roles: " + Measures.NEW_ROLES + " "
                    + Measures.NEW_ROLES_BY_KIND + " Milestones: " + Measures.MILESTONES_REACHED + " " + Measures.MILESTONES_ON_TIME
                    + " Plan progress: " + Measures.PLAN_PROGRESS + " Counts of fewer people than the smallest group"
                    + " (10 by default) are shown as 'fewer than 10', and money and ratios over so few are not shown.")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a missing or malformed period (2026-Q5), a period that has not begun, no partnershipId")
    @APIResponse(responseCode = "404", description = "no partnership with this id is known to reporting")
    public Uni<Scorecard> scorecard(@QueryParam("partnershipId") String partnershipId, @QueryParam("period") String period) {
        Period p = Period.parse(period, LocalDate.now(ZoneOffset.UTC));
        return known(partnershipId).chain(partnership -> scorecards.sections(partnership.id(), p)
                .chain(sections -> Freshness.asOf().map(asOf -> new Scorecard(partnership.id(), partnership.name(), partnership.partnerName(),
                        p.name(), p.from(), p.to(), p.previous().name(), asOf, scorecards.smallestGroup(), sections))));
    }

    /** The partnership by its id as a query parameter: a malformed id is a 400, an unknown one a 404. */
    public static Uni<Known> known(String partnershipId) {
        if (partnershipId == null || partnershipId.isBlank()) {
            throw ProblemException.invalid("partnershipId", "is required");
        }
        UUID id;
        try {
            id = UUID.fromString(partnershipId.strip());
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("partnershipId", "is not a partnership id");
        }
        return NativeSql.rows("SELECT id, name, partner_name FROM partnership_fact WHERE id = ?1", id).map(rows -> {
            if (rows.isEmpty()) {
                throw ProblemException.notFound("No partnership " + id + " is known to reporting.");
            }
            return new Known((UUID) rows.get(0)[0], (String) rows.get(0)[1], (String) rows.get(0)[2]);
        });
    }
}
