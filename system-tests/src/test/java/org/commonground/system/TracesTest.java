package org.commonground.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * One trace follows a contribution's verification from the caller, through the gateway and initiative-service, its
 * outbox's publication to Kafka, into benefit-service (the ledger) and reporting-service (the scorecard): every span
 * exported by the real services to the stack's trace sink, and every parent link checked.
 */
class TracesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RequestSpecification as(String user) {
        return Suite.api().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    @Test
    void oneTraceFollowsAVerifiedContributionThroughKafkaIntoTheLedgerAndTheScorecard() throws Exception {
        Suite.joined("bob");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String partnership = as("sam").body("{\"name\":\"Traced repair cafe " + UUID.randomUUID() + "\",\"partnerName\":\"Acme Hardware\","
                        + "\"partnerOrganization\":\"acme\",\"purpose\":\"Repair what breaks, together.\","
                        + "\"memberNeeds\":\"Things break.\",\"partnerContributes\":\"Tools.\",\"communityContributes\":\"Hands.\"}")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        String proposal = "{\"kind\":\"PROGRAM\",\"title\":\"Traced repairs\",\"problem\":\"Nobody sees the path.\",\"approach\":\"Trace it.\"}";
        String key = UUID.randomUUID().toString();
        Awaitility.await().atMost(PATIENCE).until(() -> as("bob").header("Idempotency-Key", key).body(proposal)
                .post("/api/partnerships/" + partnership + "/initiatives").statusCode() == 201);
        String initiative = as("bob").header("Idempotency-Key", key).body(proposal)
                .post("/api/partnerships/" + partnership + "/initiatives").then().statusCode(201).extract().path("id");
        as("bob").post("/api/initiatives/" + initiative + "/participants/me").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201, 204));
        String contribution = as("bob").body("{\"type\":\"TRAINING\",\"description\":\"Showed how to mend a kettle.\",\"hours\":0.5,"
                        + "\"occurredOn\":\"" + today + "\"}")
                .post("/api/initiatives/" + initiative + "/contributions").then().statusCode(201).extract().path("id");

        // the caller starts the trace: W3C traceparent with a sampled flag, as a web or mobile client with OpenTelemetry does
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String callerSpan = HexFormat.of().formatHex(randomBytes(8));
        as("sam").header("traceparent", "00-" + traceId + "-" + callerSpan + "-01").body("{\"impact\":\"HIGH\"}")
                .post("/api/contributions/" + contribution + "/verify").then().statusCode(200);

        Map<String, JsonNode> byId = new HashMap<>();
        Predicate<JsonNode> benefitApplied = s -> s.path("service").asText().equals("benefit-service") && s.path("kind").asText().equals("CONSUMER")
                && s.at("/attributes/cloudevents.event_type").asText().equals("contribution.verified.v1");
        Predicate<JsonNode> reportingApplied = s -> s.path("service").asText().equals("reporting-service") && s.path("kind").asText().equals("CONSUMER")
                && s.at("/attributes/cloudevents.event_type").asText().equals("contribution.verified.v1");
        Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> {
            var response = RestAssured.given().baseUri(Suite.traces()).get("/traces/" + traceId);
            if (response.statusCode() != 200) {
                return false;
            }
            byId.clear();
            for (JsonNode span : JSON.readTree(response.asString())) {
                byId.put(span.path("spanId").asText(), span);
            }
            return byId.values().stream().anyMatch(benefitApplied) && byId.values().stream().anyMatch(reportingApplied);
        });

        // the gateway's server span is the caller's child; initiative-service's server span descends from it
        JsonNode gateway = only(byId, s -> s.path("service").asText().equals("gateway") && s.path("kind").asText().equals("SERVER"));
        assertEquals(callerSpan, gateway.path("parentSpanId").asText(), "the gateway continues the caller's trace");
        JsonNode verify = only(byId, s -> s.path("service").asText().equals("initiative-service") && s.path("kind").asText().equals("SERVER"));
        assertTrue(descends(verify, gateway, byId), "initiative-service's request span descends from the gateway's: " + byId.values());
        // the outbox's publication continues the request that wrote the row, though the relay sent it later on its own thread
        JsonNode publication = only(byId, s -> s.path("kind").asText().equals("PRODUCER")
                && s.at("/attributes/cloudevents.event_type").asText().equals("contribution.verified.v1"));
        assertEquals("initiative-service", publication.path("service").asText());
        assertEquals("contributions", publication.at("/attributes/messaging.destination.name").asText());
        assertTrue(descends(publication, verify, byId), "the publication descends from the verification request");
        // each consumer applied the event as a child of that publication (the context rode in the record's headers)
        for (JsonNode applied : List.of(only(byId, benefitApplied), only(byId, reportingApplied))) {
            assertEquals(publication.path("spanId").asText(), applied.path("parentSpanId").asText(),
                    applied.path("service").asText() + " applies the event as a child of its publication");
            assertEquals("contributions", applied.at("/attributes/messaging.destination.name").asText());
            assertEquals("OK".equals(applied.path("status").asText()) || "UNSET".equals(applied.path("status").asText()), true,
                    applied.path("service") + " failed to apply: " + applied);
        }
        byId.values().forEach(span -> assertEquals(traceId, span.path("traceId").asText()));
    }

    private static JsonNode only(Map<String, JsonNode> spans, Predicate<JsonNode> which) {
        List<JsonNode> found = spans.values().stream().filter(which).toList();
        assertEquals(1, found.size(), "expected one such span in " + spans.values());
        return found.get(0);
    }

    private static boolean descends(JsonNode span, JsonNode ancestor, Map<String, JsonNode> spans) {
        for (JsonNode at = span; at != null; at = Optional.ofNullable(at.path("parentSpanId").asText(null)).map(spans::get).orElse(null)) {
            if (at.path("spanId").asText().equals(ancestor.path("spanId").asText())) {
                return true;
            }
        }
        return false;
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1; // never all zeros (an invalid id)
        return bytes;
    }
}
