package org.commonground.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the services behind the gateway: it declares a few operations in its OpenAPI document, answers
 * what it received (method, path, headers, body size) whatever the path (so that the gateway is what refuses an
 * undeclared one), never answers below {@code /api/reports/silent}, and one service (benefit-service) is a port where
 * nothing listens.
 */
public class UpstreamStub implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().startsWith("/api/reports/silent")) {
                return; // a service that hangs
            }
            if (request.path().equals("/q/openapi")) {
                request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                        .put("openapi", "3.1.0")
                        .put("paths", new JsonObject().put("/api/members/me", new JsonObject()
                                .put("get", new JsonObject().put("responses", new JsonObject()
                                        .put("200", new JsonObject().put("$ref", "#/components/schemas/Profile")))
                                        .put("security", new io.vertx.core.json.JsonArray().add(new JsonObject()
                                                .put("SecurityScheme", new io.vertx.core.json.JsonArray())))))
                                .put("/api/consent-purposes", new JsonObject()
                                        .put("get", new JsonObject().put("responses", new JsonObject())))
                                .put("/api/public/partnerships", new JsonObject().put("get", new JsonObject()))
                                .put("/api/partnerships", new JsonObject().put("post", new JsonObject()))
                                .put("/api/partnerships/{id}/stewards/{subject}", new JsonObject().put("put", new JsonObject()))
                                .put("/api/partner/me", new JsonObject().put("get", new JsonObject()))
                                .put("/api/reports/silent", new JsonObject().put("get", new JsonObject())))
                        .put("components", new JsonObject().put("schemas", new JsonObject()
                                .put("Profile", new JsonObject().put("type", "object"))))
                        .encode());
                return;
            }
            request.body().onSuccess(body -> request.response()
                    .putHeader("Content-Type", "application/json")
                    .end(new JsonObject()
                            .put("method", request.method().name())
                            .put("uri", request.uri())
                            .put("authorization", request.getHeader("Authorization"))
                            .put("requestId", request.getHeader("X-Request-Id"))
                            .put("forwardedFor", request.getHeader("X-Forwarded-For"))
                            .put("bodyLength", body.length())
                            .put("body", body.toString())
                            .encode()));
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the upstream stub did not start", e);
        }
        String stub = "http://127.0.0.1:" + server.actualPort();
        return Map.of(
                "gateway.services.member-service.url", stub,
                "gateway.services.initiative-service.url", stub,
                "gateway.services.reporting-service.url", stub,
                "gateway.services.benefit-service.url", "http://127.0.0.1:" + closedPort(),
                "gateway.timeout", "2s");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
