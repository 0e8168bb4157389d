package org.commonground.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The response check the access matrix relies on finds what it must: it is only as good as what it can fail on. */
class ApiSchemasTest {

    private static final ApiSchemas SCHEMAS = new ApiSchemas("""
            {"openapi":"3.1.0","paths":{"/things/{id}":{"get":{"responses":{
              "200":{"description":"a thing","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
              "404":{"description":"none"}}}}},
             "components":{"schemas":{
              "Thing":{"type":"object","required":["id"],"properties":{"id":{"type":"string"},"count":{"type":"integer"},
                "kind":{"type":"string","enum":["A","B"]},"tags":{"type":"array","items":{"$ref":"#/components/schemas/Tag"}},
                "extra":{"type":"object","additionalProperties":{"type":"string"}}}},
              "Tag":{"type":"object","properties":{"name":{"type":"string"}}}}}}
            """);

    private static List<String> check(int status, String body) {
        return SCHEMAS.check("GET", "/things/{id}", status, "application/json", body);
    }

    @Test
    void aResponseAsDocumentedPasses() {
        assertEquals(List.of(), check(200, "{\"id\":\"x\",\"count\":2,\"kind\":\"A\",\"tags\":[{\"name\":\"t\"}],\"extra\":{\"k\":\"v\"},\"count\":null}"));
    }

    @Test
    void aFieldTheSchemaDoesNotNameIsReportedAlsoDeepInside() {
        assertEquals(List.of("$.secret is not in the documented schema"), check(200, "{\"id\":\"x\",\"secret\":\"s\"}"));
        assertEquals(List.of("$.tags[0].owner is not in the documented schema"), check(200, "{\"id\":\"x\",\"tags\":[{\"owner\":\"o\"}]}"));
    }

    @Test
    void wrongTypesMissingRequiredFieldsAndUnlistedValuesAreReported() {
        assertEquals(List.of("$.count is string where [integer] is documented"), check(200, "{\"id\":\"x\",\"count\":\"2\"}"));
        assertEquals(List.of("$.id is required by the schema but missing"), check(200, "{}"));
        assertEquals(List.of("$.id is null where [string] is documented"), check(200, "{\"id\":null}"));
        assertTrue(check(200, "{\"id\":\"x\",\"kind\":\"C\"}").get(0).contains("is not one of"));
        assertEquals(List.of("$.extra.k is integer where [string] is documented"), check(200, "{\"id\":\"x\",\"extra\":{\"k\":1}}"));
    }

    @Test
    void anUndocumentedStatusOrABodyWithoutSchemaIsReported() {
        assertTrue(check(500, "{}").get(0).startsWith("status 500 is not documented"));
        assertTrue(check(404, "{\"type\":\"x\"}").get(0).contains("documents no schema"));
    }
}
