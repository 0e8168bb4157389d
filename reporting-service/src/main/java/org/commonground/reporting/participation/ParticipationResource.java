package org.commonground.reporting.participation;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.reporting.privacy.SmallCells;
import org.commonground.reporting.scorecard.Freshness;
import org.commonground.reporting.scorecard.Period;
import org.commonground.reporting.scorecard.ScorecardResource;
import org.commonground.reporting.scorecard.Scorecards;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Participation gaps: how much of each affinity group, and how many members per initiative, a partnership reached in a
 * period. A tool to find barriers (who is not being reached), not to rank people or groups. Small counts, and the cells
 * that would reveal them, are withheld.
 */
@Path("/api/public/participation")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class ParticipationResource {

    /** One group: its members, those of them who took part, and the rate (only when both counts are shown). */
    public record GroupRow(UUID groupId, String members, String participants, String rate) {
    }

    /** One initiative and how many took part. */
    public record InitiativeRow(UUID initiativeId, String title, String participants) {
    }

    public record Participation(UUID partnershipId, String period, Instant asOf, int smallestGroup, String purpose,
            List<GroupRow> groups, String groupsTotal, List<InitiativeRow> initiatives, String initiativesTotal) {
    }

    private final Scorecards scorecards;

    ParticipationResource(Scorecards scorecards) {
        this.scorecards = scorecards;
    }

    @GET
    @WithSession
    @Operation(summary = "Participation rate per affinity group and participants per initiative of a partnership in a period (public,"
            + " small groups withheld): a tool to find who is not being reached, not to rank anyone")
    @APIResponse(responseCode = "200")
    @APIResponse(responseCode = "400", description = "a missing or malformed period, a period that has not begun, no partnershipId")
    @APIResponse(responseCode = "404", description = "no partnership with this id is known to reporting")
    public Uni<Participation> participation(@QueryParam("partnershipId") String partnershipId, @QueryParam("period") String period) {
        Period p = Period.parse(period, LocalDate.now(ZoneOffset.UTC));
        int k = scorecards.smallestGroup();
        Instant start = p.start();
        Instant end = p.end();
        String active = "SELECT DISTINCT member_id FROM participation_fact WHERE partnership_id = ?1 AND joined_at < ?3"
                + " AND (left_at IS NULL OR left_at >= ?2)";
        return ScorecardResource.known(partnershipId).chain(partnership -> NativeSql.rows(
                        "SELECT g.group_id, count(*), count(*) FILTER (WHERE g.member_id IN (" + active + ")) FROM member_group g"
                                + " JOIN member_fact m ON m.member_id = g.member_id WHERE m.erased_at IS NULL AND (m.joined_at IS NULL"
                                + " OR m.joined_at < ?3) GROUP BY g.group_id ORDER BY g.group_id", partnership.id(), start, end)
                .chain(groups -> NativeSql.rows("SELECT i.id, i.title, (SELECT count(DISTINCT f.member_id) FROM participation_fact f"
                                + " WHERE f.initiative_id = i.id AND f.joined_at < ?3 AND (f.left_at IS NULL OR f.left_at >= ?2))"
                                + " FROM initiative_fact i WHERE i.partnership_id = ?1 AND i.proposed_at < ?3 ORDER BY i.proposed_at, i.id",
                                partnership.id(), start, end)
                        .chain(initiatives -> Freshness.asOf().map(asOf -> {
                            Map<UUID, Long> members = new LinkedHashMap<>();
                            Map<UUID, Long> participants = new LinkedHashMap<>();
                            for (Object[] g : groups) {
                                members.put((UUID) g[0], ((Number) g[1]).longValue());
                                participants.put((UUID) g[0], ((Number) g[2]).longValue());
                            }
                            SmallCells.Row<UUID> memberRow = SmallCells.row(members, k);
                            SmallCells.Row<UUID> participantRow = SmallCells.row(participants, k);
                            List<GroupRow> rows = new ArrayList<>();
                            boolean complementWithheld = false;
                            for (UUID group : members.keySet()) {
                                SmallCells.Cell m = memberRow.cells().get(group);
                                SmallCells.Cell took = participantRow.cells().get(group);
                                // members less participants is the number not reached: it must not be small either
                                if (!m.hidden() && !took.hidden() && m.value() - took.value() > 0 && m.value() - took.value() < k) {
                                    took = new SmallCells.Cell(null, SmallCells.WITHHELD);
                                    complementWithheld = true;
                                }
                                String rate = m.hidden() || took.hidden() || m.value() == 0 ? null
                                        : BigDecimal.valueOf(took.value()).divide(BigDecimal.valueOf(m.value()), 3, RoundingMode.HALF_EVEN)
                                                .toPlainString();
                                rows.add(new GroupRow(group, m.shown(), took.shown(), rate));
                            }
                            Map<UUID, Long> perInitiative = new LinkedHashMap<>();
                            Map<UUID, String> titles = new LinkedHashMap<>();
                            for (Object[] i : initiatives) {
                                perInitiative.put((UUID) i[0], ((Number) i[2]).longValue());
                                titles.put((UUID) i[0], (String) i[1]);
                            }
                            // members can take part in several initiatives: these counts do not add up to a total of people,
                            // but they are suppressed as if they did
                            SmallCells.Row<UUID> initiativeRow = SmallCells.row(perInitiative, k);
                            List<InitiativeRow> initiativeRows = new ArrayList<>();
                            initiativeRow.cells().forEach((id, cell) -> initiativeRows.add(new InitiativeRow(id, titles.get(id), cell.shown())));
                            return new Participation(partnership.id(), p.name(), asOf, k,
                                    "To find who is not being reached and remove barriers; not to rank people or groups.", rows,
                                    complementWithheld ? SmallCells.WITHHELD : participantRow.total().shown(), initiativeRows,
                                    initiativeRow.total().shown());
                        }))));
    }
}
