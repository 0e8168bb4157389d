package org.commonground.reporting.transparency;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.commonground.reporting.scorecard.Scorecards;

/**
 * What a partnership did in a period, for anyone to read: funding and budget against actuals, pools shared, initiatives
 * and their stages, decisions with their rationale, escalations, the scorecard, and the members who chose to be
 * recognised with what they contributed, members' showcases published in the period (while public, under the names
 * their authors chose) and the lessons learned recorded in it (unsigned). No one else is named; counts of people below
 * the smallest group are hidden.
 */
public record TransparencyReport(UUID partnershipId, String partnership, String partner, String period, LocalDate from, LocalDate to,
        Instant asOf, int smallestGroup, Funding funding, List<BudgetLine> budget, List<PoolShared> pools, List<InitiativeStage> initiatives,
        List<DecisionEntry> decisions, Escalations escalations, List<Scorecards.Section> scorecard, List<Recognition> recognition,
        List<ShowcaseEntry> showcases, List<LessonEntry> lessons) {

    /** The funding the partnership's guidelines state (the version current at the end of the period). */
    public record Funding(String amount, String currency, String source, int guidelinesVersion) {
    }

    /** A budget line: planned, spent in the period, spent up to its end. */
    public record BudgetLine(String category, String planned, String spentInPeriod, String spentToDate, String currency) {
    }

    /** A pool shared in the period, in aggregate. */
    public record PoolShared(UUID poolId, String format, String currency, String total, String recipients, String held, Instant publishedAt) {
    }

    public record InitiativeStage(UUID initiativeId, String title, String kind, String stage) {
    }

    public record DecisionEntry(Instant at, String kind, String summary, String rationale) {
    }

    /** Escalations opened and resolved in the period, and how many were resolved by the date the stewards had to. */
    public record Escalations(long opened, long resolved, String onTimeRate) {
    }

    /** A member who allows public recognition, and what they contributed in the period. */
    public record Recognition(String displayName, long contributions, String hours) {
    }

    /** A showcase published in the period and public now: its author and every named co-author allow impact-stories. */
    public record ShowcaseEntry(UUID showcaseId, String initiative, String title, List<String> authors, Instant publishedAt) {
    }

    /** Lessons learned recorded in the period, unsigned: by the initiative's committee, or by a member. */
    public record LessonEntry(String initiative, String kind, String stage, String whatWorked, String whatDidNot, String doDifferently,
            String forWhom, Instant at) {
    }
}
