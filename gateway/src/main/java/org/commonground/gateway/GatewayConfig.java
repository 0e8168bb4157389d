package org.commonground.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The route table and limits of the gateway (application.properties; each value overridable by environment). */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The services behind the gateway, by name: where each is and which path prefixes it owns. */
    Map<String, Upstream> services();

    /** How long a service may stay silent before the gateway answers 504. */
    @WithDefault("15s")
    Duration timeout();

    /** How long connecting to a service may take before the gateway answers 502. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** The largest request body the gateway forwards, in bytes. */
    @WithDefault("1048576")
    long maxBodySize();

    /** The longest path and query the gateway forwards, in characters: a longer one is 414, as a problem detail. */
    @WithDefault("4096")
    int maxUriLength();

    /** Paths served without a token (prefixes); everything else under /api needs one. */
    List<String> publicPaths();

    /** Strict-Transport-Security on every answer (browsers heed it over HTTPS only): off only for a plain-HTTP setup. */
    @WithDefault("true")
    boolean hsts();

    /** How many requests a caller may make: over the limit, 429 with Retry-After. */
    RateLimit rateLimit();

    interface RateLimit {
        /** Off only where a machine makes every call (a benchmark): never in production. */
        @WithDefault("true")
        boolean enabled();

        /** Each signed-in subject (a member, a steward, a partner's service account). */
        @WithDefault("600")
        int perSubjectPerMinute();

        @WithDefault("120")
        int perSubjectBurst();

        /** Each partner client, whichever of its credentials call. */
        @WithDefault("1200")
        int perClientPerMinute();

        @WithDefault("200")
        int perClientBurst();

        /** Each address calling without a token (the public pages and API). */
        @WithDefault("600")
        int perAddressPerMinute();

        @WithDefault("120")
        int perAddressBurst();
    }

    interface Upstream {
        URI url();

        List<String> prefixes();
    }
}
