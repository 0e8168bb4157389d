package org.commonground.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The event contracts agree with each other: the code's event types, the schema files and the AsyncAPI document. */
class EventContractsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static JsonNode asyncApi() throws IOException {
        try (InputStream in = EventContractsTest.class.getClassLoader().getResourceAsStream("contracts/asyncapi.yaml")) {
            return YAML.readTree(in);
        }
    }

    private static Set<String> codeTypes() {
        return Arrays.stream(EventType.values()).map(EventType::type).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theAsyncApiDocumentListsExactlyTheEventTypesThatExist() throws IOException {
        JsonNode doc = asyncApi();
        assertEquals("3.0.0", doc.path("asyncapi").asText());
        Set<String> messages = new TreeSet<>();
        doc.path("components").path("messages").fieldNames().forEachRemaining(messages::add);
        assertEquals(codeTypes(), messages);
    }

    @Test
    void eachTypeIsOnItsTopicInTheAsyncApiDocument() throws IOException {
        JsonNode channels = asyncApi().path("channels");
        Set<String> topics = Arrays.stream(Topic.values()).map(Topic::topicName).collect(Collectors.toCollection(TreeSet::new));
        Set<String> documented = new TreeSet<>();
        channels.fieldNames().forEachRemaining(documented::add);
        assertEquals(topics, documented);
        for (EventType type : EventType.values()) {
            JsonNode channel = channels.path(type.topic().topicName());
            assertEquals(type.topic().topicName(), channel.path("address").asText());
            assertTrue(channel.path("messages").has(type.type()), type.type() + " is listed on " + type.topic().topicName());
        }
    }

    @Test
    void theSchemaFilesAreExactlyTheEventTypes() throws IOException, URISyntaxException {
        Path folder = Path.of(EventContractsTest.class.getClassLoader().getResource("contracts/events").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            Set<String> schemas = files.map(p -> p.getFileName().toString().replace(".schema.json", ""))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(codeTypes(), schemas);
        }
        for (EventType type : EventType.values()) {
            JsonNode schema = EventSchemas.document(type);
            assertEquals(type.schemaUri(), schema.path("$id").asText());
            assertFalse(schema.path("additionalProperties").asBoolean(true), type + " allows no unknown fields");
        }
    }

    @Test
    void everySchemaHasExamplesThatItAccepts() {
        for (EventType type : EventType.values()) {
            assertFalse(EventSchemas.examples(type).isEmpty(), type + " has examples");
            for (JsonNode example : EventSchemas.examples(type)) {
                assertEquals(java.util.List.of(), EventSchemas.violations(type, example), type + " accepts " + example);
            }
        }
    }

    @Test
    void aPayloadMissingAFieldOrCarryingAnUnknownOneIsRefused() {
        ObjectNode example = (ObjectNode) EventSchemas.examples(EventType.CONSENT_GRANTED).get(0).deepCopy();
        example.remove("memberId");
        assertFalse(EventSchemas.violations(EventType.CONSENT_GRANTED, example).isEmpty());
        ObjectNode extra = (ObjectNode) EventSchemas.examples(EventType.CONSENT_GRANTED).get(0).deepCopy();
        extra.put("email", "alice@example.org");
        assertFalse(EventSchemas.violations(EventType.CONSENT_GRANTED, extra).isEmpty(), "no personal data can ride along");
        ObjectNode badPurpose = (ObjectNode) EventSchemas.examples(EventType.CONSENT_GRANTED).get(0).deepCopy();
        badPurpose.put("purpose", "marketing");
        assertFalse(EventSchemas.violations(EventType.CONSENT_GRANTED, badPurpose).isEmpty());
    }
}
