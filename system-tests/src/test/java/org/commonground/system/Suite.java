package org.commonground.system;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The running suite under test: the gateway's address ({@code CG_GATEWAY}) and the stack script
 * ({@code CG_STACK}, with {@code CG_STACK_INSTANCE}) to stop and start one of its processes.
 */
final class Suite {

    private Suite() {
    }

    static String gateway() {
        return ConfigProvider.getConfig().getOptionalValue("cg.gateway", String.class)
                .orElseThrow(() -> new IllegalStateException("CG_GATEWAY is not set: run the system tests with deploy/local/stack test"));
    }

    /** A request to the gateway. */
    static RequestSpecification api() {
        return RestAssured.given().baseUri(gateway());
    }

    static void stop(String process) {
        stack("stop", process);
    }

    static void start(String process) {
        stack("start", process);
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    static void kill(String process) {
        stack("kill", process);
    }

    /** Makes sure a demo user has joined the community (joining twice is refused, never duplicated). */
    static void joined(String user) {
        int status = api().auth().oauth2(org.commonground.platform.testing.Tokens.of(user))
                .contentType(io.restassured.http.ContentType.JSON).body("{\"displayName\":\"" + user + "\"}")
                .post("/api/members").then().extract().statusCode();
        if (status != 201 && status != 409) {
            throw new IllegalStateException(user + " could not join: " + status);
        }
    }

    /** the port of one process of the stack under test (a service's, for its /q/metrics) */
    static int port(String process) {
        return Integer.parseInt(stack("port", process).trim());
    }

    /** the stack's trace sink ({@code CG_TRACES}), where the services export their spans */
    static String traces() {
        return ConfigProvider.getConfig().getOptionalValue("cg.traces", String.class)
                .orElseThrow(() -> new IllegalStateException("CG_TRACES is not set: run the system tests with deploy/local/stack test"));
    }

    private static String stack(String command, String process) {
        String script = ConfigProvider.getConfig().getValue("cg.stack", String.class);
        try {
            Process p = new ProcessBuilder(script, command, process).redirectErrorStream(true).start();
            if (!p.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("stack " + command + " " + process + " did not finish within 2 minutes");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("stack " + command + " " + process + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
