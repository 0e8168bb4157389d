package org.commonground.reporting.scorecard;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.commonground.platform.governance.Progress;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.reporting.privacy.SmallCells;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the balanced scorecard of a partnership for a period from the facts reporting holds, with every count of
 * people below the smallest group shown as "fewer than N".
 */
@ApplicationScoped
public class Scorecards {

    public static final List<String> STAGES = List.of("PROPOSED", "CO_DESIGN", "PILOT", "EVALUATION", "SCALED", "PAUSED", "RETIRED");

    /** The facts of one partnership in one period, as plain values. */
    record Facts(Set<UUID> contributors, Set<UUID> participants, Map<UUID, BigDecimal> benefitsByMember, String currency,
            Map<String, BigDecimal> benefitsByFormat, Map<String, Set<UUID>> recipientsByFormat, Map<String, Set<UUID>> recipientsByMonth,
            Map<UUID, BigDecimal> pointsByMember, Map<UUID, BigDecimal> allocatedByMember, long skillContributions, BigDecimal skillHours,
            Set<UUID> skillMembers, Map<UUID, Set<String>> newRoles, Map<String, Long> stages, long scaled, long milestonesReached,
            BigDecimal milestonesOnTime, BigDecimal planProgress, List<Integer> satisfaction, List<Integer> fairness) {
    }

    /** What the queries return, before it is counted. */
    private record Rows(List<Object[]> contributions, List<UUID> participants, List<Object[]> allocations, List<Object[]> initiatives,
            List<Object[]> feedback, List<Object[]> roles, List<Object[]> milestones) {
    }

    /** A section of the scorecard. */
    public record Section(String name, String title, List<Figure> figures) {
    }

    private final int smallest;

    Scorecards(@ConfigProperty(name = "cg.reporting.smallest-group", defaultValue = "10") int smallest) {
        this.smallest = smallest;
    }

    public int smallestGroup() {
        return smallest;
    }

    public Uni<List<Section>> sections(UUID partnershipId, Period period) {
        return facts(partnershipId, period).chain(now -> facts(partnershipId, period.previous()).map(before -> build(now, before)));
    }

    Uni<Facts> facts(UUID p, Period period) {
        LocalDate from = period.from();
        LocalDate to = period.to();
        Instant start = period.start();
        Instant end = period.end();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate lastDay = to.isAfter(today) ? today : to;
        return NativeSql.rows("SELECT member_id, type, hours FROM contribution_fact WHERE partnership_id = ?1 AND status = 'VERIFIED'"
                        + " AND occurred_on BETWEEN ?2 AND ?3", p, from, to)
                .chain(contributions -> NativeSql.ids("SELECT DISTINCT member_id FROM participation_fact WHERE partnership_id = ?1"
                                + " AND joined_at < ?3 AND (left_at IS NULL OR left_at >= ?2)", p, start, end)
                        .chain(participants -> NativeSql.rows("SELECT member_id, amount, currency, format, points,"
                                + " to_char(at AT TIME ZONE 'UTC', 'YYYY-MM') FROM allocation_fact"
                                        + " WHERE partnership_id = ?1 AND at >= ?2 AND at < ?3", p, start, end)
                                .chain(allocations -> NativeSql.rows("SELECT i.id, (SELECT s.to_stage FROM stage_change s WHERE"
                                                + " s.initiative_id = i.id AND s.at < ?2 ORDER BY s.at DESC LIMIT 1),"
                                                + " (SELECT count(*) FROM stage_change s WHERE s.initiative_id = i.id AND s.to_stage = 'SCALED'"
                                                + " AND s.at >= ?3 AND s.at < ?2) FROM initiative_fact i WHERE i.partnership_id = ?1"
                                                + " AND i.proposed_at < ?2", p, end, start)
                                        .chain(initiatives -> NativeSql.rows("SELECT satisfaction, fairness FROM feedback_fact"
                                                        + " WHERE partnership_id = ?1 AND at >= ?2 AND at < ?3", p, start, end)
                                                .map(feedback -> new Rows(contributions, participants, allocations, initiatives, feedback,
                                                        null, null))))))
                // roles that began in the period (not a day still to come), and were not cancelled before they began
                .chain(rows -> NativeSql.rows("SELECT member_id, kind, partnership_id FROM role_fact WHERE (partnership_id = ?1"
                                + " OR partnership_id IS NULL) AND starts_on BETWEEN ?2 AND ?3 AND (last_day IS NULL OR last_day >= starts_on)",
                                p, from, lastDay)
                        // each milestone of the partnership, with its progress at the end of the period (null: not yet planned)
                        .chain(roles -> NativeSql.rows("SELECT m.initiative_id, m.weight, m.due_on, m.done_on, (SELECT g.progress FROM"
                                        + " milestone_progress g WHERE g.milestone_id = m.id AND g.at < ?2 ORDER BY g.at DESC LIMIT 1)"
                                        + " FROM milestone_fact m WHERE m.partnership_id = ?1", p, end)
                                .map(milestones -> new Rows(rows.contributions(), rows.participants(), rows.allocations(),
                                        rows.initiatives(), rows.feedback(), roles, milestones))))
                .map(rows -> assemble(rows, from, to, today));
    }

    private static Facts assemble(Rows rows, LocalDate from, LocalDate to, LocalDate today) {
        List<Object[]> contributions = rows.contributions();
        List<Object[]> allocations = rows.allocations();
        Set<UUID> contributors = new HashSet<>();
        Set<UUID> skillMembers = new HashSet<>();
        long skillContributions = 0;
        BigDecimal skillHours = BigDecimal.ZERO;
        for (Object[] c : contributions) {
            contributors.add((UUID) c[0]);
            if ("MENTORING".equals(c[1]) || "TRAINING".equals(c[1])) {
                skillContributions++;
                skillHours = skillHours.add(c[2] == null ? BigDecimal.ZERO : (BigDecimal) c[2]);
                skillMembers.add((UUID) c[0]);
            }
        }
        // benefits are summed in the currency most of the period's money was in
        Map<String, BigDecimal> byCurrency = new HashMap<>();
        allocations.forEach(a -> byCurrency.merge(((String) a[2]).strip(), (BigDecimal) a[1], BigDecimal::add));
        String currency = byCurrency.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        Map<UUID, BigDecimal> benefits = new HashMap<>();
        Map<String, BigDecimal> byFormat = new TreeMap<>();
        Map<UUID, BigDecimal> points = new HashMap<>();
        Map<UUID, BigDecimal> allocated = new HashMap<>();
        Map<String, Set<UUID>> recipientsByFormat = new HashMap<>();
        Map<String, Set<UUID>> recipientsByMonth = new HashMap<>();
        for (Object[] a : allocations) {
            if (!((String) a[2]).strip().equals(currency)) {
                continue;
            }
            UUID m = (UUID) a[0];
            BigDecimal amount = (BigDecimal) a[1];
            benefits.merge(m, amount, BigDecimal::add);
            byFormat.merge((String) a[3], amount, BigDecimal::add);
            recipientsByFormat.computeIfAbsent((String) a[3], x -> new HashSet<>()).add(m);
            recipientsByMonth.computeIfAbsent((String) a[5], x -> new HashSet<>()).add(m);
            points.merge(m, (BigDecimal) a[4], BigDecimal::add);
            allocated.merge(m, amount, BigDecimal::add);
        }
        Map<String, Long> stages = new LinkedHashMap<>();
        STAGES.forEach(s -> stages.put(s, 0L));
        long scaled = 0;
        Set<UUID> retired = new HashSet<>();
        for (Object[] i : rows.initiatives()) {
            String stage = i[1] == null ? "PROPOSED" : (String) i[1];
            stages.merge(stage, 1L, Long::sum);
            scaled += ((Number) i[2]).longValue() > 0 ? 1 : 0;
            if ("RETIRED".equals(stage)) {
                retired.add((UUID) i[0]);
            }
        }
        // a committee's roles are the partnership's; a group's count for members active in the partnership in the period
        Set<UUID> active = new HashSet<>(contributors);
        active.addAll(rows.participants());
        Map<UUID, Set<String>> newRoles = new HashMap<>();
        for (Object[] r : rows.roles()) {
            UUID member = (UUID) r[0];
            if (r[2] != null || active.contains(member)) {
                newRoles.computeIfAbsent(member, m -> new HashSet<>()).add((String) r[1]);
            }
        }
        long reached = 0;
        List<Measures.Milestone> milestones = new ArrayList<>();
        Map<UUID, List<Progress.Part>> plans = new HashMap<>();
        for (Object[] m : rows.milestones()) {
            LocalDate due = (LocalDate) m[2];
            LocalDate done = (LocalDate) m[3];
            reached += done != null && !done.isBefore(from) && !done.isAfter(to) ? 1 : 0;
            milestones.add(new Measures.Milestone(due, done));
            if (m[4] != null && !retired.contains((UUID) m[0])) {
                plans.computeIfAbsent((UUID) m[0], i -> new ArrayList<>()).add(new Progress.Part(((Number) m[1]).intValue(),
                        ((Number) m[4]).intValue()));
            }
        }
        LocalDate yesterday = today.minusDays(1);
        BigDecimal onTime = from.isAfter(yesterday) ? null : Measures.onTimeShare(milestones, from, to.isAfter(yesterday) ? yesterday : to);
        List<Integer> satisfaction = new ArrayList<>();
        List<Integer> fairness = new ArrayList<>();
        rows.feedback().forEach(f -> {
            satisfaction.add(((Number) f[0]).intValue());
            fairness.add(((Number) f[1]).intValue());
        });
        return new Facts(contributors, new HashSet<>(rows.participants()), benefits, currency, byFormat, recipientsByFormat,
                recipientsByMonth, points, allocated, skillContributions, skillHours, skillMembers, newRoles, stages, scaled, reached,
                onTime, Measures.planProgress(plans.values()), satisfaction, fairness);
    }

    List<Section> build(Facts now, Facts before) {
        List<Section> sections = new ArrayList<>();
        sections.add(new Section("access", "Access to resources", List.of(
                count("activeMembers", "Active members", active(now).size(), active(before).size(),
                        "Members with a verified contribution in the period or taking part in one of the partnership's initiatives during it."),
                ratio("shareReceivingBenefit", "Share of active members who received a benefit", receiving(now), active(now).size(),
                        receiving(before), active(before).size(),
                        "Active members who received any published allocation in the period, divided by active members."),
                money("totalBenefits", "Total benefits", now, now.benefitsByMember().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add),
                        before, before.benefitsByMember().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add),
                        "The sum of the allocations published in the period (in the currency most of them were in)."),
                money("medianBenefit", "Median benefit per recipient", now, Measures.median(List.copyOf(now.benefitsByMember().values())),
                        before, Measures.median(List.copyOf(before.benefitsByMember().values())),
                        "The middle of what each recipient received in the period (the mean of the middle two for an even count)."))));
        List<Figure> formats = new ArrayList<>();
        for (String format : List.of("STIPEND", "PROFESSIONAL_DEVELOPMENT", "EXPOSURE")) {
            formats.add(Figure.of("benefits" + format, "Benefits as " + format.toLowerCase().replace('_', ' '), byFormat(now, format),
                    byFormat(before, format), now.currency(), "The allocations of the period in this reward format (shown when at least "
                            + smallest + " members received it)."));
        }
        sections.add(new Section("access-by-format", "Benefits by format", formats));
        List<Figure> skills = new ArrayList<>(List.of(
                Figure.of("skillContributions", "Mentoring and training contributions", skill(now, Long.toString(now.skillContributions())),
                        skill(before, Long.toString(before.skillContributions())), "contributions",
                        "Verified MENTORING and TRAINING contributions made in the period (shown when at least " + smallest + " members made them)."),
                Figure.of("skillHours", "Hours of mentoring and training", skill(now, plain(now.skillHours())), skill(before, plain(before.skillHours())),
                        "hours", "Their hours."),
                count("skillMembers", "Members who mentored or trained", now.skillMembers().size(), before.skillMembers().size(),
                        "Distinct members with a verified MENTORING or TRAINING contribution in the period.")));
        skills.addAll(newRoles(now, before));
        sections.add(new Section("skills", "Skill development", skills));
        List<Figure> impact = new ArrayList<>();
        now.stages().forEach((stage, n) -> impact.add(Figure.of("initiatives" + stage, "Initiatives in " + stage.toLowerCase().replace('_', ' '),
                Long.toString(n), Long.toString(before.stages().getOrDefault(stage, 0L)), "initiatives",
                "Initiatives of the partnership in this stage at the end of the period.")));
        impact.add(Figure.of("pilotsScaled", "Pilots scaled", Long.toString(now.scaled()), Long.toString(before.scaled()), "initiatives",
                "Initiatives that moved to SCALED in the period."));
        impact.add(count("participantsReached", "Participants reached", now.participants().size(), before.participants().size(),
                "Distinct members taking part in one of the partnership's initiatives at some time in the period."));
        impact.add(Figure.of("milestonesReached", "Milestones reached", Long.toString(now.milestonesReached()),
                Long.toString(before.milestonesReached()), "milestones", Measures.MILESTONES_REACHED));
        impact.add(Figure.of("milestonesOnTime", "Milestones reached on time", plain(now.milestonesOnTime()), plain(before.milestonesOnTime()),
                "share", Measures.MILESTONES_ON_TIME));
        impact.add(Figure.of("planProgress", "Mean plan progress", plain(now.planProgress()), plain(before.planProgress()), "%",
                Measures.PLAN_PROGRESS));
        sections.add(new Section("local-impact", "Local impact", impact));
        sections.add(new Section("satisfaction", "Member satisfaction", satisfaction(now, before)));
        sections.add(new Section("fairness", "Fairness", fairness(now, before)));
        return sections;
    }

    /**
     * Members who took a new role, and the same members by their most senior new role: counts of people that add up to
     * the total, so suppressed together (a small count, and whatever would give it away by subtraction, is withheld).
     */
    private List<Figure> newRoles(Facts now, Facts before) {
        SmallCells.Row<String> row = SmallCells.row(Measures.newRolesByKind(now.newRoles().values()), smallest);
        SmallCells.Row<String> rowBefore = SmallCells.row(Measures.newRolesByKind(before.newRoles().values()), smallest);
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of("newRoles", "Members who took a new role", row.total().shown(), rowBefore.total().shown(), "members",
                Measures.NEW_ROLES));
        Map<String, String> labels = Map.of("lead", "Took a lead role", "shadow", "Shadowed a lead", "committee", "Took a committee seat");
        row.cells().forEach((kind, cell) -> figures.add(Figure.of("newRoles" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1),
                labels.get(kind), cell.shown(), rowBefore.cells().get(kind).shown(), "members", Measures.NEW_ROLES_BY_KIND)));
        return figures;
    }

    private String skill(Facts f, String value) {
        int n = f.skillMembers().size();
        return n > 0 && n < smallest ? SmallCells.fewerThan(smallest) + " members: not shown" : value;
    }

    private String byFormat(Facts f, String format) {
        int n = f.recipientsByFormat().getOrDefault(format, Set.of()).size();
        if (n == 0) {
            return "0";
        }
        return n < smallest ? SmallCells.fewerThan(smallest) + " recipients: not shown" : amount(f, f.benefitsByFormat().get(format));
    }

    private static Set<UUID> active(Facts f) {
        Set<UUID> active = new HashSet<>(f.contributors());
        active.addAll(f.participants());
        return active;
    }

    private static int receiving(Facts f) {
        Set<UUID> active = active(f);
        return (int) f.benefitsByMember().entrySet().stream().filter(e -> e.getValue().signum() > 0 && active.contains(e.getKey())).count();
    }

    private Figure count(String key, String label, long now, long before, String definition) {
        return Figure.of(key, label, SmallCells.one(now, smallest).shown(), SmallCells.one(before, smallest).shown(), "members", definition);
    }

    private Figure ratio(String key, String label, long part, long whole, long partBefore, long wholeBefore, String definition) {
        return Figure.of(key, label, share(part, whole), share(partBefore, wholeBefore), "share", definition);
    }

    private String share(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        if (whole < smallest || (part > 0 && part < smallest) || (whole - part > 0 && whole - part < smallest)) {
            return SmallCells.fewerThan(smallest) + " in a group: not shown";
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 3, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** Money is shown only when enough members received it that no one's amount can be told. */
    private Figure money(String key, String label, Facts now, BigDecimal value, Facts before, BigDecimal previous, String definition) {
        return Figure.of(key, label, amount(now, value), amount(before, previous), now.currency() == null ? null : now.currency(), definition);
    }

    private String amount(Facts f, BigDecimal value) {
        long recipients = f.benefitsByMember().size();
        if (recipients == 0 || value == null) {
            return recipients == 0 ? "0" : null;
        }
        if (recipients < smallest) {
            return SmallCells.fewerThan(smallest) + " recipients: not shown";
        }
        // a month with few recipients is hidden on its own; a longer period that contains it would give it away by subtraction
        if (f.recipientsByMonth().values().stream().anyMatch(s -> s.size() < smallest)) {
            return "a month in the period had " + SmallCells.fewerThan(smallest) + " recipients: not shown";
        }
        return value.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private List<Figure> satisfaction(Facts now, Facts before) {
        List<Figure> figures = new ArrayList<>();
        SmallCells.Row<Integer> row = distribution(now.satisfaction());
        SmallCells.Row<Integer> rowBefore = distribution(before.satisfaction());
        figures.add(Figure.of("answers", "Feedback answers", row.total().shown(), rowBefore.total().shown(), "answers",
                "Feedback given in the period (anonymous)."));
        // the mean and the total would pin a hidden count down: the mean is shown only when every count is
        figures.add(Figure.of("meanSatisfaction", "Mean satisfaction (1–5)", meanOf(now.satisfaction(), row), meanOf(before.satisfaction(), rowBefore),
                "1–5", "The mean of the satisfaction answers of the period, shown from " + smallest + " answers when no count of an answer is hidden."));
        row.cells().forEach((score, cell) -> figures.add(new Figure("satisfaction" + score, "Answered " + score, cell.shown(), null, null,
                "answers", "How many answered " + score + " (small counts, and what would reveal them, are withheld).")));
        return figures;
    }

    private SmallCells.Row<Integer> distribution(List<Integer> answers) {
        Map<Integer, Long> counts = new LinkedHashMap<>();
        for (int score = 1; score <= 5; score++) {
            int s = score;
            counts.put(score, answers.stream().filter(v -> v == s).count());
        }
        return SmallCells.row(counts, smallest);
    }

    private String meanOf(List<Integer> answers, SmallCells.Row<Integer> row) {
        if (row.cells().values().stream().anyMatch(SmallCells.Cell::hidden) && answers.size() >= smallest) {
            return "not shown: it would reveal a small count of answers";
        }
        return mean(answers);
    }

    private String mean(List<Integer> values) {
        if (values.isEmpty()) {
            return null;
        }
        return values.size() < smallest ? SmallCells.fewerThan(smallest) + " answers: not shown" : Measures.mean(values).toPlainString();
    }

    private List<Figure> fairness(Facts now, Facts before) {
        return List.of(
                Figure.of("gini", "Gini coefficient of benefits", gini(now), gini(before), "0–1", Measures.GINI),
                Figure.of("entropy", "Normalized entropy of benefits", entropy(now), entropy(before), "0–1", Measures.ENTROPY),
                Figure.of("pointsBenefitsGap", "Gap between shares of points and of benefits", gap(now, 0), gap(before, 0), "0–1", Measures.GAP),
                Figure.of("largestGap", "Largest gap for one member", gap(now, 1), gap(before, 1), "0–1", Measures.GAP),
                Figure.of("meanFairness", "Mean perceived fairness (1–5)", mean(now.fairness()), mean(before.fairness()), "1–5",
                        "The mean of the fairness answers of the period's feedback, shown from " + smallest + " answers."));
    }

    private List<BigDecimal> contributorBenefits(Facts f) {
        return f.contributors().stream().map(m -> f.benefitsByMember().getOrDefault(m, BigDecimal.ZERO)).toList();
    }

    private String gini(Facts f) {
        if (f.contributors().size() < smallest) {
            return f.contributors().isEmpty() ? null : SmallCells.fewerThan(smallest) + " contributors: not shown";
        }
        return plain(Measures.gini(contributorBenefits(f)));
    }

    private String entropy(Facts f) {
        if (f.contributors().size() < smallest) {
            return f.contributors().isEmpty() ? null : SmallCells.fewerThan(smallest) + " contributors: not shown";
        }
        return plain(Measures.normalizedEntropy(contributorBenefits(f)));
    }

    private String gap(Facts f, int which) {
        if (f.pointsByMember().size() < smallest) {
            return f.pointsByMember().isEmpty() ? null : SmallCells.fewerThan(smallest) + " recipients: not shown";
        }
        List<UUID> members = List.copyOf(f.pointsByMember().keySet());
        BigDecimal[] gap = Measures.shareGap(members.stream().map(f.pointsByMember()::get).toList(),
                members.stream().map(f.allocatedByMember()::get).toList());
        return gap == null ? null : plain(gap[which]);
    }

    private static String plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }
}
