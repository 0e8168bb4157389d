package org.commonground.gateway;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets, one per key (a subject, a client, an address): each holds up to {@code burst} requests and refills at
 * {@code perMinute} a minute. A request takes one token or is refused with the seconds until one is back. Buckets left
 * full for a while are dropped, so the table stays as small as the set of recent callers. The limits hold per gateway
 * replica.
 */
final class RateLimits {

    /** A limit: how many a minute, and how many at once. */
    record Limit(int perMinute, int burst) {
        Limit {
            if (perMinute <= 0 || burst <= 0) {
                throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
            }
        }
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** 0 when the request may pass (a token is taken), or the whole seconds to wait before the next one would. */
    long take(String key, Limit limit, long nowNanos) {
        long[] wait = { 0 };
        buckets.compute(key, (k, bucket) -> {
            Bucket b = bucket == null ? new Bucket(limit.burst(), nowNanos) : bucket;
            double perNano = limit.perMinute() / 60e9;
            b.tokens = Math.min(limit.burst(), b.tokens + (nowNanos - b.updatedNanos) * perNano);
            b.updatedNanos = nowNanos;
            if (b.tokens >= 1) {
                b.tokens -= 1;
            } else {
                wait[0] = Math.max(1, (long) Math.ceil((1 - b.tokens) / perNano / 1e9));
            }
            return b;
        });
        return wait[0];
    }

    /** Drops the buckets untouched for longer than {@code idle} (they would be full again anyway). */
    void forgetIdle(Duration idle, long nowNanos) {
        buckets.values().removeIf(b -> nowNanos - b.updatedNanos > idle.toNanos());
    }

    int size() {
        return buckets.size();
    }
}
