package org.commonground.platform.tokens;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens whose signature and claims Quarkus OIDC verified, each with the identity it made, kept until the token
 * expires. Checking a token (decoding it, parsing its JSON more than once, an RSA signature) was the largest single cost
 * of a request in the gateway and in member-service under load (a quarter of their CPU, measured with JFR by
 * {@code deploy/local/stack bench}); a member's app sends the same token for minutes.
 * <p>
 * Only the exact text of a token that verified is remembered: a token altered in any character is a different key and is
 * verified afresh (and refused). An entry is never used at or after the token's {@code exp}. The cache is bounded (2,000
 * by default: an entry holds the token and its parsed claims, a few KB by estimate, and the gateway's heap is 96 MB):
 * when full, expired entries are dropped, and if none had expired, all are (the next requests verify again). It assumes
 * one OIDC tenant per process, as every Commonground app has: a remembered identity is not re-checked per tenant.
 */
@ApplicationScoped
public class VerifiedTokens {

    record Verified(SecurityIdentity identity, Instant expires) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final int capacity;
    private final boolean enabled;
    private final Clock clock;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    @jakarta.inject.Inject
    VerifiedTokens(@ConfigProperty(name = "commonground.verified-tokens.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "commonground.verified-tokens.capacity", defaultValue = "2000") int capacity,
            MeterRegistry metrics) {
        this(enabled, capacity, Clock.systemUTC());
        metrics.gauge("commonground.verified.tokens", verified, Map::size);
        metrics.more().counter("commonground.verified.tokens.hits", java.util.List.of(), hits);
        metrics.more().counter("commonground.verified.tokens.misses", java.util.List.of(), misses);
    }

    VerifiedTokens(boolean enabled, int capacity, Clock clock) {
        this.enabled = enabled;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The identity a still-valid token made when it was verified, or null: verify it. */
    SecurityIdentity identityOf(String token) {
        if (!enabled) {
            return null;
        }
        Verified entry = verified.get(token);
        if (entry == null) {
            misses.incrementAndGet();
            return null;
        }
        if (!clock.instant().isBefore(entry.expires())) {
            verified.remove(token, entry);
            misses.incrementAndGet();
            return null;
        }
        hits.incrementAndGet();
        return entry.identity();
    }

    /** Remembers a token that verified, until it expires. */
    void remember(String token, SecurityIdentity identity, Instant expires) {
        if (!enabled || !clock.instant().isBefore(expires)) {
            return;
        }
        if (verified.size() >= capacity) {
            makeRoom();
        }
        verified.put(token, new Verified(identity, expires));
    }

    boolean knows(String token) {
        return verified.containsKey(token);
    }

    int size() {
        return verified.size();
    }

    private void makeRoom() {
        Instant now = clock.instant();
        for (Iterator<Verified> it = verified.values().iterator(); it.hasNext();) {
            if (!now.isBefore(it.next().expires())) {
                it.remove();
            }
        }
        if (verified.size() >= capacity) {
            verified.clear();
        }
    }
}
