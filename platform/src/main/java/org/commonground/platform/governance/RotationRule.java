package org.commonground.platform.governance;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The published rules of leadership terms, in plain Java: the one rotation rule of the community, applied to the
 * leads of affinity groups (member-service) and of co-design committees (initiative-service). One member's terms in one group never overlap. A lead
 * serves at most {@code maxConsecutive} terms in a row; terms are in a row when less than {@code restDays} days
 * separate them, so a lead who reached the limit steps aside for at least that long before serving again.
 */
public record RotationRule(int maxConsecutive, int restDays) {

    /** A term's first and last day. */
    public record Span(LocalDate first, LocalDate last) {
        boolean overlaps(Span other) {
            return !first.isAfter(other.last) && !other.first.isAfter(last);
        }
    }

    /** The rule a new term would break, with why; empty when it keeps them all. */
    public Optional<Broken> check(List<Span> sameLeadTerms, Span proposed) {
        for (Span term : sameLeadTerms) {
            if (term.overlaps(proposed)) {
                return Optional.of(new Broken("no-overlap", "This lead already has a term from " + term.first
                        + " to " + term.last + " in this group; terms of one lead must not overlap."));
            }
        }
        List<Span> all = new ArrayList<>(sameLeadTerms);
        all.add(proposed);
        all.sort(Comparator.comparing(Span::first));
        int at = all.indexOf(proposed);
        int streak = 1;
        for (int i = at; i > 0 && inARow(all.get(i - 1), all.get(i)); i--) {
            streak++;
        }
        for (int i = at; i < all.size() - 1 && inARow(all.get(i), all.get(i + 1)); i++) {
            streak++;
        }
        if (streak > maxConsecutive) {
            return Optional.of(new Broken("rotation", "Rotation rule: a lead serves at most " + maxConsecutive
                    + " consecutive terms in this group, then steps aside for at least " + restDays
                    + " days; this term would be number " + streak + " in a row."));
        }
        return Optional.empty();
    }

    private boolean inARow(Span earlier, Span later) {
        long gap = ChronoUnit.DAYS.between(earlier.last, later.first) - 1;
        return gap < restDays;
    }

    public record Broken(String rule, String detail) {
    }
}
