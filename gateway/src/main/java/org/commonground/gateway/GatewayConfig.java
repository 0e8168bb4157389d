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

    /** Paths served without a token (prefixes); everything else under /api needs one. */
    List<String> publicPaths();

    interface Upstream {
        URI url();

        List<String> prefixes();
    }
}
