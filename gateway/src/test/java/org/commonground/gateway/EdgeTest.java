package org.commonground.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.InputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's edge: cross-origin calls only from the configured origins, and a client that stalls is cut off. */
@QuarkusTest
@QuarkusTestResource(UpstreamStub.class)
@TestProfile(EdgeTest.AnAppOrigin.class)
class EdgeTest {

    public static class AnAppOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.origins", "https://app.commonground.example", "quarkus.http.idle-timeout", "2S");
        }
    }

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void onlyTheConfiguredOriginMayCallFromABrowser() {
        given().header("Origin", "https://app.commonground.example").header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "authorization,if-match").options("/api/members/me").then()
                .statusCode(200).header("Access-Control-Allow-Origin", equalTo("https://app.commonground.example"));
        given().header("Origin", "https://app.commonground.example").get("/api/public/partnerships").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("https://app.commonground.example"));
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "PUT").options("/api/members/me")
                .then().header("Access-Control-Allow-Origin", nullValue());
        int status = given().header("Origin", "https://evil.example").get("/api/public/partnerships").then()
                .header("Access-Control-Allow-Origin", nullValue()).extract().statusCode();
        assertEquals(403, status, "a cross-origin request from elsewhere is refused");
    }

    @Test
    void aClientThatStopsSendingIsCutOff() throws Exception {
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write("GET /api/public/partnerships HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // whatever the gateway says before it closes
            }
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertTrue(seconds < 10, "closed after " + seconds + " s");
        }
    }
}
