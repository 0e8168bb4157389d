package org.commonground.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every object every overlay renders is valid against the schema of its kind, and an unknown field anywhere is not. */
class SchemasTest {

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectMatchesTheSchemaOfItsKindWithNoUnknownField(String overlay) {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> bySource = new TreeMap<>();
        for (ObjectNode object : Manifests.render(overlay)) {
            bySource.merge(Schemas.source(object), 1, Integer::sum);
            for (String error : Schemas.errors(object)) {
                failures.add(Manifests.name(object) + ": " + error);
            }
        }
        System.out.printf("%n%s: %d objects valid%n", overlay, Manifests.render(overlay).size());
        bySource.forEach((source, count) -> System.out.printf("  %-32s %3d%n", source, count));
        assertTrue(failures.isEmpty(), overlay + ":\n" + String.join("\n", failures));
        assertFalse(bySource.isEmpty());
    }

    /** the checks are not vacuous: one misspelled field, deep in an object of each schema source, is an error */
    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource({
        "Deployment, gateway, /spec/template/spec/containers/0/resources",
        "HorizontalPodAutoscaler, member-service, /spec/behavior/scaleDown",
        "NetworkPolicy, initiative-service, /spec",
        "PodDisruptionBudget, benefit-service, /spec",
        "Kafka, commonground, /spec/kafka/listeners/0/authentication",
        "KafkaUser, reporting-service, /spec/authorization/acls/0/resource",
        "KafkaTopic, consents, /spec",
        "Cluster, members-db, /spec/backup/barmanObjectStore/wal",
        "ScheduledBackup, members-db-nightly, /spec/cluster",
        "Certificate, commonground-tls, /spec/issuerRef",
        "HTTPRoute, commonground-api, /spec/rules/0/matches/0/path",
        "Gateway, commonground, /spec/listeners/1/tls",
        "Keycloak, keycloak, /spec/db",
        "KeycloakRealmImport, commonground, /spec/realm/clients/0",
    })
    void aMisspelledFieldIsAnError(String kind, String name, String where) {
        ObjectNode object = Manifests.ofKind("prod", kind).stream()
                .filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("prod renders no " + kind + " " + name)).deepCopy();
        assertEquals(List.of(), Schemas.errors(object), "the object as rendered is valid");
        JsonNode at = object.at(where);
        assertTrue(at instanceof ObjectNode, where + " is an object of " + kind);
        ((ObjectNode) at).put("replicaz", 1);
        List<String> errors = Schemas.errors(object);
        assertFalse(errors.isEmpty(), kind + " with an unknown field at " + where + " passed");
        System.out.printf("  %-24s %s -> %s%n", kind, where, errors.get(0));
    }
}
