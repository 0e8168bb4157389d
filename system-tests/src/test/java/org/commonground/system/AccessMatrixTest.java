package org.commonground.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The declared access of every operation ({@code access-matrix.tsv}) against the API the gateway serves: the table names
 * exactly the operations of the merged OpenAPI document (an endpoint added without declaring its access fails here),
 * and each is called without a token, as the table says: refused with 401, or served (never 401, 403 or 5xx).
 */
class AccessMatrixTest {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    private static Map<String, String> declared() throws IOException {
        Map<String, String> table = new TreeMap<>();
        try (InputStream in = AccessMatrixTest.class.getResourceAsStream("/access-matrix.tsv")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertEquals("method\tpath\tanonymous", lines.get(0));
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split("\t");
                assertEquals(3, cells.length, line);
                assertTrue(cells[2].equals("open") || cells[2].equals("refused"), line);
                table.put(cells[0] + " " + cells[1], cells[2]);
            }
        }
        return table;
    }

    @Test
    void everyOperationIsDeclaredAndAnonymousCallersGetWhatTheTableSays() throws IOException {
        JsonPath document = Suite.api().get("/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        TreeSet<String> served = new TreeSet<>();
        paths.forEach((path, item) -> item.keySet().stream().filter(METHODS::contains).forEach(m -> served.add(m.toUpperCase() + " " + path)));
        Map<String, String> table = declared();
        TreeSet<String> undeclared = new TreeSet<>(served);
        undeclared.removeAll(table.keySet());
        TreeSet<String> gone = new TreeSet<>(table.keySet());
        gone.removeAll(served);
        assertTrue(undeclared.isEmpty() && gone.isEmpty(), "access-matrix.tsv must name every operation: undeclared " + undeclared
                + ", no longer served " + gone);

        List<String> wrong = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Map.Entry<String, String> operation : table.entrySet()) {
            String method = operation.getKey().substring(0, operation.getKey().indexOf(' '));
            String path = operation.getKey().substring(method.length() + 1).replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            var request = Suite.api().contentType("application/json");
            int status = (method.equals("GET") || method.equals("DELETE") ? request : request.body("{}")).request(method, path).statusCode();
            statuses.merge(status, 1, Integer::sum);
            boolean ok = operation.getValue().equals("refused") ? status == 401 : status != 401 && status != 403 && status < 500;
            if (!ok) {
                wrong.add(operation.getKey() + " (" + operation.getValue() + ") answered " + status);
            }
        }
        System.out.printf("access matrix: %d operations declared, %d refused and %d open to anonymous callers; statuses %s%n",
                table.size(), table.values().stream().filter("refused"::equals).count(),
                table.values().stream().filter("open"::equals).count(), statuses);
        assertTrue(wrong.isEmpty(), "not as declared: " + wrong);
    }
}
