package org.commonground.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API of the whole suite as one OpenAPI document: each service's {@code /q/openapi}, merged. Paths never
 * collide: each path is taken from the service the route table sends it to; a schema name two services use for different shapes is prefixed with the
 * service's name. A service that is down is listed under {@code x-unavailable-services}, and the rest is served.
 */
final class OpenApiAggregate {

    private final HttpClient client;
    private final List<Route> table;
    private final Map<String, URI> services;

    OpenApiAggregate(HttpClient client, Map<String, GatewayConfig.Upstream> upstreams, List<Route> table) {
        this.client = client;
        this.table = table;
        this.services = new LinkedHashMap<>();
        upstreams.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> services.put(e.getKey(), e.getValue().url()));
    }

    Future<JsonObject> merged() {
        List<String> names = new ArrayList<>(services.keySet());
        List<Future<JsonObject>> fetches = names.stream().map(this::fetch).toList();
        return Future.join(new ArrayList<>(fetches)).transform(done -> {
            JsonObject schemas = new JsonObject();
            JsonObject paths = new JsonObject();
            JsonArray unavailable = new JsonArray();
            String version = "3.1.0";
            for (int i = 0; i < names.size(); i++) {
                Future<JsonObject> fetch = fetches.get(i);
                if (fetch.failed()) {
                    unavailable.add(names.get(i));
                    continue;
                }
                JsonObject doc = renameClashes(names.get(i), fetch.result(), schemas);
                version = doc.getString("openapi", version);
                JsonObject own = doc.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
                own.forEach(e -> schemas.put(e.getKey(), e.getValue()));
                String tag = names.get(i);
                doc.getJsonObject("paths", new JsonObject()).forEach(path -> {
                    // only what the gateway routes to this service
                    if (!Route.find(table, path.getKey()).map(r -> r.service().equals(tag)).orElse(false)) {
                        return;
                    }
                    JsonObject operations = (JsonObject) path.getValue();
                    operations.forEach(op -> {
                        if (op.getValue() instanceof JsonObject operation) {
                            JsonArray tags = operation.getJsonArray("tags", new JsonArray());
                            if (!tags.contains(tag)) {
                                tags.add(tag);
                            }
                            operation.put("tags", tags);
                            // one scheme for the whole document (the gateway's bearer token): an operation its
                            // service secured needs it, one it left without a requirement is public and says so
                            JsonArray security = operation.getJsonArray("security", new JsonArray());
                            operation.put("security", security.isEmpty() ? new JsonArray()
                                    : new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
                        }
                    });
                    paths.put(path.getKey(), operations);
                });
            }
            JsonObject merged = new JsonObject()
                    .put("openapi", version)
                    .put("info", new JsonObject()
                            .put("title", "Commonground API")
                            .put("version", "1")
                            .put("description", "Every operation of every Commonground service, as the gateway serves them. "
                                    + "Send a bearer token from the commonground realm; paths under /api/public need none. "
                                    + "Errors are RFC 9457 problem details."))
                    .put("servers", new JsonArray().add(new JsonObject().put("url", "/")))
                    .put("paths", paths)
                    .put("components", new JsonObject()
                            .put("schemas", schemas)
                            .put("securitySchemes", new JsonObject().put("bearer", new JsonObject()
                                    .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT"))))
                    .put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
            if (!unavailable.isEmpty()) {
                merged.put("x-unavailable-services", unavailable);
            }
            return Future.succeededFuture(merged);
        });
    }

    /** Renames this service's schemas whose names another service already uses for a different shape. */
    private static JsonObject renameClashes(String service, JsonObject doc, JsonObject taken) {
        JsonObject own = doc.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
        String text = doc.encode();
        for (String name : own.fieldNames()) {
            if (taken.containsKey(name) && !taken.getValue(name).equals(own.getValue(name))) {
                String prefix = service.replace("-service", "").substring(0, 1).toUpperCase() + service.replace("-service", "").substring(1);
                text = text.replace("\"#/components/schemas/" + name + "\"", "\"#/components/schemas/" + prefix + name + "\"");
                JsonObject renamed = new JsonObject(text);
                JsonObject schemas = renamed.getJsonObject("components").getJsonObject("schemas");
                schemas.put(prefix + name, schemas.remove(name));
                text = renamed.encode();
            }
        }
        return new JsonObject(text);
    }

    /** One service's own document, as it serves it. */
    Future<JsonObject> fetch(String service) {
        URI url = services.get(service);
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost()).setPort(url.getPort())
                        .setURI("/q/openapi?format=json").setTimeout(5_000))
                .compose(request -> request.send())
                .compose(response -> response.statusCode() == 200 ? response.body()
                        : Future.failedFuture(service + " answered " + response.statusCode()))
                .map(Buffer::toJsonObject);
    }
}
