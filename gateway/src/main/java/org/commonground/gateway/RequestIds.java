package org.commonground.gateway;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request through the gateway carries an {@code X-Request-Id}: the caller's, when it is a sane token,
 * or a new one. It is forwarded to the service and returned to the caller, so one id follows a request
 * through every log.
 */
final class RequestIds {

    static final String HEADER = "X-Request-Id";
    static final String KEY = "commonground.request-id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private RequestIds() {
    }

    static void assign(RoutingContext rc) {
        String given = rc.request().getHeader(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
        rc.put(KEY, id);
        rc.addHeadersEndHandler(v -> rc.response().headers().set(HEADER, id));
        rc.next();
    }

    static String of(RoutingContext rc) {
        return rc.get(KEY);
    }
}
