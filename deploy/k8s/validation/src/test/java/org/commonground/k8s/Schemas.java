package org.commonground.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonParser;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The schema of every kind deploy/k8s uses, with an unknown field an error everywhere:
 * <ul>
 * <li>Kubernetes 1.32: the models of the official Java client 23.0.0, whose validation rejects fields the API does
 * not have (first error of an object only);</li>
 * <li>Strimzi 0.45.0: its CRDs generated from its API classes (target/crds/strimzi), every object schema closed
 * unless the CRD keeps unknown fields on purpose (x-kubernetes-preserve-unknown-fields, as for a Kafka config);</li>
 * <li>CloudNativePG 1.29.0, cert-manager 1.20.2, Gateway API 1.0.0, prometheus-operator 0.90.1: the JSON Schemas of
 * ../schemas (generate.sh);</li>
 * <li>the Keycloak operator (26.x): the schema of ../schemas/k8s.keycloak.org written from its documented fields, and
 * a realm import's realm read as Keycloak 26's own RealmRepresentation with unknown properties refused.</li>
 * </ul>
 */
final class Schemas {

    private static final JsonSchemaFactory DRAFT7 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final ObjectMapper STRICT = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Schemas() {
    }

    /** what is wrong with an object, empty if nothing */
    static List<String> errors(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        String kind = object.path("kind").asText();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        return switch (group) {
            case "kafka.strimzi.io" -> strimzi(object, kind, version);
            case "postgresql.cnpg.io", "cert-manager.io", "gateway.networking.k8s.io", "monitoring.coreos.com" ->
                jsonSchema(object, schemaFile(group, kind));
            case "k8s.keycloak.org" -> keycloak(object, kind);
            default -> kubernetes(object, kind, version);
        };
    }

    /** the group each object belongs to, as the report counts them */
    static String source(JsonNode object) {
        String apiVersion = object.path("apiVersion").asText();
        if (apiVersion.startsWith("kafka.strimzi.io/")) {
            return "Strimzi 0.45.0 CRDs";
        }
        if (apiVersion.startsWith("postgresql.cnpg.io/")) {
            return "CloudNativePG 1.29.0";
        }
        if (apiVersion.startsWith("cert-manager.io/")) {
            return "cert-manager 1.20.2";
        }
        if (apiVersion.startsWith("gateway.networking.k8s.io/")) {
            return "Gateway API 1.0.0";
        }
        if (apiVersion.startsWith("monitoring.coreos.com/")) {
            return "prometheus-operator 0.90.1";
        }
        if (apiVersion.startsWith("k8s.keycloak.org/")) {
            return "Keycloak operator 26 (written)";
        }
        return "Kubernetes 1.32";
    }

    private static List<String> kubernetes(JsonNode object, String kind, String version) {
        String model = "io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0)) + version.substring(1)
                + kind;
        try {
            Class<?> type = Class.forName(model);
            type.getMethod("validateJsonElement", com.google.gson.JsonElement.class)
                    .invoke(null, JsonParser.parseString(object.toString()));
            return List.of();
        } catch (ClassNotFoundException e) {
            return List.of("no Kubernetes 1.32 kind " + object.path("apiVersion").asText() + " " + kind);
        } catch (InvocationTargetException e) {
            return List.of(String.valueOf(e.getCause().getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strimzi(JsonNode object, String kind, String version) {
        String key = "strimzi/" + kind + "/" + version;
        JsonSchema schema = CACHE.computeIfAbsent(key, k -> {
            Path crd = Path.of(System.getProperty("crds.dir", "target/crds"), "strimzi", kind.toLowerCase() + ".yaml");
            JsonNode definition;
            try {
                definition = Manifests.YAML.readTree(Files.readString(crd));
            } catch (Exception e) {
                throw new IllegalStateException("no Strimzi CRD " + crd + " (generated by this module's build)", e);
            }
            for (JsonNode served : definition.path("spec").path("versions")) {
                if (served.path("name").asText().equals(version)) {
                    ObjectNode openApi = served.path("schema").path("openAPIV3Schema").deepCopy();
                    // metadata is checked as Kubernetes' ObjectMeta below
                    ((ObjectNode) openApi.path("properties")).set("metadata", JsonNodeFactory.instance.objectNode().put("type", "object"));
                    return DRAFT7.getSchema(closed(openApi));
                }
            }
            throw new IllegalStateException(kind + " has no version " + version + " in Strimzi 0.45.0");
        });
        List<String> errors = new ArrayList<>(messages(schema.validate(object)));
        errors.addAll(kubernetes(object.path("metadata"), "ObjectMeta", "v1"));
        return errors;
    }

    private static List<String> jsonSchema(JsonNode object, Path file) {
        JsonSchema schema = CACHE.computeIfAbsent(file.toString(), k -> {
            try {
                return DRAFT7.getSchema(Manifests.JSON.readTree(Files.readString(file)));
            } catch (Exception e) {
                throw new IllegalStateException("no schema " + file, e);
            }
        });
        return messages(schema.validate(object));
    }

    private static List<String> keycloak(JsonNode object, String kind) {
        List<String> errors = new ArrayList<>(jsonSchema(object, schemaFile("k8s.keycloak.org", kind)));
        if (kind.equals("KeycloakRealmImport") && errors.isEmpty()) {
            try {
                STRICT.treeToValue(object.path("spec").path("realm"), RealmRepresentation.class);
            } catch (Exception e) {
                errors.add("spec.realm is not a Keycloak 26 realm: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        return errors;
    }

    private static Path schemaFile(String group, String kind) {
        return Manifests.k8s().resolve("validation/schemas").resolve(group).resolve(kind + ".json");
    }

    private static List<String> messages(java.util.Set<ValidationMessage> messages) {
        return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /**
     * An OpenAPI v3 schema of a CRD as a JSON Schema in which an unknown field is an error: every object with
     * properties is closed, unless the CRD keeps unknown fields there; int-or-string becomes either.
     */
    static JsonNode closed(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (var field : List.copyOf(iterable(object))) {
                closed(object.get(field));
            }
            if (object.path("x-kubernetes-int-or-string").asBoolean(false)) {
                object.remove("type");
                ArrayNode either = object.putArray("anyOf");
                either.addObject().put("type", "integer");
                either.addObject().put("type", "string");
            }
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(Schemas::closed);
        }
        return node;
    }

    private static List<String> iterable(ObjectNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
