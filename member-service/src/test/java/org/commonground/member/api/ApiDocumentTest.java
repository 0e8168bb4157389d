package org.commonground.member.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** /q/openapi describes every endpoint of member-service with who may call it and how it fails. */
@QuarkusTest
class ApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void everyOperationDocumentsItsErrorsAsProblemDetails() {
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
                boolean publicPath = path.getKey().startsWith("/api/public") || (path.getKey().startsWith("/api/consent-purposes")
                        && op.getKey().equals("get"));
                if (!publicPath && !(responses.containsKey("401") && responses.containsKey("403"))) {
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
        assertTrue(operations >= 30, "member-service has " + operations + " operations");
        assertEquals(List.of(), missing);
    }
}
