package org.commonground.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile input for every operation, driven by the API's own OpenAPI document: the bar is no 5xx, ever;
 * every refusal is problem details; and a refused request writes nothing.
 *
 * <p>Each operation is called as a role the access matrix lets through (so the input reaches validation) on the
 * objects of a world of its own. Phase one sends inputs that are invalid by construction — malformed JSON, invalid
 * UTF-8, a body of the wrong shape, each property of the wrong type, each required property missing, an unknown property,
 * strings one past their limit (or past the body limit), NUL and control characters, numbers past any range, nesting
 * 5,000 deep, arrays past their limit, bad identifiers in the path — and each must be refused with a 4xx; then no event
 * may have reached Kafka from any of them (every state change goes through the outbox, so no event means no write).
 * Phase two sends input that is hostile but may be valid — SQL and script payloads, right-to-left overrides and emoji in
 * every string, extreme query parameters — where an answer of 2xx is fine, and still no 5xx.
 *
 * <p>{@code -Dcg.fuzz.requests} bounds the run (2,000 by default, which CI runs); {@code -Dcg.fuzz.seed} repeats one.
 */
class FuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> CALLERS = List.of("steward", "member", "partner", "admin", "auditor", "anonymous");
    /** events that jobs emit on their own (a vote closing, a consent expiring, a term starting): not a request's doing */
    private static final Set<String> SCHEDULED = Set.of("consent.expiring.v1", "group.leadership-opened.v1", "group.role-changed.v1",
            "decision.recorded.v1", "initiative.stage-changed.v1", "committee.role-changed.v1");
    private static final List<String> HOSTILE = List.of("' OR '1'='1' --", "'; DROP TABLE member; --", "<script>alert(1)</script>",
            "\"><img src=x onerror=alert(1)>", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "\u202Egnp.exe", "👩🏽‍🔧🛠️", "../../etc/passwd",
            "%00%0d%0aSet-Cookie: x=1");

    /** What an error must never show: a stack trace, a Java type, the framework, the database. */
    private static final java.util.regex.Pattern FRAMEWORK = java.util.regex.Pattern.compile(
            "Exception|\\tat |\\bat [a-z]+\\.[a-z]+\\.|java\\.(lang|time|util)|io\\.quarkus|io\\.vertx|io\\.smallrye|org\\.hibernate|"
                    + "com\\.fasterxml|jakarta\\.|SQLState|org\\.postgresql|ERROR:|\\[Source:|line: \\d+, column: \\d+");

    record Attempt(String operation, String mutation, String method, String path, Map<String, String> query, byte[] body,
            String contentType, boolean invalid) {
    }

    @Test
    void noInputBreaksTheApiEveryRefusalIsProblemDetailsAndNoRefusedRequestWritesAnything() throws IOException {
        int budget = Integer.getInteger("cg.fuzz.requests", 2000);
        long seed = Long.getLong("cg.fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        ApiSchemas api = new ApiSchemas(Suite.api().get("/openapi").then().statusCode(200).extract().asString());
        World world = World.build("neighbour-32", "tess", "globex");
        Map<String, String> probes = AccessMatrixTest.probes();

        List<List<Attempt>> invalid = new ArrayList<>();
        List<List<Attempt>> hostile = new ArrayList<>();
        Map<String, String> callers = new HashMap<>();
        for (AccessMatrixTest.Operation operation : AccessMatrixTest.declared()) {
            String caller = CALLERS.stream().filter(c -> operation.expected().get(c).equals("ok")).findFirst().orElse(null);
            if (caller == null) {
                continue;
            }
            callers.put(operation.name(), caller);
            JsonNode op = api.document().path("paths").path(operation.path()).path(operation.method().toLowerCase());
            String path = AccessMatrixTest.concrete(operation.path(), world);
            String probe = probes.get(operation.name());
            JsonNode schema = op.path("requestBody").path("content").path("application/json").path("schema");
            JsonNode base = probe != null ? JSON.readTree(AccessMatrixTest.body(probe, world))
                    : schema.isMissingNode() ? null : example(api, schema, world, 0);
            invalid.add(invalidInputs(operation, api, schema, base, path, op.path("requestBody").path("required").asBoolean(false), random));
            hostile.add(hostileInputs(operation, api, op, schema, base, path, random));
        }

        Kafka kafka = new Kafka();
        Map<TopicPartition, Long> before = kafka.settled();
        Tally tally = new Tally();
        int share = budget * 3 / 4;
        for (Attempt attempt : interleaved(invalid, share)) {
            tally.record(attempt, send(attempt, callers.get(attempt.operation()), world));
        }
        Map<TopicPartition, Long> after = kafka.settled();
        List<String> written = kafka.attributable(before, after, world);
        for (Attempt attempt : interleaved(hostile, budget - tally.sent)) {
            tally.record(attempt, send(attempt, callers.get(attempt.operation()), world));
        }
        // the rest of the budget (a long run): random text of random length in a random string property of a random write
        List<Attempt> writes = hostile.stream().flatMap(List::stream).filter(a -> a.body() != null && a.mutation().endsWith("hostile text"))
                .toList();
        while (tally.sent < budget && !writes.isEmpty()) {
            Attempt template = writes.get(random.nextInt(writes.size()));
            ObjectNode body = (ObjectNode) JSON.readTree(template.body());
            String property = template.mutation().substring(0, template.mutation().indexOf(' '));
            body.put(property, randomText(random));
            Attempt attempt = new Attempt(template.operation(), property + " random text", template.method(), template.path(), Map.of(),
                    bytes(body), "application/json", false);
            tally.record(attempt, send(attempt, callers.get(attempt.operation()), world));
        }

        System.out.printf("fuzzing (seed %d): %d requests to %d operations (%d invalid by construction, %d hostile); statuses %s;"
                + " 5xx: %d; events from refused requests: %d%n", seed, tally.sent, callers.size(), tally.invalidSent,
                tally.sent - tally.invalidSent, tally.statuses, tally.serverErrors, written.size());
        List<String> failures = new ArrayList<>(tally.failures);
        written.forEach(w -> failures.add("a refused request wrote: " + w));
        assertTrue(failures.isEmpty(), failures.size() + " findings (seed " + seed + "):\n" + failures.stream().limit(80)
                .collect(Collectors.joining("\n")));
    }

    // ---- inputs

    private static List<Attempt> invalidInputs(AccessMatrixTest.Operation operation, ApiSchemas api, JsonNode schema, JsonNode base,
            String path, boolean bodyRequired, Random random) {
        List<Attempt> out = new ArrayList<>();
        String name = operation.name();
        String method = operation.method();
        if (path.matches(".*/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}.*") && !method.equals("GET")) {
            String id = pick(random, List.of("not-a-uuid", "1%27%20OR%201%3D1--", "x".repeat(300), "00000000-0000-0000-0000-00000000000g"));
            out.add(new Attempt(name, "a bad identifier in the path", method, path.replaceFirst(
                    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", id), Map.of(), bytes(base), "application/json", true));
        }
        if (base == null || method.equals("GET") || method.equals("DELETE")) {
            return out;
        }
        out.add(attempt(operation, "malformed JSON", path, "{\"a\": [1, 2".getBytes(StandardCharsets.UTF_8), true));
        out.add(attempt(operation, "invalid UTF-8", path, new byte[] { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' }, true));
        if (bodyRequired) {
            out.add(attempt(operation, "a JSON null", path, "null".getBytes(StandardCharsets.UTF_8), true));
        }
        out.add(attempt(operation, "the wrong shape", path, (base.isObject() ? "[]" : "{}").getBytes(StandardCharsets.UTF_8), true));
        out.add(new Attempt(name, "the wrong content type", method, path, Map.of(), bytes(base), "text/plain", true));
        if (!base.isObject()) {
            return out;
        }
        ObjectNode object = (ObjectNode) base;
        out.add(attempt(operation, "an unknown property", path, bytes(object.deepCopy().put("unexpectedProperty", 1)), true));
        out.add(attempt(operation, "nesting 5,000 deep", path, ("{\"deep\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                .getBytes(StandardCharsets.UTF_8), true));
        JsonNode resolved = api.resolve(schema);
        JsonNode properties = resolved.path("properties");
        Set<String> required = new java.util.HashSet<>();
        resolved.path("required").forEach(r -> required.add(r.asText()));
        boolean hugeSent = false;
        for (var fields = properties.fields(); fields.hasNext();) {
            var field = fields.next();
            String p = field.getKey();
            JsonNode ps = api.resolve(field.getValue());
            String type = type(ps);
            if (required.contains(p) || object.has(p)) {
                ObjectNode without = object.deepCopy();
                without.remove(p);
                if (required.contains(p)) {
                    out.add(attempt(operation, "no " + p + " (required)", path, bytes(without), true));
                }
            }
            ObjectNode wrong = object.deepCopy();
            switch (type) {
                case "string" -> wrong.put(p, 12345);
                case "integer", "number" -> wrong.put(p, "not a number");
                case "boolean" -> wrong.put(p, "yes");
                case "array" -> wrong.putObject(p).put("not", "a list");
                default -> wrong.putArray(p).add(1);
            }
            out.add(attempt(operation, p + " of the wrong type", path, bytes(wrong), true));
            if (type.equals("string") && !ps.has("enum") && !ps.has("format")) {
                ObjectNode control = object.deepCopy();
                control.put(p, "a\u0000b\u0007c");
                out.add(attempt(operation, p + " with NUL and control characters", path, bytes(control), true));
                if (ps.has("maxLength")) {
                    ObjectNode tooLong = object.deepCopy();
                    tooLong.put(p, "x".repeat(ps.get("maxLength").asInt() + 1));
                    out.add(attempt(operation, p + " one past its maxLength", path, bytes(tooLong), true));
                } else if (!hugeSent) {
                    ObjectNode huge = object.deepCopy();
                    huge.put(p, "x".repeat(1_100_000));
                    out.add(attempt(operation, p + " past the body limit", path, bytes(huge), true));
                    hugeSent = true;
                }
            }
            if (ps.has("enum")) {
                ObjectNode unlisted = object.deepCopy();
                unlisted.put(p, "NOT_A_VALUE");
                out.add(attempt(operation, p + " not one of its values", path, bytes(unlisted), true));
            }
            if (type.equals("integer") || type.equals("number")) {
                ObjectNode overflow = object.deepCopy();
                overflow.set(p, NODES.numberNode(new java.math.BigDecimal("1e400")));
                out.add(attempt(operation, p + " past any range", path, bytes(overflow), true));
                if (ps.has("minimum")) {
                    ObjectNode below = object.deepCopy();
                    below.set(p, NODES.numberNode(ps.get("minimum").decimalValue().subtract(java.math.BigDecimal.ONE)));
                    out.add(attempt(operation, p + " below its minimum", path, bytes(below), true));
                }
            }
            if (type.equals("array") && ps.has("maxItems")) {
                ObjectNode many = object.deepCopy();
                ArrayNode items = many.putArray(p);
                JsonNode sample = object.path(p).size() > 0 ? object.path(p).get(0) : NODES.textNode("x");
                for (int i = 0; i <= ps.get("maxItems").asInt(); i++) {
                    items.add(sample.deepCopy());
                }
                out.add(attempt(operation, p + " one past its maxItems", path, bytes(many), true));
            }
        }
        return out;
    }

    private static List<Attempt> hostileInputs(AccessMatrixTest.Operation operation, ApiSchemas api, JsonNode op, JsonNode schema,
            JsonNode base, String path, Random random) {
        List<Attempt> out = new ArrayList<>();
        String name = operation.name();
        String method = operation.method();
        for (JsonNode parameter : op.path("parameters")) {
            if (!parameter.path("in").asText().equals("query")) {
                continue;
            }
            String q = parameter.path("name").asText();
            for (String value : List.of("-1", "0", "2147483648", "99999999999999999999", "abc", pick(random, HOSTILE), "x".repeat(5000), "2026-13-45")) {
                out.add(new Attempt(name, "query " + q + "=" + AccessMatrixTest.abbreviated(value), method, path, Map.of(q, value), bytes(base),
                        "application/json", false));
            }
        }
        if (method.equals("GET")) {
            out.add(new Attempt(name, "a bad identifier in the path", method, path.replaceFirst(
                    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", pick(random, List.of("not-a-uuid", "%27%20OR%201%3D1--",
                            "..%2F..%2Fq%2Fmetrics"))), Map.of(), null, "application/json", false));
        }
        if (base != null && base.isObject()) {
            JsonNode properties = api.resolve(schema).path("properties");
            for (var fields = properties.fields(); fields.hasNext();) {
                var field = fields.next();
                if (type(api.resolve(field.getValue())).equals("string")) {
                    ObjectNode payload = ((ObjectNode) base).deepCopy();
                    payload.put(field.getKey(), pick(random, HOSTILE));
                    out.add(attempt(operation, field.getKey() + " hostile text", path, bytes(payload), false));
                }
            }
        }
        return out;
    }

    private static Attempt attempt(AccessMatrixTest.Operation operation, String mutation, String path, byte[] body, boolean invalid) {
        return new Attempt(operation.name(), mutation, operation.method(), path, Map.of(), body, "application/json", invalid);
    }

    /** A plausible value for a schema: the shape an operation expects, from which mutations start when no probe body is known. */
    private static JsonNode example(ApiSchemas api, JsonNode schema, World world, int depth) {
        JsonNode s = api.resolve(schema);
        if (s.has("enum")) {
            return s.get("enum").get(0);
        }
        String format = s.path("format").asText();
        return switch (type(s)) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth < 4) {
                    s.path("required").forEach(r -> object.set(r.asText(), example(api, s.path("properties").path(r.asText()), world, depth + 1)));
                }
                yield object;
            }
            case "array" -> NODES.arrayNode().add(example(api, s.path("items"), world, depth + 1));
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode(switch (format) {
                case "uuid" -> world.ids.get("partnership");
                case "date" -> LocalDate.now(ZoneOffset.UTC).toString();
                case "date-time" -> LocalDate.now(ZoneOffset.UTC).plusDays(1) + "T12:00:00Z";
                default -> "Fuzzed text";
            });
        };
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        return type.isTextual() ? type.asText() : schema.has("properties") ? "object" : "string";
    }

    /** Round robin over the operations, so that a bounded run still reaches every one. */
    private static List<Attempt> interleaved(List<List<Attempt>> perOperation, int limit) {
        List<Attempt> out = new ArrayList<>();
        for (int round = 0; out.size() < limit; round++) {
            boolean any = false;
            for (List<Attempt> attempts : perOperation) {
                if (round < attempts.size() && out.size() < limit) {
                    out.add(attempts.get(round));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }

    // ---- sending and judging

    private static Response send(Attempt attempt, String caller, World world) {
        RequestSpecification request = caller.equals("anonymous") ? Suite.api()
                : World.as(switch (caller) {
                    case "member" -> world.member;
                    case "steward" -> world.steward;
                    case "partner" -> world.partner;
                    case "admin" -> "olga";
                    case "auditor" -> "audrey";
                    default -> throw new IllegalArgumentException(caller);
                });
        request = request.urlEncodingEnabled(false).contentType(attempt.contentType());
        for (Map.Entry<String, String> q : attempt.query().entrySet()) {
            request = request.queryParam(q.getKey(), java.net.URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
        }
        if (attempt.method().equals("PUT")) {
            request = request.header("If-Match", "*");
        }
        if (attempt.body() != null && !attempt.method().equals("GET") && !attempt.method().equals("DELETE")) {
            request = request.body(attempt.body());
        }
        return request.request(attempt.method(), attempt.path());
    }

    private static final class Tally {
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final List<String> failures = new ArrayList<>();
        int sent;
        int invalidSent;
        int serverErrors;

        void record(Attempt attempt, Response response) {
            int status = response.statusCode();
            sent++;
            invalidSent += attempt.invalid() ? 1 : 0;
            statuses.merge(status, 1, Integer::sum);
            String what = attempt.operation() + " with " + attempt.mutation() + " answered " + status;
            if (status >= 500) {
                serverErrors++;
                failures.add(what + " (a server error) " + AccessMatrixTest.abbreviated(response.asString()));
            } else if (attempt.invalid() && status < 400) {
                failures.add(what + ": invalid input was accepted " + AccessMatrixTest.abbreviated(response.asString()));
            } else if (status >= 400 && !String.valueOf(response.contentType()).startsWith("application/problem+json")) {
                failures.add(what + " without problem details (" + response.contentType() + ")");
            } else if (status >= 400 && FRAMEWORK.matcher(response.asString()).find()) {
                failures.add(what + " with framework detail in its words: " + AccessMatrixTest.abbreviated(response.asString()));
            }
        }
    }

    /** The broker, read directly: end offsets, and the records between two sets of them. */
    private static final class Kafka {
        private final Map<String, Object> config = new HashMap<>();

        Kafka() {
            config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, ConfigProvider.getConfig().getOptionalValue("cg.kafka", String.class)
                    .orElseThrow(() -> new IllegalStateException("CG_KAFKA is not set: run the system tests with deploy/local/stack test")));
        }

        Map<TopicPartition, Long> ends() {
            try (Admin admin = Admin.create(config)) {
                Set<String> topics = admin.listTopics().names().get().stream().filter(t -> !t.startsWith("_")).collect(Collectors.toSet());
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((topic, d) -> d.partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
                Map<TopicPartition, Long> ends = new HashMap<>();
                admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
                return ends;
            } catch (Exception e) {
                throw new IllegalStateException("could not read Kafka's offsets", e);
            }
        }

        /** The end offsets once nothing more arrives for three seconds (the outbox relays what was committed). */
        Map<TopicPartition, Long> settled() {
            AtomicReference<Map<TopicPartition, Long>> last = new AtomicReference<>(ends());
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).during(Duration.ofSeconds(3))
                    .until(() -> last.getAndSet(ends()).equals(last.get()));
            return last.get();
        }

        /** Records between the two offsets that a request made: about the fuzzed world's objects, or of a type no job emits. */
        List<String> attributable(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, World world) {
            List<String> found = new ArrayList<>();
            Map<String, Object> consumer = new HashMap<>(config);
            consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
            consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumer)) {
                Map<TopicPartition, Long> pending = new LinkedHashMap<>();
                to.forEach((tp, end) -> {
                    long start = from.getOrDefault(tp, 0L);
                    if (end > start) {
                        pending.put(tp, start);
                    }
                });
                kafka.assign(pending.keySet());
                pending.forEach(kafka::seek);
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (pending.entrySet().stream().anyMatch(e -> kafka.position(e.getKey()) < to.get(e.getKey())) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : kafka.poll(Duration.ofMillis(500))) {
                        if (r.offset() >= to.get(new TopicPartition(r.topic(), r.partition()))) {
                            continue;
                        }
                        Header type = r.headers().lastHeader("ce_type");
                        String eventType = type == null ? "?" : new String(type.value(), StandardCharsets.UTF_8);
                        String text = (r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8)) + " "
                                + (r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
                        boolean ours = world.ids.values().stream().anyMatch(text::contains);
                        if (ours || !SCHEDULED.contains(eventType)) {
                            found.add(eventType + " on " + r.topic() + ": " + AccessMatrixTest.abbreviated(text));
                        }
                    }
                }
            }
            return found;
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return node == null ? null : JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Up to 300 characters from every plane that matters: ASCII, controls, Latin, RTL, CJK, emoji, and the hostile strings. */
    private static String randomText(Random random) {
        if (random.nextInt(4) == 0) {
            return pick(random, HOSTILE);
        }
        int[][] ranges = { { 0x20, 0x7E }, { 0x00, 0x1F }, { 0xA0, 0x24F }, { 0x590, 0x6FF }, { 0x4E00, 0x4FFF }, { 0x1F300, 0x1F6FF },
                { 0x200B, 0x202E } };
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(301);
        for (int i = 0; i < length; i++) {
            int[] range = ranges[random.nextInt(ranges.length)];
            text.appendCodePoint(range[0] + random.nextInt(range[1] - range[0] + 1));
        }
        return text.toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
