package org.commonground.gateway;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The gateway's route table: a path goes to the service that owns the longest prefix matching it.
 * Paths are never rewritten: {@code /api/members/me} is {@code /api/members/me} at member-service too.
 */
public record Route(String prefix, String service, URI origin) {

    /** A prefix matches the path itself and everything below it, never a longer name ({@code /api/member} is not {@code /api/members}). */
    boolean matches(String path) {
        return path.equals(prefix) || path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    static List<Route> table(Map<String, GatewayConfig.Upstream> services) {
        return services.entrySet().stream()
                .flatMap(e -> e.getValue().prefixes().stream().map(p -> new Route(p, e.getKey(), e.getValue().url())))
                .sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed())
                .collect(Collectors.toUnmodifiableList());
    }

    static Optional<Route> find(List<Route> table, String path) {
        return table.stream().filter(r -> r.matches(path)).findFirst();
    }
}
