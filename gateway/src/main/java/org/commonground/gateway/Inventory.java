package org.commonground.gateway;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operations each service declares in its OpenAPI document: the gateway forwards a request only when its service
 * declares its path (and method), so nothing undeclared (a framework endpoint, a forgotten route) is reachable from
 * outside. Learned from each service's {@code /q/openapi}, and learned again from time to time.
 */
final class Inventory {

    /** What the inventory says of a request. */
    enum Verdict {
        /** the service's document is not known (yet): the request goes on, the service answers */
        UNKNOWN_SERVICE,
        /** no operation of the service has this path */
        NO_PATH,
        /** the path exists, not with this method */
        NO_METHOD,
        DECLARED
    }

    private record Operation(Pattern path, Set<String> methods) {
    }

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    private final Map<String, List<Operation>> byService = new ConcurrentHashMap<>();

    /** Learns (again) what a service declares. */
    void learn(String service, JsonObject document) {
        List<Operation> operations = new ArrayList<>();
        document.getJsonObject("paths", new JsonObject()).forEach(entry -> {
            Set<String> methods = new TreeSet<>();
            ((JsonObject) entry.getValue()).fieldNames().stream().filter(METHODS::contains)
                    .forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
            operations.add(new Operation(template(entry.getKey()), methods));
        });
        byService.put(service, List.copyOf(operations));
    }

    boolean knows(String service) {
        return byService.containsKey(service);
    }

    Verdict check(String service, String method, String path) {
        List<Operation> operations = byService.get(service);
        if (operations == null) {
            return Verdict.UNKNOWN_SERVICE;
        }
        boolean pathFound = false;
        for (Operation operation : operations) {
            if (operation.path().matcher(path).matches()) {
                pathFound = true;
                // HEAD is a GET without its body; OPTIONS asks what a path allows
                if (operation.methods().contains(method) || (method.equals("HEAD") && operation.methods().contains("GET"))
                        || method.equals("OPTIONS")) {
                    return Verdict.DECLARED;
                }
            }
        }
        return pathFound ? Verdict.NO_METHOD : Verdict.NO_PATH;
    }

    /** {@code /api/members/{id}/access-log} as a pattern: each {parameter} is one path segment. */
    static Pattern template(String path) {
        StringBuilder regex = new StringBuilder();
        int at = 0;
        while (at < path.length()) {
            int open = path.indexOf('{', at);
            if (open < 0) {
                regex.append(Pattern.quote(path.substring(at)));
                break;
            }
            int close = path.indexOf('}', open);
            if (open > at) {
                regex.append(Pattern.quote(path.substring(at, open)));
            }
            regex.append("[^/]+");
            at = close < 0 ? path.length() : close + 1;
        }
        return Pattern.compile(regex.toString());
    }
}
