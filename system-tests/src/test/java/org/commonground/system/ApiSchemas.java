package org.commonground.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a response against the API's own OpenAPI document (the gateway's merged one): the status must be documented for
 * the operation, a JSON body must have a documented schema, and the body must match it — the right types, the required
 * properties, and no property the schema does not name (OWASP API3: a response never carries more than it documents).
 * The subset of JSON Schema the services' documents use: {@code $ref}, {@code type} (also as a list), {@code properties},
 * {@code required}, {@code additionalProperties}, {@code items}, {@code enum}, {@code allOf}, {@code oneOf}, {@code anyOf}.
 * A {@code null} is accepted for a property that is not required.
 */
final class ApiSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;

    ApiSchemas(String openApi) {
        try {
            this.document = JSON.readTree(openApi);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole document. */
    JsonNode document() {
        return document;
    }

    /** What is wrong with this response of {@code method path} (a path template as the document names it); empty if nothing. */
    List<String> check(String method, String path, int status, String contentType, String body) {
        List<String> problems = new ArrayList<>();
        JsonNode responses = document.path("paths").path(path).path(method.toLowerCase()).path("responses");
        JsonNode response = responses.has(String.valueOf(status)) ? responses.get(String.valueOf(status)) : responses.get("default");
        if (response == null) {
            problems.add("status " + status + " is not documented (documented: " + names(responses) + ")");
            return problems;
        }
        String media = contentType == null ? "" : contentType.split(";")[0].trim();
        boolean json = media.equals("application/json") || media.endsWith("+json");
        if (!json || body == null || body.isEmpty()) {
            return problems;
        }
        JsonNode content = resolve(response).path("content");
        JsonNode schema = content.path(media).path("schema");
        if (schema.isMissingNode() && content.size() == 1) {
            schema = content.elements().next().path("schema");
        }
        if (schema.isMissingNode()) {
            problems.add("status " + status + " answers " + media + " but documents no schema for it");
            return problems;
        }
        try {
            validate(JSON.readTree(body), schema, "$", problems);
        } catch (IOException e) {
            problems.add("the body is not JSON: " + e.getMessage());
        }
        return problems;
    }

    private void validate(JsonNode value, JsonNode schema, String where, List<String> problems) {
        validate(value, schema, where, false, problems);
    }

    private void validate(JsonNode value, JsonNode schema, String where, boolean required, List<String> problems) {
        schema = resolve(schema);
        if (schema.has("allOf")) {
            validateObject(value, merged(schema), where, problems);
            return;
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (schema.has(choice)) {
                for (JsonNode option : schema.get(choice)) {
                    List<String> tried = new ArrayList<>();
                    validate(value, option, where, tried);
                    if (tried.isEmpty()) {
                        return;
                    }
                }
                problems.add(where + " matches none of its " + choice);
                return;
            }
        }
        Set<String> types = types(schema);
        if (value.isNull()) {
            if (required && !types.isEmpty() && !types.contains("null") && !schema.path("nullable").asBoolean(false)) {
                problems.add(where + " is null where " + types + " is documented");
            }
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(where + " = " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (types.isEmpty() && (schema.has("properties") || schema.has("additionalProperties"))) {
            types = Set.of("object");
        }
        if (types.isEmpty()) {
            return; // any value
        }
        String actual = value.isObject() ? "object" : value.isArray() ? "array" : value.isTextual() ? "string"
                : value.isBoolean() ? "boolean" : value.isIntegralNumber() ? "integer" : "number";
        boolean matches = types.contains(actual) || (actual.equals("integer") && types.contains("number"));
        if (!matches) {
            problems.add(where + " is " + actual + " where " + types + " is documented");
            return;
        }
        if (actual.equals("object")) {
            validateObject(value, schema, where, problems);
        } else if (actual.equals("array") && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), schema.get("items"), where + "[" + i + "]", problems);
            }
        }
    }

    private void validateObject(JsonNode value, JsonNode schema, String where, List<String> problems) {
        if (!value.isObject()) {
            problems.add(where + " is not an object");
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(where + "." + required.asText() + " is required by the schema but missing");
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = where + "." + field.getKey();
            if (properties.has(field.getKey())) {
                boolean required = false;
                for (JsonNode name : schema.path("required")) {
                    required |= name.asText().equals(field.getKey());
                }
                validate(field.getValue(), properties.get(field.getKey()), at, required, problems);
            } else if (additional.isObject()) {
                validate(field.getValue(), additional, at, problems);
            } else if (!additional.asBoolean(false)) {
                problems.add(at + " is not in the documented schema");
            }
        }
    }

    /** The properties and required names of every part of an {@code allOf}, as one object schema. */
    private JsonNode merged(JsonNode schema) {
        var result = JSON.createObjectNode();
        var properties = result.putObject("properties");
        var required = result.putArray("required");
        List<JsonNode> parts = new ArrayList<>();
        schema.get("allOf").forEach(parts::add);
        parts.add(schema);
        for (JsonNode part : parts) {
            JsonNode resolved = resolve(part);
            if (resolved.has("allOf") && resolved != schema) {
                resolved = merged(resolved);
            }
            resolved.path("properties").fields().forEachRemaining(f -> properties.set(f.getKey(), f.getValue()));
            resolved.path("required").forEach(required::add);
            if (resolved.has("additionalProperties")) {
                result.set("additionalProperties", resolved.get("additionalProperties"));
            }
        }
        return result;
    }

    /** The node a {@code $ref} points to (followed as far as it goes), or the node itself. */
    JsonNode resolve(JsonNode node) {
        int hops = 0;
        while (node.has("$ref") && hops++ < 20) {
            String ref = node.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                throw new IllegalStateException("only local references are supported: " + ref);
            }
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            if (target.isMissingNode()) {
                throw new IllegalStateException("the API document refers to " + ref + ", which it does not define");
            }
            node = target;
        }
        return node;
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> types = new LinkedHashSet<>();
        JsonNode type = schema.path("type");
        if (type.isTextual()) {
            types.add(type.asText());
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        }
        return types;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
