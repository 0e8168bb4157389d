package org.commonground.reporting.transparency;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.reporting.privacy.SmallCells;
import org.commonground.reporting.scorecard.Freshness;
import org.commonground.reporting.scorecard.Period;
import org.commonground.reporting.scorecard.ScorecardResource;
import org.commonground.reporting.scorecard.Scorecards;
import org.commonground.reporting.transparency.TransparencyReport.BudgetLine;
import org.commonground.reporting.transparency.TransparencyReport.DecisionEntry;
import org.commonground.reporting.transparency.TransparencyReport.Escalations;
import org.commonground.reporting.transparency.TransparencyReport.Funding;
import org.commonground.reporting.transparency.TransparencyReport.InitiativeStage;
import org.commonground.reporting.transparency.TransparencyReport.LessonEntry;
import org.commonground.reporting.transparency.TransparencyReport.ShowcaseEntry;
import org.commonground.reporting.transparency.TransparencyReport.PoolShared;
import org.commonground.reporting.transparency.TransparencyReport.Recognition;

/** Assembles a partnership's transparency report for a period from reporting's facts. */
@ApplicationScoped
public class TransparencyReports {

    private final Scorecards scorecards;

    TransparencyReports(Scorecards scorecards) {
        this.scorecards = scorecards;
    }

    public Uni<TransparencyReport> of(ScorecardResource.Known p, Period period) {
        UUID id = p.id();
        Instant start = period.start();
        Instant end = period.end();
        int k = scorecards.smallestGroup();
        return NativeSql.rows("SELECT amount, currency, source, version FROM funding_fact WHERE partnership_id = ?1 AND at < ?2"
                        + " ORDER BY version DESC LIMIT 1", id, end)
                .chain(funding -> NativeSql.rows("SELECT l.category, l.planned, l.currency,"
                                + " (SELECT COALESCE(sum(s.amount), 0) FROM budget_spent_fact s WHERE s.line_id = l.id AND s.spent_on BETWEEN ?3 AND ?4),"
                                + " (SELECT COALESCE(sum(s.amount), 0) FROM budget_spent_fact s WHERE s.line_id = l.id AND s.spent_on <= ?4)"
                                + " FROM budget_line_fact l WHERE l.partnership_id = ?1 AND l.at < ?2 ORDER BY l.at, l.id", id, end,
                                period.from(), period.to())
                        .chain(budget -> NativeSql.rows("SELECT pool_id, format, currency, sum(amount), count(*),"
                                        + " COALESCE(sum(amount) FILTER (WHERE held), 0), max(at), count(*) FILTER (WHERE held) FROM allocation_fact WHERE partnership_id = ?1"
                                        + " AND at >= ?2 AND at < ?3 GROUP BY pool_id, format, currency ORDER BY max(at)", id, start, end)
                                .chain(pools -> NativeSql.rows("SELECT i.id, i.title, i.kind, (SELECT s.to_stage FROM stage_change s"
                                                + " WHERE s.initiative_id = i.id AND s.at < ?2 ORDER BY s.at DESC LIMIT 1) FROM initiative_fact i"
                                                + " WHERE i.partnership_id = ?1 AND i.proposed_at < ?2 ORDER BY i.proposed_at, i.id", id, end)
                                        .chain(initiatives -> NativeSql.rows("SELECT at, kind, summary, rationale FROM decision_fact"
                                                        + " WHERE partnership_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id", id, start, end)
                                                .chain(decisions -> NativeSql.rows("SELECT count(*) FILTER (WHERE opened_at >= ?2 AND opened_at < ?3),"
                                                                + " count(*) FILTER (WHERE resolved_at >= ?2 AND resolved_at < ?3),"
                                                                + " count(*) FILTER (WHERE resolved_at >= ?2 AND resolved_at < ?3 AND resolved_at <= decide_by)"
                                                                + " FROM escalation_fact WHERE partnership_id = ?1", id, start, end)
                                                        .chain(escalations -> NativeSql.rows("SELECT m.display_name, count(*), sum(c.hours)"
                                                                        + " FROM contribution_fact c JOIN member_fact m ON m.member_id = c.member_id"
                                                                        + " WHERE c.partnership_id = ?1 AND c.status = 'VERIFIED' AND c.occurred_on BETWEEN ?2 AND ?3"
                                                                        + " AND m.display_name IS NOT NULL AND m.erased_at IS NULL"
                                                                        + " GROUP BY m.member_id, m.display_name ORDER BY m.display_name", id, period.from(), period.to())
                                                                .chain(recognition -> showcases(id, start, end).chain(showcases -> lessons(id, start, end)
                                                                        .chain(lessons -> scorecards.sections(id, period)
                                                                        .chain(sections -> Freshness.asOf().map(asOf -> new TransparencyReport(id, p.name(),
                                                                                p.partnerName(), period.name(), period.from(), period.to(), asOf, k,
                                                                                funding(funding), budget(budget), pools(pools, k), initiatives(initiatives),
                                                                                decisions(decisions), escalations(escalations), sections,
                                                                                recognition(recognition), showcases, lessons))))))))))));
    }

    /**
     * Showcases published in the period that are public now, by reporting's own record of consent too: a withdrawal of
     * impact-stories takes them out as soon as either the withdrawal or the unpublication reaches reporting.
     */
    private static Uni<List<ShowcaseEntry>> showcases(UUID partnership, Instant start, Instant end) {
        return NativeSql.rows("SELECT f.showcase_id, i.title, f.title, (SELECT string_agg(x.a->>'displayName', chr(31) ORDER BY x.n)"
                        + " FROM jsonb_array_elements(f.authors) WITH ORDINALITY AS x(a, n)), f.published_at"
                        + " FROM showcase_fact f LEFT JOIN initiative_fact i ON i.id = f.initiative_id"
                        + " WHERE f.partnership_id = ?1 AND f.public AND f.published_at >= ?2 AND f.published_at < ?3"
                        + " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(f.authors) a WHERE NOT EXISTS (SELECT 1 FROM consent_state c"
                        + " WHERE c.member_id = CAST(a->>'memberId' AS uuid) AND c.purpose = 'impact-stories'"
                        + " AND c.scope_key IN ('', CAST(f.partnership_id AS text)) AND c.granted))"
                        + " ORDER BY f.published_at, f.showcase_id", partnership, start, end)
                .map(rows -> rows.stream().map(r -> new ShowcaseEntry((UUID) r[0], (String) r[1], (String) r[2],
                        r[3] == null ? List.of() : List.of(((String) r[3]).split("\u001f")), NativeSql.instant(r[4]))).toList());
    }

    private static Uni<List<LessonEntry>> lessons(UUID partnership, Instant start, Instant end) {
        return NativeSql.rows("SELECT i.title, l.kind, l.stage, l.what_worked, l.what_did_not, l.do_differently, l.for_whom, l.at"
                        + " FROM lesson_fact l LEFT JOIN initiative_fact i ON i.id = l.initiative_id WHERE l.partnership_id = ?1"
                        + " AND l.at >= ?2 AND l.at < ?3 ORDER BY l.at, l.id", partnership, start, end)
                .map(rows -> rows.stream().map(r -> new LessonEntry((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                        (String) r[5], (String) r[6], NativeSql.instant(r[7]))).toList());
    }

    private static Funding funding(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        return new Funding(money((BigDecimal) r[0]), ((String) r[1]).strip(), (String) r[2], ((Number) r[3]).intValue());
    }

    private static List<BudgetLine> budget(List<Object[]> rows) {
        return rows.stream().map(r -> new BudgetLine((String) r[0], money((BigDecimal) r[1]), money((BigDecimal) r[3]), money((BigDecimal) r[4]),
                ((String) r[2]).strip())).toList();
    }

    private static List<PoolShared> pools(List<Object[]> rows, int k) {
        return rows.stream().map(r -> {
            long held = ((Number) r[7]).longValue();
            // the held total of fewer members than the smallest group would be their shares
            String heldAmount = held > 0 && held < k ? SmallCells.fewerThan(k) + " members: not shown" : money((BigDecimal) r[5]);
            return new PoolShared((UUID) r[0], (String) r[1], ((String) r[2]).strip(), money((BigDecimal) r[3]),
                    SmallCells.one(((Number) r[4]).longValue(), k).shown(), heldAmount, NativeSql.instant(r[6]));
        }).toList();
    }

    private static List<InitiativeStage> initiatives(List<Object[]> rows) {
        return rows.stream().map(r -> new InitiativeStage((UUID) r[0], (String) r[1], (String) r[2], r[3] == null ? "PROPOSED" : (String) r[3]))
                .toList();
    }

    private static List<DecisionEntry> decisions(List<Object[]> rows) {
        return rows.stream().map(r -> new DecisionEntry(NativeSql.instant(r[0]), (String) r[1], (String) r[2], (String) r[3])).toList();
    }

    private static Escalations escalations(List<Object[]> rows) {
        Object[] r = rows.get(0);
        long resolved = ((Number) r[1]).longValue();
        long onTime = ((Number) r[2]).longValue();
        return new Escalations(((Number) r[0]).longValue(), resolved,
                resolved == 0 ? null : BigDecimal.valueOf(onTime).divide(BigDecimal.valueOf(resolved), 3, RoundingMode.HALF_EVEN).toPlainString());
    }

    private static List<Recognition> recognition(List<Object[]> rows) {
        List<Recognition> list = new ArrayList<>();
        rows.forEach(r -> list.add(new Recognition((String) r[0], ((Number) r[1]).longValue(), money((BigDecimal) r[2]))));
        return list;
    }

    private static String money(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 2 ? value.setScale(2, RoundingMode.HALF_EVEN) : stripped).toPlainString();
    }
}
