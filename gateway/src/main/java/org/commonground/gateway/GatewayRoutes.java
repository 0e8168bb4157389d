package org.commonground.gateway;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The gateway: checks the caller's token (Quarkus OIDC, proactively, on every request), then hands the request
 * to the Vert.x reverse proxy, which forwards it unchanged (the bearer token included) to the service owning
 * its path. Whatever the gateway answers itself is a problem detail.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    private static final String ROUTE = "commonground.route";
    private static final String FAILURE = "commonground.failure";

    private final GatewayConfig config;
    private final List<Route> table;
    private final RateLimits limits = new RateLimits();
    private final Inventory inventory = new Inventory();
    private OpenApiAggregate openApi;
    private final RateLimits.Limit perSubject;
    private final RateLimits.Limit perClient;
    private final RateLimits.Limit perAddress;

    GatewayRoutes(GatewayConfig config) {
        this.config = config;
        this.table = Route.table(config.services());
        GatewayConfig.RateLimit r = config.rateLimit();
        this.perSubject = new RateLimits.Limit(r.perSubjectPerMinute(), r.perSubjectBurst());
        this.perClient = new RateLimits.Limit(r.perClientPerMinute(), r.perClientBurst());
        this.perAddress = new RateLimits.Limit(r.perAddressPerMinute(), r.perAddressBurst());
    }

    /** How long an idle connection to a service is kept for reuse: well under the services' idle timeout of 30 s. */
    static final int KEEP_ALIVE_SECONDS = 20;

    void install(@Observes Router router, Vertx vertx) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(200)
                .setKeepAlive(true)
                // a pooled connection is dropped here before a service drops it (quarkus.http.idle-timeout, 30 s): reusing
                // one the service is closing answered 502 "Connection was closed" (Vert.x keeps them 60 s by default)
                .setKeepAliveTimeout(KEEP_ALIVE_SECONDS));
        HttpProxy proxy = HttpProxy.reverseProxy(client)
                .origin(this::originRequest)
                .addInterceptor(new Forwarding());

        // a bucket left alone long enough to be full again is forgotten
        long refill = java.util.stream.Stream.of(perSubject, perClient, perAddress)
                .mapToLong(l -> (long) Math.ceil(l.burst() * 60_000.0 / l.perMinute())).max().orElse(60_000);
        vertx.setPeriodic(60_000, id -> limits.forgetIdle(java.time.Duration.ofMillis(refill), System.nanoTime()));
        router.route().order(Integer.MIN_VALUE).handler(RequestIds::assign);
        router.route().order(Integer.MIN_VALUE).handler(this::securityHeaders);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
        openApi = new OpenApiAggregate(client, config.services(), table);
        // what each service declares, learned now and every half minute (a service deployed with new routes is heard)
        learnInventory();
        vertx.setPeriodic(30_000, id -> learnInventory());
        router.routeWithRegex("/api(/.*)?|/dashboard(/.*)?").handler(rc -> forward(rc, proxy));
        router.get("/openapi").handler(rc -> openApi.merged().onComplete(merged -> {
            if (merged.succeeded()) {
                rc.response().putHeader("Content-Type", "application/json").end(merged.result().encodePrettily());
            } else {
                rc.fail(merged.cause());
            }
        }));
    }

    private void forward(RoutingContext rc, HttpProxy proxy) {
        if (rc.request().uri().length() > config.maxUriLength()) {
            Problems.send(rc, 414, "uri-too-long", "The address is too long",
                    "The path and query may be at most " + config.maxUriLength() + " characters.");
            return;
        }
        String raw = rc.request().path();
        String path = rc.normalizedPath();
        if (raw == null || !raw.equals(path)) {
            // "/api/public/../members" must not slip past the public-path check
            Problems.send(rc, 400, "validation", "The request is not valid", "The path must be in normal form (no '.', '..' or '//' segments).");
            return;
        }
        var route = Route.find(table, path);
        if (route.isEmpty()) {
            Problems.send(rc, 404, "not-found", "No such resource", "No service serves " + path + ".");
            return;
        }
        Inventory.Verdict verdict = inventory.check(route.get().service(), rc.request().method().name(), path);
        if (verdict == Inventory.Verdict.NO_PATH) {
            Problems.send(rc, 404, "not-found", "No such resource", "No operation of the API serves " + path + ".");
            return;
        }
        if (verdict == Inventory.Verdict.NO_METHOD) {
            Problems.send(rc, 405, "method-not-allowed", "Method not allowed", "No operation of the API serves "
                    + rc.request().method().name() + " " + path + ".");
            return;
        }
        if (verdict == Inventory.Verdict.UNKNOWN_SERVICE) {
            learn(route.get().service()); // not heard from yet: it answers for itself this time
        }
        if (!isPublic(path) && !authenticated(rc)) {
            Problems.unauthenticated(rc, "Send a bearer token from the Commonground identity provider.");
            return;
        }
        if (config.rateLimit().enabled() && limited(rc)) {
            return;
        }
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && tooLarge(length)) {
            Problems.send(rc, 413, "payload-too-large", "The request body is too large",
                    "The request body may be at most " + config.maxBodySize() + " bytes.");
            return;
        }
        rc.request().headers().set(RequestIds.HEADER, RequestIds.of(rc));
        // the request's span is named by the route it takes ("POST /api/contributions/{id}/verify"), not the gateway's
        // catch-all pattern
        String shape = RouteMetrics.shape(path, "200");
        io.opentelemetry.instrumentation.api.semconv.http.HttpServerRoute.update(io.opentelemetry.context.Context.current(),
                io.opentelemetry.instrumentation.api.semconv.http.HttpServerRouteSource.CONTROLLER, shape);
        // the caller's trace context is already the parent of this request's span: the proxied request must carry the
        // gateway's own (its client span's, which the HTTP client adds), not a copy of the caller's
        rc.request().headers().remove("traceparent").remove("tracestate");
        rc.request().headers().set("X-Forwarded-For", rc.request().remoteAddress().hostAddress());
        rc.request().headers().set("X-Forwarded-Proto", rc.request().scheme());
        proxy.handle(rc.request());
    }

    private void learnInventory() {
        config.services().keySet().forEach(this::learn);
    }

    private void learn(String service) {
        openApi.fetch(service).onSuccess(document -> inventory.learn(service, document));
    }

    private Future<io.vertx.core.http.HttpClientRequest> originRequest(ProxyContext context) {
        Route route = context.get(ROUTE, Route.class);
        return context.client().request(new RequestOptions()
                .setHost(route.origin().getHost())
                .setPort(route.origin().getPort())
                .setIdleTimeout(config.timeout().toMillis()));
    }

    /**
     * Headers every answer carries, the gateway's own and the services' alike: no content sniffing, no framing, no
     * referrer leaving, HTTPS only from the first visit on. A page's Content-Security-Policy comes from the service that
     * serves it (reporting-service's dashboard).
     */
    private void securityHeaders(RoutingContext rc) {
        rc.addHeadersEndHandler(v -> {
            var headers = rc.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            if (config.hsts()) {
                headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
            headers.remove("Server");
            headers.remove("X-Powered-By");
        });
        rc.next();
    }

    /**
     * Takes a token from the caller's buckets: its subject's (and its partner client's) when signed in, its address's
     * otherwise. Over the limit, answers 429 with Retry-After and says so.
     */
    private boolean limited(RoutingContext rc) {
        long now = System.nanoTime();
        long wait;
        String who;
        if (authenticated(rc)) {
            var identity = ((QuarkusHttpUser) rc.user()).getSecurityIdentity();
            wait = limits.take("subject:" + identity.getPrincipal().getName(), perSubject, now);
            who = "you";
            if (wait == 0 && identity.hasRole("partner") && identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt
                    && jwt.getClaim("azp") != null) {
                wait = limits.take("client:" + jwt.getClaim("azp"), perClient, now);
                who = "your client " + jwt.getClaim("azp");
            }
        } else {
            wait = limits.take("address:" + rc.request().remoteAddress().hostAddress(), perAddress, now);
            who = "your address";
        }
        if (wait == 0) {
            return false;
        }
        rc.response().putHeader("Retry-After", Long.toString(wait));
        Problems.send(rc, 429, "too-many-requests", "Too many requests",
                "Over the limit of requests a minute for " + who + ": try again in " + wait + " s.");
        return true;
    }

    private boolean isPublic(String path) {
        return config.publicPaths().stream().anyMatch(p -> path.equals(p) || path.startsWith(p.endsWith("/") ? p : p + "/"));
    }

    private static boolean authenticated(RoutingContext rc) {
        return rc.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous();
    }

    private boolean tooLarge(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > config.maxBodySize();
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Failures before the proxy: an invalid token (401), a refused role (403), anything else (500). */
    private void failure(RoutingContext rc) {
        Throwable failure = rc.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            Problems.unauthenticated(rc, "The bearer token is not valid: it is expired, not yet valid, "
                    + "for another audience, from another issuer, or its signature does not verify.");
        } else if (failure instanceof ForbiddenException) {
            Problems.send(rc, 403, "forbidden", "You may not do this", "Your role does not allow this operation.");
        } else if (rc.statusCode() == 413) {
            Problems.send(rc, 413, "payload-too-large", "The request body is too large",
                    "The request body may be at most " + config.maxBodySize() + " bytes.");
        } else {
            LOG.errorf(failure, "Gateway failure for request %s", RequestIds.of(rc));
            int status = rc.statusCode() >= 400 ? rc.statusCode() : 500;
            Problems.send(rc, status, status == 500 ? "internal" : "validation",
                    status == 500 ? "Something went wrong on our side" : "The request is not valid",
                    status == 500 ? "Unexpected failure in the gateway; request " + RequestIds.of(rc) + " is logged."
                            : "The request could not be handled.");
        }
    }

    /** Marks the route on the proxy context and turns a failed or silent service into a 502 or 504 problem. */
    private final class Forwarding implements ProxyInterceptor {

        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            // the proxy does not see the routing context: look the route up again (a short, in-memory table)
            Route route = Route.find(table, context.request().proxiedRequest().path()).orElseThrow();
            context.set(ROUTE, route);
            return context.sendRequest().onFailure(cause -> context.set(FAILURE, cause));
        }

        @Override
        public Future<Void> handleProxyResponse(ProxyContext context) {
            Throwable cause = context.get(FAILURE, Throwable.class);
            if (cause != null) {
                Route route = context.get(ROUTE, Route.class);
                boolean timeout = cause instanceof TimeoutException || String.valueOf(cause.getMessage()).toLowerCase().contains("timeout")
                        || String.valueOf(cause.getMessage()).toLowerCase().contains("timed out");
                int status = timeout ? 504 : 502;
                String detail = timeout
                        ? route.service() + " did not answer within " + config.timeout().toSeconds() + " s."
                        : route.service() + " is not reachable (" + cause.getMessage() + ").";
                LOG.warnf("%s %s: %s", status, context.request().getURI(), detail);
                ProxyResponse response = context.response();
                response.setStatusCode(status);
                response.headers().clear();
                response.putHeader(HttpHeaders.CONTENT_TYPE, Problems.MEDIA_TYPE);
                response.setBody(Body.body(Problems.body(status, timeout ? "gateway-timeout" : "bad-gateway",
                        timeout ? "The service behind the gateway did not answer in time"
                                : "The service behind the gateway is not reachable",
                        detail, context.request().proxiedRequest().path())));
            }
            return context.sendResponse();
        }
    }
}
