package org.commonground.system;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.restassured.RestAssured;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alerts and the dashboard of deploy/k8s/observability query only metrics the running services expose, with the
 * labels they group by: a renamed metric fails here, not silently on a cluster.
 */
class ObservabilityContractTest {

    static final Path OBSERVABILITY = Path.of("..", "deploy", "k8s", "observability");
    static final List<String> APPS = List.of("gateway", "member-service", "initiative-service", "benefit-service", "reporting-service");
    /** labels Prometheus adds when it scrapes (not the services' own) and the histogram's bucket bound */
    static final Set<String> ADDED_BY_PROMETHEUS = Set.of("namespace", "pod", "job", "instance", "le");
    static final Set<String> PROMQL_WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "increase", "irate", "histogram_quantile",
            "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "label_values",
            "abs", "clamp_min", "clamp_max", "topk", "bottomk", "time", "vector", "delta", "deriv", "changes", "absent");

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExposedWithTheLabelsTheyUse() throws Exception {
        Map<String, Set<String>> exposed = exposedMetrics();
        List<String> queries = new ArrayList<>();
        JsonNode rules = new YAMLMapper().readTree(Files.readString(OBSERVABILITY.resolve("alerts.yaml")));
        rules.at("/spec/groups").forEach(group -> group.path("rules").forEach(rule -> queries.add(rule.path("expr").asText())));
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(OBSERVABILITY.resolve("commonground-dashboard.json")));
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        dashboard.at("/templating/list").forEach(variable -> {
            if (variable.has("query") && variable.path("query").asText().startsWith("label_values")) {
                queries.add(variable.path("query").asText());
            }
        });
        assertTrue(queries.size() >= 15, "alerts and panels read: " + queries.size());

        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String query : queries) {
            for (Map.Entry<String, Set<String>> use : uses(query).entrySet()) {
                checked++;
                Set<String> labels = exposed.get(use.getKey());
                if (labels == null) {
                    missing.add(use.getKey() + " (in " + query + ")");
                    continue;
                }
                for (String label : use.getValue()) {
                    if (!labels.contains(label) && !ADDED_BY_PROMETHEUS.contains(label)) {
                        missing.add(use.getKey() + " has no label " + label + " (in " + query + ")");
                    }
                }
            }
        }
        System.out.printf("observability: %d queries, %d metric uses checked against %d metrics exposed%n", queries.size(), checked, exposed.size());
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }

    @Test
    void everyMetricNamesItsApplication() {
        exposedMetrics().forEach((metric, labels) -> {
            if (metric.startsWith("commonground_") || metric.startsWith("http_server_requests")) {
                assertTrue(labels.contains("application"), metric + " has no application label");
            }
        });
    }

    /** metric name to the label names seen on it, across the gateway and the four services */
    static Map<String, Set<String>> exposedMetrics() {
        Map<String, Set<String>> metrics = new TreeMap<>();
        Pattern line = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? ");
        Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
        for (String app : APPS) {
            String text = RestAssured.given().baseUri("http://127.0.0.1:" + Suite.port(app)).get("/q/metrics").then().statusCode(200)
                    .extract().asString();
            for (String row : text.split("\n")) {
                Matcher m = line.matcher(row);
                if (row.startsWith("#") || !m.find()) {
                    continue;
                }
                Set<String> labels = metrics.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                if (m.group(3) != null) {
                    Matcher l = label.matcher(m.group(3));
                    while (l.find()) {
                        labels.add(l.group(1));
                    }
                }
            }
        }
        assertFalse(metrics.isEmpty());
        return metrics;
    }

    /** the metrics a PromQL query reads, each with the labels it selects or groups by */
    static Map<String, Set<String>> uses(String query) {
        Map<String, Set<String>> uses = new TreeMap<>();
        Set<String> grouping = new TreeSet<>();
        Matcher by = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)").matcher(query);
        while (by.find()) {
            for (String name : by.group(1).split(",")) {
                if (!name.isBlank()) {
                    grouping.add(name.trim());
                }
            }
        }
        String bare = query.replaceAll("\\b(?:by|without)\\s*\\([^)]*\\)", " ").replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\[[^]]*]", " ");
        Matcher metric = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{([^}]*)})?").matcher(bare);
        while (metric.find()) {
            String name = metric.group(1);
            int after = metric.end();
            boolean isFunction = after < bare.length() && bare.charAt(after) == '(' && metric.group(2) == null;
            if (PROMQL_WORDS.contains(name) || isFunction || name.startsWith("$") || bare.charAt(Math.max(0, metric.start() - 1)) == '$'
                    || !name.contains("_")) {
                continue;
            }
            Set<String> labels = new TreeSet<>(grouping);
            if (metric.group(3) != null) {
                Matcher selector = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)").matcher(metric.group(3));
                while (selector.find()) {
                    labels.add(selector.group(1));
                }
            }
            uses.computeIfAbsent(name, k -> new TreeSet<>()).addAll(labels);
        }
        return uses;
    }
}
