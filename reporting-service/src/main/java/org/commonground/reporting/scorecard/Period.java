package org.commonground.reporting.scorecard;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonground.platform.problem.ProblemException;

/**
 * A reporting period: a month ({@code 2026-07}), a quarter ({@code 2026-Q3}) or a year ({@code 2026}), with the one
 * before it (for the change a figure shows). Days are UTC dates, both ends included.
 */
public record Period(String name, LocalDate from, LocalDate to) {

    private static final Pattern MONTH = Pattern.compile("(\\d{4})-(\\d{2})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q(\\d)");
    private static final Pattern YEAR = Pattern.compile("(\\d{4})");

    /** Reads a period; a malformed one, or one that has not begun by {@code today}, is a 400 naming the field. */
    public static Period parse(String text, LocalDate today) {
        if (text == null || text.isBlank()) {
            throw ProblemException.invalid("period", "is required: a month (2026-07), a quarter (2026-Q3) or a year (2026)");
        }
        Period period = read(text.strip());
        if (period == null) {
            throw ProblemException.invalid("period", "'" + text + "' is not a month (2026-07), a quarter (2026-Q1 to 2026-Q4) or a year (2026)");
        }
        if (period.from().isAfter(today)) {
            throw ProblemException.invalid("period", "'" + text + "' has not begun yet: nothing can be reported for it");
        }
        if (period.from().getYear() < 2000) {
            throw ProblemException.invalid("period", "'" + text + "' is before the community kept records");
        }
        return period;
    }

    private static Period read(String text) {
        Matcher m = MONTH.matcher(text);
        if (m.matches()) {
            int month = Integer.parseInt(m.group(2));
            if (month < 1 || month > 12) {
                return null;
            }
            YearMonth ym = YearMonth.of(Integer.parseInt(m.group(1)), month);
            return new Period(text, ym.atDay(1), ym.atEndOfMonth());
        }
        m = QUARTER.matcher(text);
        if (m.matches()) {
            int quarter = Integer.parseInt(m.group(2));
            if (quarter < 1 || quarter > 4) {
                return null;
            }
            LocalDate from = LocalDate.of(Integer.parseInt(m.group(1)), (quarter - 1) * 3 + 1, 1);
            return new Period(text, from, from.plusMonths(3).minusDays(1));
        }
        m = YEAR.matcher(text);
        if (m.matches()) {
            int year = Integer.parseInt(m.group(1));
            return new Period(text, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
        }
        return null;
    }

    /** The period of the same kind just before this one. */
    public Period previous() {
        if (name.contains("-Q")) {
            LocalDate from = this.from.minusMonths(3);
            return new Period(from.getYear() + "-Q" + ((from.getMonthValue() - 1) / 3 + 1), from, this.from.minusDays(1));
        }
        if (name.length() == 7) {
            YearMonth ym = YearMonth.from(from).minusMonths(1);
            return new Period(ym.toString(), ym.atDay(1), ym.atEndOfMonth());
        }
        return new Period(Integer.toString(from.getYear() - 1), from.minusYears(1), to.minusYears(1));
    }

    /** The first instant of the period (its first day, 00:00 UTC). */
    public java.time.Instant start() {
        return from.atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    }

    /** The first instant after the period (the day after its last, 00:00 UTC). */
    public java.time.Instant end() {
        return to.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
