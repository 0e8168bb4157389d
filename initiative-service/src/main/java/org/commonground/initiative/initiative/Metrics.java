package org.commonground.initiative.initiative;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The progression metrics, measured from this service's own data over the last 30 days: engagement (participants
 * with a verified contribution ÷ enrolled), mean satisfaction from feedback, and the stewards' latest quality rating.
 */
public final class Metrics {

    static final Duration WINDOW = Duration.ofDays(30);

    private Metrics() {
    }

    /** What was measured; a value is null when there is nothing to measure it from. */
    public record Measured(Instant measuredAt, long enrolled, long active, BigDecimal engagementRate, BigDecimal meanSatisfaction,
            long feedbackCount, BigDecimal qualityScore) {

        public BigDecimal value(Criterion.Metric metric) {
            return switch (metric) {
                case ENGAGEMENT_RATE -> engagementRate;
                case MEAN_SATISFACTION -> meanSatisfaction;
                case QUALITY_SCORE -> qualityScore;
            };
        }
    }

    private static final String ENROLLED = "SELECT count(DISTINCT member_id) FROM participation WHERE initiative_id = ?1"
            + " AND joined_at <= ?2 AND (left_at IS NULL OR left_at >= ?3)";
    private static final String ACTIVE = "SELECT count(DISTINCT c.member_id) FROM contribution c WHERE c.initiative_id = ?1"
            + " AND c.status = 'VERIFIED' AND c.occurred_on >= ?4 AND EXISTS (SELECT 1 FROM participation p"
            + " WHERE p.initiative_id = c.initiative_id AND p.member_id = c.member_id AND p.joined_at <= ?2"
            + " AND (p.left_at IS NULL OR p.left_at >= ?3))";
    private static final String SATISFACTION = "SELECT avg(satisfaction), count(*) FROM feedback WHERE initiative_id = ?1"
            + " AND submitted_at >= ?2";
    private static final String QUALITY = "SELECT score FROM quality_rating WHERE initiative_id = ?1 ORDER BY rated_at DESC LIMIT 1";

    public static Uni<Measured> measure(UUID initiativeId, Instant now) {
        OffsetDateTime to = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        OffsetDateTime from = to.minus(WINDOW);
        LocalDate since = from.toLocalDate();
        return Panache.getSession().chain(session -> session.createNativeQuery(ENROLLED, Long.class)
                        .setParameter(1, initiativeId).setParameter(2, to).setParameter(3, from).getSingleResult()
                .chain(enrolled -> session.createNativeQuery(ACTIVE, Long.class)
                        .setParameter(1, initiativeId).setParameter(2, to).setParameter(3, from).setParameter(4, since).getSingleResult()
                .chain(active -> session.createNativeQuery(SATISFACTION, Object[].class)
                        .setParameter(1, initiativeId).setParameter(2, from).getSingleResult()
                .chain(satisfaction -> session.createNativeQuery(QUALITY, BigDecimal.class).setParameter(1, initiativeId).getResultList()
                .map(quality -> {
                    BigDecimal rate = enrolled == 0 ? null
                            : BigDecimal.valueOf(active).divide(BigDecimal.valueOf(enrolled), 3, RoundingMode.HALF_EVEN);
                    BigDecimal mean = satisfaction[0] == null ? null
                            : new BigDecimal(satisfaction[0].toString()).setScale(2, RoundingMode.HALF_EVEN);
                    BigDecimal score = quality.isEmpty() ? null : quality.get(0);
                    return new Measured(now, enrolled, active, rate, mean, ((Number) satisfaction[1]).longValue(), score);
                })))));
    }
}
