package org.commonground.reporting.scorecard;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import org.commonground.platform.persistence.NativeSql;

/** How fresh reporting's views are: the time of the newest event applied from the streams they rest on. */
public final class Freshness {

    private Freshness() {
    }

    public static Uni<Instant> asOf() {
        return NativeSql.rows("SELECT max(last_event_at) FROM read_model WHERE name IN ('members', 'consents', 'initiatives',"
                + " 'contributions', 'benefits')").map(rows -> rows.isEmpty() ? null : NativeSql.instant(rows.get(0)[0]));
    }
}
