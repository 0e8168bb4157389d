package org.commonground.member.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.commonground.platform.problem.ProblemException;

/** The rules of consent time, in plain Java: when a grant lapses, and which reminder is due. */
public final class ConsentRules {

    /** Reminders go out this many days before a consent lapses, each once. */
    public static final List<Integer> REMINDER_DAYS = List.of(30, 7);

    private ConsentRules() {
    }

    /**
     * When a grant made now lapses: on the day the member chose (at 00:00 UTC), at most the purpose's longest
     * duration after now, which also applies when the member chose no day. Null: until withdrawn.
     */
    public static Instant expiry(ConsentPurpose purpose, LocalDate expiresOn, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Optional<Instant> longest = purpose.longest().map(p -> now.atZone(ZoneOffset.UTC).plus(p).toInstant());
        if (expiresOn == null) {
            return longest.orElse(null);
        }
        if (!expiresOn.isAfter(today)) {
            throw ProblemException.invalid("expiresOn", "must be a day after today");
        }
        if (expiresOn.isAfter(today.plusYears(10))) {
            throw ProblemException.invalid("expiresOn", "must be within 10 years; a consent without a day lasts until withdrawn");
        }
        Instant chosen = expiresOn.atStartOfDay(ZoneOffset.UTC).toInstant();
        if (longest.isPresent() && chosen.isAfter(longest.get())) {
            throw ProblemException.invalid("expiresOn", "must be at most " + describe(purpose.longest().get())
                    + " from now: " + purpose.slug() + " is re-confirmed at least that often");
        }
        return chosen;
    }

    /** The reminder due for a consent lapsing at {@code expiresAt}, given the last one sent; empty when none is. */
    public static Optional<Integer> reminderDue(Instant expiresAt, Integer lastReminded, Instant now) {
        if (expiresAt == null || !expiresAt.isAfter(now)) {
            return Optional.empty();
        }
        long hoursLeft = java.time.Duration.between(now, expiresAt).toHours();
        Optional<Integer> due = Optional.empty();
        for (int days : REMINDER_DAYS) {
            if (hoursLeft <= days * 24L) {
                due = Optional.of(days); // the nearest threshold passed
            }
        }
        return due.filter(days -> lastReminded == null || days < lastReminded);
    }

    private static String describe(Period period) {
        return period.getYears() > 0 ? period.getYears() + " years" : period.getMonths() + " months";
    }
}
