package org.commonground.platform.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every metric of a service carries {@code application=<service>}, so dashboards and alerts group by service
 * wherever the metrics are scraped; HTTP server timings also get histogram buckets (the SLO bounds below), from
 * which Prometheus computes p99 per route.
 */
public class ApplicationTag {

    /** the histogram's bucket bounds, in nanoseconds as Micrometer keeps timers: 5 ms to 10 s */
    static final double[] BOUNDS = java.util.stream.Stream.of(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)).mapToDouble(Duration::toNanos).toArray();

    @Produces
    @Singleton
    MeterFilter application(@ConfigProperty(name = "quarkus.application.name") String application) {
        return MeterFilter.commonTags(Tags.of("application", application));
    }

    @Produces
    @Singleton
    MeterFilter httpServerHistogram() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(BOUNDS).build().merge(config);
            }
        };
    }
}
