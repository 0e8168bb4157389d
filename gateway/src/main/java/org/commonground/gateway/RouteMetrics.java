package org.commonground.gateway;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The gateway proxies every path under one route, so Quarkus tags its request metrics with the raw path: one series
 * per id ever requested. This names the path's shape instead (ids and numbers become {id}), and a request the
 * gateway refused as unknown (404) is tagged NOT_FOUND, so the metrics' size does not grow with traffic.
 */
public class RouteMetrics {

    private static final Pattern UUID_SEGMENT = Pattern.compile("/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?=/|$)");
    private static final Pattern OTHER_ID = Pattern.compile("/(?=[^/]*\\d)[A-Za-z0-9_.~-]{16,}(?=/|$)|/\\d+(?=/|$)");

    static String shape(String uri, String status) {
        if ("404".equals(status)) {
            return "NOT_FOUND";
        }
        return OTHER_ID.matcher(UUID_SEGMENT.matcher(uri).replaceAll("/{id}")).replaceAll("/{id}");
    }

    @Produces
    @Singleton
    MeterFilter routeShapes() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith("http.server.")) {
                    return id;
                }
                String uri = id.getTag("uri");
                if (uri == null) {
                    return id;
                }
                String shaped = shape(uri, id.getTag("status"));
                if (shaped.equals(uri)) {
                    return id;
                }
                List<Tag> tags = new ArrayList<>();
                id.getTagsAsIterable().forEach(tag -> tags.add(tag.getKey().equals("uri") ? Tag.of("uri", shaped) : tag));
                return id.replaceTags(tags);
            }
        };
    }
}
