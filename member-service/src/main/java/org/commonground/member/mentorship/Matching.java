package org.commonground.member.mentorship;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * How offers are ranked for a request. Only open offers of other members who allow directory-listing now, that share at
 * least one skill with the request and are below their capacity (mentorships proposed or active), are candidates.
 * Each gets a score from 0 to 1, its fit times its freshness:
 * <ul>
 * <li>fit = 0.6 × the share of the requested skills the offer covers + 0.25 × the share of the requested times the
 * mentor is free too + 0.15 when they share a format (one-to-one, group, shadowing);</li>
 * <li>freshness = 1 ÷ (1 + half the matches proposed to the mentor in the last 30 days): each recent match weighs as
 * much as a good part of the fit, so someone not asked lately comes first and the same few people are not asked again
 * and again, even when they fit best.</li>
 * </ul>
 * Ties go to the mentor matched least lately, then to the older offer.
 */
public final class Matching {

    static final double SKILLS = 0.6;
    static final double TIMES = 0.25;
    static final double FORMAT = 0.15;
    static final int RECENT_DAYS = 30;
    static final int SUGGESTIONS = 10;

    private Matching() {
    }

    /** What a request asks for. */
    record Wanted(Set<String> skills, Set<String> availability, Set<String> formats) {
    }

    /** An open offer that could answer it, with the mentor's recent matches. */
    record Candidate(UUID offerId, UUID mentorId, Set<String> skills, Set<String> availability, Set<String> formats, long recentMatches,
            Instant offeredAt) {
    }

    /** A candidate with its score, and why, in words. */
    record Ranked(Candidate candidate, List<String> skills, List<String> sharedTimes, List<String> sharedFormats, double score,
            List<String> because) {
    }

    static List<Ranked> rank(Wanted wanted, List<Candidate> candidates) {
        List<Ranked> ranked = new ArrayList<>();
        for (Candidate c : candidates) {
            List<String> skills = wanted.skills().stream().filter(c.skills()::contains).sorted().toList();
            if (skills.isEmpty()) {
                continue;
            }
            List<String> times = wanted.availability().stream().filter(c.availability()::contains).sorted().toList();
            List<String> formats = wanted.formats().stream().filter(c.formats()::contains).sorted().toList();
            double fit = SKILLS * skills.size() / wanted.skills().size()
                    + TIMES * times.size() / Math.max(1, wanted.availability().size())
                    + (formats.isEmpty() ? 0 : FORMAT);
            double score = fit / (1 + c.recentMatches() / 2.0);
            List<String> because = List.of(
                    "teaches " + skills.size() + " of the " + wanted.skills().size() + " skills you asked for",
                    times.isEmpty() ? "no time in common yet" : "free when you are: " + String.join(", ", times),
                    formats.isEmpty() ? "prefers another format" : "offers " + String.join(", ", formats),
                    c.recentMatches() == 0 ? "not asked in the last " + RECENT_DAYS + " days"
                            : "asked " + c.recentMatches() + " time(s) in the last " + RECENT_DAYS + " days");
            ranked.add(new Ranked(c, skills, times, formats, Math.round(score * 1000) / 1000.0, because));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::score).reversed()
                .thenComparingLong(r -> r.candidate().recentMatches())
                .thenComparing(r -> r.candidate().offeredAt())
                .thenComparing(r -> r.candidate().offerId()));
        return ranked.size() > SUGGESTIONS ? List.copyOf(ranked.subList(0, SUGGESTIONS)) : List.copyOf(ranked);
    }
}
