import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * The local stack's trace sink: what an OpenTelemetry collector and a trace store are on a cluster, in one small
 * process. The services and the gateway export their spans to it (OTLP over HTTP, protobuf), it keeps the latest
 * traces in memory, and answers {@code GET /traces} (the latest, summarized) and {@code GET /traces/{traceId}} (every
 * span of one trace, as JSON), which `deploy/local/stack trace` prints and the system tests read.
 * <p>
 * Usage: {@code TraceSink serve PORT} or {@code TraceSink print URL [TRACE_ID]}.
 */
public class TraceSink {

    /** spans kept in all, the oldest traces dropped first (about 1 KB each: the sink runs in 96 MB of heap) */
    static final int SPANS = 40_000;
    static final int SPANS_PER_TRACE = 1_000;
    /** an attribute's text is cut here (a database statement can be long) */
    static final int VALUE_LENGTH = 300;

    private final LinkedHashMap<String, List<JsonObject>> traces = new LinkedHashMap<>();
    private int spans;

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("serve")) {
            new TraceSink().serve(Integer.parseInt(args[1]));
        } else if (args.length >= 2 && args[0].equals("print")) {
            print(args[1], args.length > 2 ? args[2] : null);
        } else {
            System.err.println("usage: TraceSink serve PORT | TraceSink print URL [TRACE_ID]");
            System.exit(2);
        }
    }

    void serve(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/traces", this::receive);
        server.createContext("/traces", this::answer);
        server.createContext("/health", exchange -> respond(exchange, 200, "text/plain", "ok"));
        server.start();
        System.out.println("trace sink: OTLP/HTTP on http://127.0.0.1:" + port + "/v1/traces, traces on /traces");
    }

    private void receive(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            respond(exchange, 405, "text/plain", "POST OTLP protobuf here");
            return;
        }
        ExportTraceServiceRequest request;
        try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
            request = ExportTraceServiceRequest.parseFrom(body);
        } catch (IOException e) {
            respond(exchange, 400, "text/plain", "not an OTLP ExportTraceServiceRequest: " + e.getMessage());
            return;
        }
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            String service = attribute(resourceSpans.getResource(), "service.name");
            for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    keep(service, span);
                }
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: everything accepted
        exchange.close();
    }

    private synchronized void keep(String service, Span span) {
        JsonObject attributes = new JsonObject();
        for (KeyValue kv : span.getAttributesList()) {
            Object value = value(kv.getValue());
            attributes.put(kv.getKey(), value instanceof String text && text.length() > VALUE_LENGTH
                    ? text.substring(0, VALUE_LENGTH) + "…" : value);
        }
        String traceId = hex(span.getTraceId().toByteArray());
        List<JsonObject> trace = traces.computeIfAbsent(traceId, id -> new ArrayList<>());
        if (trace.size() >= SPANS_PER_TRACE) {
            return;
        }
        while (spans >= SPANS) {
            var eldest = traces.entrySet().iterator().next();
            if (eldest.getKey().equals(traceId)) {
                return; // one trace as large as the whole store: keep what it has
            }
            spans -= eldest.getValue().size();
            traces.remove(eldest.getKey());
        }
        spans++;
        trace.add(new JsonObject()
                .put("traceId", traceId)
                .put("spanId", hex(span.getSpanId().toByteArray()))
                .put("parentSpanId", span.getParentSpanId().isEmpty() ? null : hex(span.getParentSpanId().toByteArray()))
                .put("service", service)
                .put("name", span.getName())
                .put("kind", span.getKind().name().replace("SPAN_KIND_", ""))
                .put("startNanos", span.getStartTimeUnixNano())
                .put("durationMicros", (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1_000)
                .put("status", span.getStatus().getCode().name().replace("STATUS_CODE_", ""))
                .put("attributes", attributes));
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String id = path.length() > "/traces/".length() ? path.substring("/traces/".length()) : null;
        synchronized (this) {
            if (id != null) {
                List<JsonObject> spans = traces.get(id.toLowerCase());
                if (spans == null) {
                    respond(exchange, 404, "application/json", new JsonObject().put("detail", "no trace " + id).encode());
                    return;
                }
                List<JsonObject> sorted = new ArrayList<>(spans);
                sorted.sort(Comparator.comparingLong(s -> s.getLong("startNanos")));
                respond(exchange, 200, "application/json", new JsonArray(new ArrayList<>(sorted)).encode());
                return;
            }
            JsonArray latest = new JsonArray();
            List<String> ids = new ArrayList<>(traces.keySet());
            for (int i = ids.size() - 1; i >= 0 && latest.size() < 30; i--) {
                List<JsonObject> spans = traces.get(ids.get(i));
                JsonObject root = spans.stream().filter(s -> s.getString("parentSpanId") == null).findFirst().orElse(spans.get(0));
                latest.add(new JsonObject().put("traceId", ids.get(i)).put("root", root.getString("service") + " " + root.getString("name"))
                        .put("spans", spans.size()).put("services", new JsonArray(spans.stream().map(s -> s.getString("service")).distinct().toList())));
            }
            respond(exchange, 200, "application/json", latest.encode());
        }
    }

    /** Prints the latest traces, or one trace as a tree of spans. */
    static void print(String url, String traceId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/traces" + (traceId == null ? "" : "/" + traceId)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.err.println(response.body());
            System.exit(1);
        }
        if (traceId == null) {
            for (Object o : new JsonArray(response.body())) {
                JsonObject t = (JsonObject) o;
                System.out.printf("%s  %3d spans  %-60s %s%n", t.getString("traceId"), t.getInteger("spans"), t.getString("root"),
                        t.getJsonArray("services").encode());
            }
            return;
        }
        List<JsonObject> spans = new ArrayList<>();
        new JsonArray(response.body()).forEach(o -> spans.add((JsonObject) o));
        Map<String, List<JsonObject>> children = new LinkedHashMap<>();
        for (JsonObject span : spans) {
            children.computeIfAbsent(String.valueOf(span.getString("parentSpanId")), k -> new ArrayList<>()).add(span);
        }
        long start = spans.stream().mapToLong(s -> s.getLong("startNanos")).min().orElse(0);
        java.util.Set<String> ids = new java.util.HashSet<>();
        spans.forEach(s -> ids.add(s.getString("spanId")));
        for (JsonObject span : spans) {
            String parent = span.getString("parentSpanId");
            if (parent == null || !ids.contains(parent)) {
                tree(span, children, start, 0);
            }
        }
    }

    private static void tree(JsonObject span, Map<String, List<JsonObject>> children, long start, int depth) {
        System.out.printf("%8.1f ms %8.1f ms  %s%s: %s (%s)%s%n", (span.getLong("startNanos") - start) / 1e6, span.getLong("durationMicros") / 1e3,
                "  ".repeat(depth), span.getString("service"), span.getString("name"), span.getString("kind").toLowerCase(),
                span.getString("status").equals("ERROR") ? " ERROR" : "");
        for (JsonObject child : children.getOrDefault(span.getString("spanId"), List.of())) {
            tree(child, children, start, depth + 1);
        }
    }

    private static String attribute(Resource resource, String key) {
        return resource.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).map(kv -> String.valueOf(value(kv.getValue())))
                .findFirst().orElse("unknown");
    }

    private static Object value(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> value.getBoolValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            default -> value.toString();
        };
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
