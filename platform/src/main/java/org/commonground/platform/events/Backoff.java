package org.commonground.platform.events;

import java.time.Duration;

/** Exponential back-off between a first and a largest delay: 1×, 2×, 4× ... the first, capped. */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private int failures;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
    }

    Duration next() {
        failures++;
        return delayFor(failures, first, max);
    }

    void reset() {
        failures = 0;
    }

    static Duration delayFor(int attempt, Duration first, Duration max) {
        if (attempt <= 0) {
            return Duration.ZERO;
        }
        long millis = first.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
