package org.commonground.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules every overlay keeps, as deploy/k8s/README.md states them. */
class PoliciesTest {

    static final List<String> SERVICES = List.of("member-service", "initiative-service", "benefit-service", "reporting-service");
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|jaas|token|credential|_key$|^key$).*");
    /** Secrets made by people, not by an operator from these manifests: the README says how to create each */
    static final Set<String> CREATED_BY_OPS = Set.of("commonground-pseudonym-key", "commonground-backup-credentials");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyContainerHasRequestsLimitsAndTheThreeHealthProbes(String overlay) {
        for (JsonNode container : containers(overlay)) {
            String where = overlay + " " + container.path("name").asText();
            for (String bound : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertFalse(container.path("resources").path(bound).path(resource).isMissingNode(), where + " " + bound + "." + resource);
                }
            }
            assertEquals("/q/health/live", container.at("/livenessProbe/httpGet/path").asText(), where + " liveness");
            assertEquals("/q/health/ready", container.at("/readinessProbe/httpGet/path").asText(), where + " readiness");
            assertEquals("/q/health/started", container.at("/startupProbe/httpGet/path").asText(), where + " startup");
            assertTrue(container.at("/lifecycle/preStop").isObject(), where + " has no preStop pause for a graceful shutdown");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyPodRunsAsNonRootOnAReadOnlyFilesystemWithoutCapabilitiesOrAToken(String overlay) {
        for (ObjectNode deployment : Manifests.ofKind(overlay, "Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            String where = overlay + " " + Manifests.name(deployment);
            assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean(false), where + " runAsNonRoot");
            assertTrue(pod.at("/securityContext/runAsUser").asInt(0) > 0, where + " runAsUser");
            assertEquals("RuntimeDefault", pod.at("/securityContext/seccompProfile/type").asText(), where + " seccompProfile");
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), where + " mounts a service account token");
            String account = pod.path("serviceAccountName").asText();
            ObjectNode serviceAccount = Manifests.ofKind(overlay, "ServiceAccount").stream()
                    .filter(a -> a.at("/metadata/name").asText().equals(account)).findFirst()
                    .orElseThrow(() -> new AssertionError(where + " has no ServiceAccount of its own"));
            assertFalse(serviceAccount.path("automountServiceAccountToken").asBoolean(true), account + " automounts its token");
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                assertTrue(security.path("readOnlyRootFilesystem").asBoolean(false), where + " readOnlyRootFilesystem");
                assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), where + " allowPrivilegeEscalation");
                assertEquals("[\"ALL\"]", security.at("/capabilities/drop").toString(), where + " drops every capability");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentHasADisruptionBudgetANetworkPolicyAndAnAutoscaler(String overlay) {
        for (ObjectNode deployment : Manifests.ofKind(overlay, "Deployment")) {
            JsonNode labels = deployment.at("/spec/template/metadata/labels");
            String name = deployment.at("/metadata/name").asText();
            assertTrue(Manifests.ofKind(overlay, "PodDisruptionBudget").stream()
                    .anyMatch(p -> selects(p.at("/spec/selector/matchLabels"), labels)), overlay + " " + name + " has no PDB");
            List<ObjectNode> policies = Manifests.ofKind(overlay, "NetworkPolicy").stream()
                    .filter(p -> selects(p.at("/spec/podSelector/matchLabels"), labels)).toList();
            assertFalse(policies.isEmpty(), overlay + " " + name + " has no NetworkPolicy");
            assertTrue(policies.stream().allMatch(p -> p.at("/spec/policyTypes").toString().equals("[\"Ingress\",\"Egress\"]")),
                    name + ": its NetworkPolicy must restrict both ingress and egress");
            ObjectNode autoscaler = Manifests.ofKind(overlay, "HorizontalPodAutoscaler").stream()
                    .filter(h -> h.at("/spec/scaleTargetRef/name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(overlay + " " + name + " has no HorizontalPodAutoscaler"));
            assertTrue(deployment.at("/spec/replicas").isMissingNode(), name + " sets replicas: the HorizontalPodAutoscaler owns the count");
            assertTrue(autoscaler.at("/spec/minReplicas").asInt() >= 1, name + " minReplicas");
            assertTrue(autoscaler.at("/spec/maxReplicas").asInt() >= autoscaler.at("/spec/minReplicas").asInt(), name + " maxReplicas");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void onlyTheGatewayIsReachableFromTheIngressAndServicesOnlyFromTheGateway(String overlay) {
        for (ObjectNode policy : Manifests.ofKind(overlay, "NetworkPolicy")) {
            String name = policy.at("/metadata/name").asText();
            for (JsonNode rule : policy.at("/spec/ingress")) {
                for (JsonNode from : rule.path("from")) {
                    String namespace = from.at("/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText("");
                    if (name.equals("gateway")) {
                        assertTrue(Set.of("gateway-system", "monitoring").contains(namespace), "gateway reachable from " + from);
                    } else {
                        boolean fromGateway = from.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText().equals("gateway")
                                && !from.has("namespaceSelector");
                        assertTrue(fromGateway || namespace.equals("monitoring"), name + " reachable from " + from);
                    }
                }
            }
            assertFalse(policy.at("/spec/ingress").toString().contains("ipBlock"), name + " admits addresses");
        }
        for (ObjectNode route : Manifests.ofKind(overlay, "HTTPRoute")) {
            for (JsonNode backend : route.findValues("backendRefs")) {
                for (JsonNode ref : backend) {
                    assertTrue(Set.of("gateway", "keycloak-service").contains(ref.path("name").asText()),
                            Manifests.name(route) + " routes to " + ref);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretCarriesAValueAndEverySecretReferencedIsMadeSomewhere(String overlay) {
        assertEquals(List.of(), Manifests.ofKind(overlay, "Secret").stream().map(Manifests::name).toList(), "Secrets in the manifests");
        Set<String> made = new TreeSet<>(CREATED_BY_OPS);
        Manifests.ofKind(overlay, "Cluster").forEach(c -> made.add(c.at("/metadata/name").asText() + "-app"));
        Manifests.ofKind(overlay, "KafkaUser").forEach(u -> made.add(u.at("/metadata/name").asText()));
        Manifests.ofKind(overlay, "Kafka").forEach(k -> made.add(k.at("/metadata/name").asText() + "-cluster-ca-cert"));
        Manifests.ofKind(overlay, "Certificate").forEach(c -> made.add(c.at("/spec/secretName").asText()));
        for (ObjectNode configMap : Manifests.ofKind(overlay, "ConfigMap")) {
            configMap.path("data").fieldNames().forEachRemaining(key -> assertFalse(SECRET_NAME.matcher(key).matches(),
                    Manifests.name(configMap) + " holds " + key + ": a secret belongs in a Secret, referenced"));
        }
        for (JsonNode container : containers(overlay)) {
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                assertFalse(SECRET_NAME.matcher(name).matches() && env.has("value"), container.path("name") + " sets " + name + " inline");
            }
        }
        List<String> referenced = Manifests.render(overlay).stream().flatMap(o -> Stream.concat(
                o.findValues("secretKeyRef").stream().map(r -> r.path("name").asText()),
                o.findValues("secretName").stream().map(JsonNode::asText))).distinct().toList();
        for (String secret : referenced) {
            assertTrue(made.contains(secret), overlay + ": nothing makes the Secret " + secret);
        }
        String readme = Manifests.read(Manifests.k8s().resolve("README.md"));
        CREATED_BY_OPS.forEach(secret -> assertTrue(readme.contains(secret), "the README does not say how to create " + secret));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageIsPinnedAndOursAreTheImagesJibBuilds(String overlay) throws IOException {
        String rootPom = Files.readString(Manifests.root().resolve("pom.xml"));
        String registry = tag(rootPom, "quarkus.container-image.registry");
        String group = tag(rootPom, "quarkus.container-image.group");
        String version = tag(rootPom, "quarkus.container-image.tag");
        for (ObjectNode deployment : Manifests.ofKind(overlay, "Deployment")) {
            String name = deployment.at("/metadata/name").asText();
            for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
                assertEquals(registry + "/" + group + "/" + name + ":" + version, container.path("image").asText(), overlay + " " + name);
            }
        }
        for (ObjectNode object : Manifests.render(overlay)) {
            for (JsonNode image : Stream.concat(object.findValues("image").stream(), object.findValues("imageName").stream()).toList()) {
                if (!image.isTextual()) {
                    continue;
                }
                String ref = image.asText();
                String tag = ref.contains("@") ? "digest" : ref.substring(ref.lastIndexOf('/') + 1).contains(":")
                        ? ref.substring(ref.lastIndexOf(':') + 1) : "";
                assertFalse(tag.isEmpty() || tag.equals("latest"), Manifests.name(object) + " runs " + ref + " unpinned");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaTopicsAreTheSuitesAndEachServiceMayReadAndWriteOnlyWhatItUses(String overlay) throws IOException {
        Set<String> topics = new TreeSet<>();
        Matcher enumTopic = Pattern.compile("^\\s+[A-Z_]+\\(\"([a-z-]+)\"\\)", Pattern.MULTILINE)
                .matcher(Files.readString(Manifests.root().resolve("platform/src/main/java/org/commonground/platform/events/Topic.java")));
        while (enumTopic.find()) {
            topics.add(enumTopic.group(1));
            topics.add(enumTopic.group(1) + ".dlq");
        }
        assertEquals(topics, new TreeSet<>(Manifests.ofKind(overlay, "KafkaTopic").stream().map(t -> t.at("/spec/topicName").asText()).toList()));

        Map<String, String> owners = new TreeMap<>();
        for (String service : SERVICES) {
            ObjectNode user = Manifests.ofKind(overlay, "KafkaUser").stream().filter(u -> u.at("/metadata/name").asText().equals(service))
                    .findFirst().orElseThrow(() -> new AssertionError(service + " has no KafkaUser"));
            Set<String> reads = new TreeSet<>(), writes = new TreeSet<>(), groups = new TreeSet<>();
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                String resource = acl.at("/resource/name").asText();
                String operations = acl.path("operations").toString();
                if (acl.at("/resource/type").asText().equals("group")) {
                    groups.add(resource);
                } else if (operations.contains("Write")) {
                    writes.add(resource);
                } else if (operations.contains("Read")) {
                    reads.add(resource);
                }
                assertFalse(operations.contains("All") || operations.contains("Delete") || operations.contains("Alter"), service + " " + acl);
                assertEquals("literal", acl.at("/resource/patternType").asText(), service + " " + acl);
            }
            Properties config = new Properties();
            config.load(new StringReader(Files.readString(Manifests.root().resolve(service + "/src/main/resources/application.properties"))));
            Set<String> consumed = new TreeSet<>(), consumerGroups = new TreeSet<>();
            config.stringPropertyNames().stream().filter(k -> k.startsWith("mp.messaging.incoming.")).forEach(k -> {
                if (k.endsWith(".topic")) {
                    consumed.add(config.getProperty(k));
                } else if (k.endsWith(".group.id")) {
                    consumerGroups.add(config.getProperty(k));
                }
            });
            assertEquals(consumed, reads, service + " may read exactly the topics it consumes");
            assertEquals(consumerGroups, groups, service + " may use exactly its consumer groups");
            Set<String> deadLetters = new TreeSet<>();
            consumed.forEach(t -> deadLetters.add(t + ".dlq"));
            Set<String> owned = new TreeSet<>(writes);
            owned.removeAll(deadLetters);
            assertTrue(writes.containsAll(deadLetters), service + " may write the dead letters of what it consumes");
            assertTrue(owned.containsAll(published(service)), service + " publishes " + published(service) + " but may write " + owned);
            for (String topic : owned) {
                assertNotNull(topic);
                String other = owners.put(topic, service);
                assertTrue(other == null, topic + " is written by both " + other + " and " + service);
            }
            ObjectNode autoscaler = Manifests.ofKind(overlay, "HorizontalPodAutoscaler").stream()
                    .filter(h -> h.at("/metadata/name").asText().equals(service)).findFirst().orElseThrow();
            assertTrue(autoscaler.at("/spec/metrics").findValues("consumergroup").stream().anyMatch(g -> consumerGroups.contains(g.asText())),
                    service + " scales on the lag of its consumer group");
        }
    }

    /** the topics of the events a service puts in its outbox, read from its sources */
    static Set<String> published(String service) throws IOException {
        Map<String, String> topicOfType = new TreeMap<>();
        Matcher types = Pattern.compile("([A-Z_]+)\\(\"[^\"]+\", Topic\\.([A-Z_]+)\\)").matcher(Files.readString(
                Manifests.root().resolve("platform/src/main/java/org/commonground/platform/events/EventType.java")));
        while (types.find()) {
            topicOfType.put(types.group(1), types.group(2).toLowerCase().replace('_', '-'));
        }
        Set<String> topics = new TreeSet<>();
        Pattern add = Pattern.compile("[oO]utbox[a-zA-Z.]*\\((?:EventType\\.)?([A-Z_]{4,})");
        try (Stream<Path> files = Files.walk(Manifests.root().resolve(service + "/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = add.matcher(Files.readString(file));
                while (m.find()) {
                    if (topicOfType.containsKey(m.group(1))) {
                        topics.add(topicOfType.get(m.group(1)));
                    }
                }
            }
        }
        return topics;
    }

    static List<JsonNode> containers(String overlay) {
        List<JsonNode> containers = new ArrayList<>();
        Manifests.ofKind(overlay, "Deployment").forEach(d -> d.at("/spec/template/spec/containers").forEach(containers::add));
        assertFalse(containers.isEmpty());
        return containers;
    }

    static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        var it = selector.fields();
        while (it.hasNext()) {
            var label = it.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    static String tag(String pom, String property) {
        Matcher m = Pattern.compile("<" + Pattern.quote(property) + ">([^<]+)</").matcher(pom);
        assertTrue(m.find(), "the root pom sets no " + property);
        return m.group(1).trim();
    }
}
