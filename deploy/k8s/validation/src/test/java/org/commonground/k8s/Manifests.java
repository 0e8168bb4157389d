package org.commonground.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** deploy/k8s as rendered by kustomize: each overlay's objects, and the project files the checks compare them with. */
final class Manifests {

    static final List<String> OVERLAYS = List.of("dev", "prod");
    static final ObjectMapper JSON = new ObjectMapper();
    static final YAMLMapper YAML = new YAMLMapper();

    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** deploy/k8s */
    static Path k8s() {
        return Path.of(System.getProperty("k8s.dir", "..")).toAbsolutePath().normalize();
    }

    /** the repository's root */
    static Path root() {
        return k8s().getParent().getParent();
    }

    /** Every object of an overlay, as `kubectl kustomize` renders it (rendered once per test run). */
    static List<ObjectNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Manifests::kustomize);
    }

    static List<ObjectNode> ofKind(String overlay, String kind) {
        return render(overlay).stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String name(JsonNode object) {
        return object.path("kind").asText() + "/" + object.path("metadata").path("name").asText();
    }

    static List<ObjectNode> parseAll(String yaml) {
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext();) {
                JsonNode node = it.next();
                if (node instanceof ObjectNode object) {
                    objects.add(object);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("kustomize printed YAML that does not parse", e);
        }
        return objects;
    }

    private static List<ObjectNode> kustomize(String overlay) {
        Path dir = k8s().resolve("overlays").resolve(overlay);
        try {
            Process process = new ProcessBuilder(kubectl(), "kustomize", dir.toString()).redirectErrorStream(false).start();
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed:\n" + new String(err, StandardCharsets.UTF_8));
            }
            return parseAll(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run kubectl (" + kubectl() + "): deploy/local/stack test fetches it, or set "
                    + "CG_KUBECTL to a kubectl with kustomize", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** the kubectl deploy/local/stack fetched (CG_KUBECTL), else the one on the PATH */
    static String kubectl() {
        String given = System.getenv("CG_KUBECTL");
        return given != null && !given.isBlank() ? given : "kubectl";
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
