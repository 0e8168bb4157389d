package org.commonground.gateway;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The gateway's own answers, as RFC 9457 problem details with the same stable types the services use
 * ({@code urn:commonground:problem:...}).
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static Buffer body(int status, String slug, String title, String detail, String instance) {
        JsonObject problem = new JsonObject()
                .put("type", "urn:commonground:problem:" + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        return problem.toBuffer();
    }

    static void send(RoutingContext rc, int status, String slug, String title, String detail) {
        if (rc.response().ended()) {
            return;
        }
        if (rc.response().headWritten()) {
            rc.response().end();
            return;
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", MEDIA_TYPE)
                .end(body(status, slug, title, detail, rc.normalizedPath()));
    }

    static void unauthenticated(RoutingContext rc, String detail) {
        rc.response().putHeader("WWW-Authenticate", "Bearer");
        send(rc, 401, "unauthenticated", "A valid access token is required", detail);
    }
}
