package org.commonground.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The declared access of every operation ({@code access-matrix.tsv}) against the API the gateway serves. The table names
 * exactly the operations of the merged OpenAPI document (an endpoint added without declaring its access fails here), and
 * every operation is called with real tokens as each role, on objects of two separate worlds (two members, two stewards,
 * two partner organizations, each with their own partnership and everything in it), and must answer as declared. Every
 * answer is also checked against the response schema the document gives for it (no undocumented field, OWASP API3).
 *
 * <p>Outcomes: {@code 401} refused without a valid token; {@code 403} forbidden to the role or by a rule; {@code 404}
 * hidden (another's object answers as a missing one, or the object is not public); {@code ok} served — past access
 * control, which is any status but 401, 403, 404 and 5xx (a write is sent {@code {}}, or the valid body of
 * {@code access-matrix-probes.tsv} where the object-level check comes after validation, so it may well answer 400 or
 * 409: what matters is who gets that far); {@code -} not called: the route names no object, so "another's" is the same call as "own".
 */
class AccessMatrixTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
    private static final List<String> COLUMNS = List.of("anonymous", "member", "member-other", "steward", "steward-other", "partner",
            "partner-other", "admin", "auditor");
    private static final Set<String> OUTCOMES = Set.of("401", "403", "404", "ok", "-");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    /** query parameters that name an object of a world */
    private static final Map<String, String> OBJECT_QUERIES = Map.of("partnershipId", "partnership", "initiativeId", "initiative");

    record Operation(String method, String path, Map<String, String> expected) {
        String name() {
            return method + " " + path;
        }
    }

    /** The valid bodies some writes are probed with (access-matrix-probes.tsv), by operation. */
    static Map<String, String> probes() throws IOException {
        Map<String, String> probes = new TreeMap<>();
        try (InputStream in = AccessMatrixTest.class.getResourceAsStream("/access-matrix-probes.tsv")) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
                String[] cells = l.split("\t");
                assertEquals(3, cells.length, l);
                probes.put(cells[0] + " " + cells[1], cells[2]);
            });
        }
        return probes;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z]+|in-?\\d+days)}");

    /** The probe body with the world's objects and the dates in it. */
    static String body(String probe, World world) {
        Matcher m = PLACEHOLDER.matcher(probe);
        StringBuilder body = new StringBuilder();
        java.time.LocalDate today = java.time.LocalDate.now(ZoneOffset.UTC);
        while (m.find()) {
            String name = m.group(1);
            String value = name.equals("today") ? today.toString()
                    : name.startsWith("in") && name.endsWith("days") ? today.plusDays(Long.parseLong(name.substring(2, name.length() - 4))).toString()
                    : world.ids.get(name);
            if (value == null) {
                throw new IllegalStateException("the world has no " + name + " for the probe " + probe);
            }
            m.appendReplacement(body, Matcher.quoteReplacement(value));
        }
        m.appendTail(body);
        return body.toString();
    }

    static List<Operation> declared() throws IOException {
        List<Operation> table = new ArrayList<>();
        try (InputStream in = AccessMatrixTest.class.getResourceAsStream("/access-matrix.tsv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertEquals("method\tpath\t" + String.join("\t", COLUMNS), lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t");
                assertEquals(2 + COLUMNS.size(), cells.length, line);
                Map<String, String> expected = new LinkedHashMap<>();
                for (int c = 0; c < COLUMNS.size(); c++) {
                    assertTrue(OUTCOMES.contains(cells[2 + c]), "unknown outcome '" + cells[2 + c] + "' in: " + line);
                    expected.put(COLUMNS.get(c), cells[2 + c]);
                }
                table.add(new Operation(cells[0], cells[1], expected));
            }
        }
        return table;
    }

    @Test
    void everyOperationIsDeclaredAndEveryRoleGetsWhatTheTableSays() throws IOException {
        String openApi = Suite.api().get("/openapi").then().statusCode(200).extract().asString();
        JsonPath document = JsonPath.from(openApi);
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        TreeSet<String> served = new TreeSet<>();
        paths.forEach((path, item) -> item.keySet().stream().filter(METHODS::contains).forEach(m -> served.add(m.toUpperCase() + " " + path)));
        List<Operation> table = declared();
        TreeSet<String> names = new TreeSet<>(table.stream().map(Operation::name).toList());
        assertEquals(table.size(), names.size(), "an operation is declared twice");
        TreeSet<String> undeclared = new TreeSet<>(served);
        undeclared.removeAll(names);
        TreeSet<String> gone = new TreeSet<>(names);
        gone.removeAll(served);
        assertTrue(undeclared.isEmpty() && gone.isEmpty(), "access-matrix.tsv must name every operation: undeclared " + undeclared
                + ", no longer served " + gone);

        World own = World.build("neighbour-30", "sam", "acme");
        World other = World.build("neighbour-31", "tess", "globex");
        ApiSchemas schemas = new ApiSchemas(openApi);
        Map<String, String> probes = probes();
        TreeSet<String> unknownProbes = new TreeSet<>(probes.keySet());
        unknownProbes.removeAll(names);
        assertTrue(unknownProbes.isEmpty(), "access-matrix-probes.tsv names operations that do not exist: " + unknownProbes);

        List<String> wrong = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        Map<String, Map<String, Integer>> statuses = new TreeMap<>();
        StringBuilder observed = new StringBuilder("method\tpath\t" + String.join("\t", COLUMNS) + "\n");
        StringBuilder detail = new StringBuilder();
        int checks = 0;
        for (Operation operation : inRunOrder(table)) {
            String probe = probes.get(operation.name());
            boolean namesAnObject = namesAnObject(operation.path(), document) || (probe != null && PLACEHOLDER.matcher(probe)
                    .results().anyMatch(r -> !r.group(1).equals("today") && !r.group(1).startsWith("in")));
            StringBuilder row = new StringBuilder(operation.method() + "\t" + operation.path());
            for (String column : COLUMNS) {
                String expected = operation.expected().get(column);
                if (column.endsWith("-other") && !namesAnObject) {
                    if (!expected.equals("-")) {
                        wrong.add(operation.name() + " names no object: '" + column + "' must be '-', not '" + expected + "'");
                    }
                    row.append("\t-");
                    continue;
                }
                if (expected.equals("-")) {
                    wrong.add(operation.name() + " names an object: '" + column + "' must be declared");
                }
                World world = column.endsWith("-other") ? other : own;
                Response response = call(operation, probe, caller(column, own), world, document);
                int status = response.statusCode();
                checks++;
                String outcome = status == 401 || status == 403 || status == 404 ? String.valueOf(status) : status >= 500 ? "5xx" : "ok";
                row.append('\t').append(outcome);
                detail.append(operation.name()).append(" as ").append(column).append(": ").append(status).append(' ')
                        .append(abbreviated(response.asString())).append('\n');
                statuses.computeIfAbsent(column, c -> new TreeMap<>()).merge(String.valueOf(status), 1, Integer::sum);
                if (!outcome.equals(expected)) {
                    wrong.add(operation.name() + " as " + column + ": declared " + expected + ", answered " + status + " "
                            + abbreviated(response.asString()));
                }
                for (String problem : schemas.check(operation.method(), operation.path(), status, response.contentType(), response.asString())) {
                    undocumented.add(operation.name() + " as " + column + " (" + status + "): " + problem);
                }
            }
            observed.append(row).append('\n');
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "access-matrix-observed.tsv"), observed);
        Files.writeString(Path.of("target", "access-matrix-answers.txt"), detail);
        System.out.printf("access matrix: %d operations, %d (operation, role) calls; statuses by role %s; %d responses off their schema%n",
                table.size(), checks, statuses, undocumented.size());
        assertTrue(wrong.isEmpty(), wrong.size() + " not as declared (observed table in target/access-matrix-observed.tsv):\n"
                + String.join("\n", wrong));
        assertTrue(undocumented.isEmpty(), undocumented.size() + " responses do not match the API document:\n" + String.join("\n", undocumented));
    }

    /**
     * Writes before reads, joining (the self-service "/me" POSTs) after both, removals (and withdrawals, closings, endings) after that, and the caller's own
     * erasure at the very end: a call never takes away another's fixture, and nobody joins another world's initiative or
     * group (which anyone may) before the calls that check they cannot act in it without joining.
     */
    private static List<Operation> inRunOrder(List<Operation> table) {
        return table.stream().sorted(Comparator.comparingInt(AccessMatrixTest::phase)).toList();
    }

    private static int phase(Operation o) {
        if (o.name().equals("DELETE /api/members/me")) {
            return 5;
        }
        if (o.method().equals("POST") && (o.path().endsWith("/withdraw") || o.path().endsWith("/close") || o.path().endsWith("/end"))) {
            return 4; // taking something down, closing or ending it is a removal
        }
        return switch (o.method()) {
            case "POST" -> o.path().endsWith("/me") && !o.path().equals("/api/members/me") ? 3 : 0;
            case "PUT", "PATCH" -> 1;
            case "GET" -> 2;
            default -> 4;
        };
    }

    private static String caller(String column, World own) {
        return switch (column) {
            case "anonymous" -> null;
            case "member", "member-other" -> own.member;
            case "steward", "steward-other" -> own.steward;
            case "partner", "partner-other" -> own.partner;
            case "admin" -> "olga";
            case "auditor" -> "audrey";
            default -> throw new IllegalArgumentException(column);
        };
    }

    private static boolean namesAnObject(String path, JsonPath document) {
        if (PARAMETER.matcher(path).find()) {
            return !path.matches(".*/consent-purposes/\\{purpose}.*") || path.indexOf('{') != path.lastIndexOf('{');
        }
        return !queryObjects(path, document).isEmpty();
    }

    private static List<String> queryObjects(String path, JsonPath document) {
        List<String> names = new ArrayList<>();
        for (String method : METHODS) {
            List<Map<String, Object>> parameters = document.getList("paths.'" + path + "'." + method + ".parameters");
            if (parameters != null) {
                parameters.stream().filter(p -> "query".equals(p.get("in")) && OBJECT_QUERIES.containsKey((String) p.get("name")))
                        .forEach(p -> names.add((String) p.get("name")));
            }
        }
        return names;
    }

    private static Response call(Operation operation, String probe, String caller, World world, JsonPath document) {
        RequestSpecification request = caller == null ? Suite.api().contentType("application/json") : World.as(caller);
        for (String query : queryObjects(operation.path(), document)) {
            request = request.queryParam(query, world.ids.get(OBJECT_QUERIES.get(query)));
        }
        if (operation.path().endsWith("/scorecard")) {
            request = request.queryParam("period", YearMonth.now(ZoneOffset.UTC).toString());
        }
        if (!operation.method().equals("GET") && !operation.method().equals("DELETE")) {
            request = request.body(probe == null ? "{}" : body(probe, world));
            if (probe != null && operation.method().equals("PUT")) {
                request = request.header("If-Match", "*");
            }
        }
        return request.request(operation.method(), concrete(operation.path(), world));
    }

    /** The path with each parameter replaced by the world's object of that kind (named by the parameter or the segment before it). */
    static String concrete(String template, World world) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String before = template.substring(0, m.start() - 1);
            String segment = before.substring(before.lastIndexOf('/') + 1);
            String kind = switch (m.group(1)) {
                case "id", "partnershipId", "groupId", "voteId" -> switch (segment) {
                    case "allocations" -> "allocation";
                    case "contributions" -> "contribution";
                    case "escalations" -> "escalation";
                    case "groups" -> "group";
                    case "initiatives" -> "initiative";
                    case "members" -> "member";
                    case "partnerships", "ledger" -> "partnership";
                    case "policies" -> "policy";
                    case "pools" -> "pool";
                    case "votes" -> "vote";
                    case "webhooks" -> "webhook";
                    case "showcases" -> "showcase";
                    case "listings" -> "listing";
                    case "requests" -> "request";
                    case "matches" -> "match";
                    default -> throw new IllegalStateException("which object is {" + m.group(1) + "} after /" + segment + " in " + template + "?");
                };
                case "termId" -> "term";
                case "milestoneId" -> "milestone";
                case "lineId" -> "line";
                case "deliveryId" -> "delivery";
                case "requestId" -> "featureRequest";
                case "memberId" -> "member";
                case "subject" -> "subject";
                case "purpose" -> "purpose";
                case "version" -> "version";
                default -> throw new IllegalStateException("which object is {" + m.group(1) + "} in " + template + "?");
            };
            String value = switch (kind) {
                case "purpose" -> "partner-profile-sharing";
                case "version" -> "1";
                default -> world.ids.get(kind);
            };
            if (value == null) {
                throw new IllegalStateException("the world has no " + kind + " for " + template);
            }
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        return path.toString();
    }

    /** A body short enough for a failure message. */
    static String abbreviated(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
