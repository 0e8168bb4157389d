package org.commonground.platform.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/** Reads a service's /q/openapi and lists what it fails to say about how each operation fails. */
public final class ApiDocument {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private ApiDocument() {
    }

    /** The result of a check: how many operations the document has, and what each one leaves out. */
    public record Gaps(int operations, List<String> missing) {
    }

    /**
     * Every operation documents at least one 4xx, every 4xx is a problem detail, and every operation that is not
     * public (as {@code isPublic} says, given the method and path) documents 401 and 403.
     */
    public static Gaps gaps(BiPredicate<String, String> isPublic) {
        JsonPath doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        List<String> missing = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                operations++;
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) op.getValue().get("responses");
                if (!isPublic.test(op.getKey(), path.getKey()) && !(responses.containsKey("401") && responses.containsKey("403"))) {
                    missing.add(name + " lacks 401/403");
                }
                if (responses.keySet().stream().noneMatch(s -> s.startsWith("4"))) {
                    missing.add(name + " documents no error");
                }
                responses.forEach((status, response) -> {
                    if (status.startsWith("4") && !String.valueOf(response.get("content")).contains("application/problem+json")) {
                        missing.add(name + " " + status + " is not a problem detail");
                    }
                });
            }
        }
        return new Gaps(operations, missing);
    }
}
