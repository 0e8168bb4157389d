package org.commonground.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The JSON Schemas of the event contracts (one copy, in the platform jar), and validation against them. */
public final class EventSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<EventType, JsonSchema> SCHEMAS = new EnumMap<>(EventType.class);
    private static final Map<EventType, JsonNode> DOCUMENTS = new EnumMap<>(EventType.class);

    static {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        for (EventType type : EventType.values()) {
            JsonNode document = read(type.schemaResource());
            DOCUMENTS.put(type, document);
            SCHEMAS.put(type, factory.getSchema(document));
        }
    }

    private EventSchemas() {
    }

    /** What is wrong with a payload for this type; empty when it is valid. */
    public static List<String> violations(EventType type, JsonNode data) {
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : SCHEMAS.get(type).validate(data)) {
            problems.add(message.getMessage());
        }
        return problems;
    }

    /** The schema's own examples: what every consumer of the type must accept. */
    public static List<JsonNode> examples(EventType type) {
        List<JsonNode> examples = new ArrayList<>();
        DOCUMENTS.get(type).path("examples").forEach(examples::add);
        return examples;
    }

    public static JsonNode document(EventType type) {
        return DOCUMENTS.get(type);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing event contract " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
