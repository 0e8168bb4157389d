package org.commonground.reporting.scorecard;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commonground.platform.governance.Progress;

/**
 * The scorecard's measures of fairness and spread, in plain Java. Every measure is defined where it is computed, and
 * the same words are served with each figure.
 */
public final class Measures {

    private static final MathContext MC = MathContext.DECIMAL64;

    private Measures() {
    }

    public static final String GINI = "Gini coefficient of the benefits received by the period's contributors (members with a verified"
            + " contribution in the period, those who received nothing included): 0 when everyone received the same, approaching 1"
            + " when one received everything. G = Σᵢ Σⱼ |xᵢ − xⱼ| ÷ (2 n² x̄).";
    public static final String ENTROPY = "Normalized entropy of how the benefits were spread over the contributors: H = −Σ pᵢ ln pᵢ ÷ ln n,"
            + " where pᵢ is a contributor's share of all benefits; 1 when spread evenly over all n, 0 when one received everything.";
    public static final String GAP = "Gap between shares of points and shares of benefits in the period's published allocations:"
            + " half the sum over members of |share of points − share of benefits| (0 = benefits followed points exactly, 1 ="
            + " no overlap); also the largest single gap.";

    public static final String NEW_ROLES = "Members who took a new role in the period: a seat on the co-design committee of one of the"
            + " partnership's initiatives, a term as such a committee's lead, or (for members active in the partnership in the period)"
            + " a term as lead of an affinity group or shadowing a lead to learn the role. A role counts on the day it begins; a term"
            + " cancelled before it began does not count, nor does a day still to come.";
    public static final String NEW_ROLES_BY_KIND = "The members who took a new role, each counted once under the most senior role they took:"
            + " lead (of a group or a committee), then shadow, then committee seat.";
    public static final String MILESTONES_REACHED = "Milestones of the partnership's initiatives that reached 100% in the period.";
    public static final String MILESTONES_ON_TIME = "Of the milestones due in the period (up to yesterday), the share reached by their"
            + " due date.";
    public static final String PLAN_PROGRESS = "The mean over the partnership's initiatives with milestones (retired ones aside) of each"
            + " plan's progress at the end of the period (or now, for the current period): the weighted mean of its milestones'"
            + " progress in whole percent, as the initiative shows it.";

    /** The most senior role first: what a member who took several is counted as. */
    public static final List<String> ROLE_KINDS = List.of("lead", "shadow", "committee");

    /**
     * Members by the most senior new role they took (lead, then shadow, then committee seat), from each member's kinds of
     * role ({@code group-lead}, {@code committee-lead}, {@code group-shadow}, {@code committee-seat}).
     */
    public static Map<String, Long> newRolesByKind(Collection<Set<String>> rolesOfEachMember) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ROLE_KINDS.forEach(k -> counts.put(k, 0L));
        for (Set<String> roles : rolesOfEachMember) {
            String kind = roles.contains("group-lead") || roles.contains("committee-lead") ? "lead"
                    : roles.contains("group-shadow") ? "shadow" : roles.contains("committee-seat") ? "committee" : null;
            if (kind != null) {
                counts.merge(kind, 1L, Long::sum);
            }
        }
        return counts;
    }

    /** A milestone as the scorecard weighs it. */
    public record Milestone(LocalDate dueOn, LocalDate doneOn) {
    }

    /** Of the milestones due from {@code from} to {@code to}, the share reached by their due date; null when none was due. */
    public static BigDecimal onTimeShare(List<Milestone> milestones, LocalDate from, LocalDate to) {
        List<Milestone> due = milestones.stream().filter(m -> !m.dueOn().isBefore(from) && !m.dueOn().isAfter(to)).toList();
        if (due.isEmpty()) {
            return null;
        }
        long onTime = due.stream().filter(m -> m.doneOn() != null && !m.doneOn().isAfter(m.dueOn())).count();
        return BigDecimal.valueOf(onTime).divide(BigDecimal.valueOf(due.size()), 3, RoundingMode.HALF_EVEN);
    }

    /** The mean of each plan's progress (whole percent, as initiatives show it), to one decimal; null for no plan. */
    public static BigDecimal planProgress(Collection<List<Progress.Part>> plans) {
        List<Integer> each = plans.stream().filter(p -> !p.isEmpty()).map(Progress::of).toList();
        if (each.isEmpty()) {
            return null;
        }
        return BigDecimal.valueOf(each.stream().mapToInt(Integer::intValue).sum()).divide(BigDecimal.valueOf(each.size()), 1,
                RoundingMode.HALF_EVEN);
    }

    /** The Gini coefficient of non-negative values; null for no values, 0 when they are all equal or all zero. */
    public static BigDecimal gini(List<BigDecimal> values) {
        int n = values.size();
        if (n == 0) {
            return null;
        }
        BigDecimal total = sum(values);
        if (total.signum() == 0) {
            return BigDecimal.ZERO.setScale(4);
        }
        // with the values sorted: G = (2 Σ i·xᵢ) / (n Σ xᵢ) − (n + 1) / n, i = 1..n, an exact rearrangement of the pairwise sum
        List<BigDecimal> sorted = new ArrayList<>(values);
        sorted.sort(null);
        BigDecimal weighted = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            weighted = weighted.add(sorted.get(i).multiply(BigDecimal.valueOf(i + 1L)));
        }
        BigDecimal nb = BigDecimal.valueOf(n);
        BigDecimal g = weighted.multiply(BigDecimal.valueOf(2)).divide(nb.multiply(total), MC)
                .subtract(nb.add(BigDecimal.ONE).divide(nb, MC));
        return g.setScale(4, RoundingMode.HALF_EVEN);
    }

    /** Normalized Shannon entropy of the values' shares; null for no values or no total, 1 for a single recipient. */
    public static BigDecimal normalizedEntropy(List<BigDecimal> values) {
        int n = values.size();
        BigDecimal total = sum(values);
        if (n == 0 || total.signum() == 0) {
            return null;
        }
        if (n == 1) {
            return BigDecimal.ONE.setScale(4);
        }
        double h = 0;
        for (BigDecimal v : values) {
            if (v.signum() > 0) {
                double p = v.divide(total, MC).doubleValue();
                h -= p * Math.log(p);
            }
        }
        return BigDecimal.valueOf(h / Math.log(n)).setScale(4, RoundingMode.HALF_EVEN);
    }

    /** The gap between the points and benefit shares of the same members: {total variation, largest single gap}. */
    public static BigDecimal[] shareGap(List<BigDecimal> points, List<BigDecimal> benefits) {
        BigDecimal totalPoints = sum(points);
        BigDecimal totalBenefits = sum(benefits);
        if (points.isEmpty() || totalPoints.signum() == 0 || totalBenefits.signum() == 0) {
            return null;
        }
        BigDecimal half = BigDecimal.ZERO;
        BigDecimal largest = BigDecimal.ZERO;
        for (int i = 0; i < points.size(); i++) {
            BigDecimal gap = points.get(i).divide(totalPoints, MC).subtract(benefits.get(i).divide(totalBenefits, MC)).abs();
            half = half.add(gap);
            largest = largest.max(gap);
        }
        return new BigDecimal[] { half.divide(BigDecimal.valueOf(2), MC).setScale(4, RoundingMode.HALF_EVEN),
                largest.setScale(4, RoundingMode.HALF_EVEN) };
    }

    /** The median; the mean of the middle two for an even count; null for none. */
    public static BigDecimal median(List<BigDecimal> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<BigDecimal> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), MC);
    }

    public static BigDecimal mean(List<Integer> values) {
        if (values.isEmpty()) {
            return null;
        }
        return BigDecimal.valueOf(values.stream().mapToInt(Integer::intValue).sum()).divide(BigDecimal.valueOf(values.size()), 2,
                RoundingMode.HALF_EVEN);
    }

    static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
