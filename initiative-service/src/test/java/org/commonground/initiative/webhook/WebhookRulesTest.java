package org.commonground.initiative.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.commonground.platform.problem.ProblemException;
import org.junit.jupiter.api.Test;

class WebhookRulesTest {

    @Test
    void signaturesMatchTheStandardWebhooksTestVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
        String secret = WebhookSignature.newSecret();
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{43}="), secret);
        assertEquals(2, WebhookSignature.header(List.of(secret, WebhookSignature.newSecret()), "msg_1", 1, "{}").split(" ").length,
                "one signature per secret during a rotation");
    }

    @Test
    void theEventTypesNamedInTheApiDocumentAreTheOnesAccepted() {
        assertEquals(String.join(", ", WebhookEvents.TYPES), WebhookEvents.TYPES_TEXT);
    }

    private static void refused(String url, boolean allowPrivate) {
        ProblemException e = assertThrows(ProblemException.class, () -> WebhookUrls.check(url, allowPrivate), url);
        assertEquals("url", e.problem().errors().get(0).field(), url);
    }

    @Test
    void inProductionOnlyHttpsToPublicAddressesIsAccepted() {
        assertDoesNotThrow(() -> WebhookUrls.check("https://hooks.example.org/commonground?x=1", false));
        assertDoesNotThrow(() -> WebhookUrls.check("https://93.184.216.34:8443/hook", false));
        for (String url : List.of("http://hooks.example.org/commonground", "ftp://example.org/x", "not a url", "/relative/path",
                "https://127.0.0.1/hook", "https://localhost:8443/hook", "https://10.0.0.5/hook", "https://172.16.3.4/hook",
                "https://192.168.1.2/hook", "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/", "https://0.0.0.0/",
                "https://[::1]/hook", "https://[fd00::1]/hook", "https://[fe80::1]/hook", "https://metadata.google.internal/",
                "https://printer.local/", "https://intranet/hook", "https://user:password@hooks.example.org/", "https://hooks.example.org/#frag",
                "https://999.1.1.1/hook", "http://127.0.0.1:9000/hook")) {
            refused(url, false);
        }
    }

    @Test
    void locallyHttpToTheLoopbackIsAcceptedForTesting() {
        assertDoesNotThrow(() -> WebhookUrls.check("http://127.0.0.1:9000/hook", true));
        assertDoesNotThrow(() -> WebhookUrls.check("http://localhost:9000/hook", true));
        assertDoesNotThrow(() -> WebhookUrls.check("https://10.0.0.5/hook", true));
        refused("http://10.0.0.5/hook", true);
        refused("http://hooks.example.org/hook", true);
    }

    @Test
    void beforeEachDeliveryInProductionAHostThatResolvesToAPrivateAddressIsRefused() {
        WebhookDelivery production = new WebhookDelivery(null, null, List.of(Duration.ofSeconds(5)), Duration.ofSeconds(5), Duration.ofDays(1), false);
        // a name that passed registration may resolve to the loopback (or be made to, later): refused when it is sent
        for (String url : List.of("https://localhost/hook", "https://127.0.0.1/hook", "https://[::1]/hook")) {
            assertThrows(WebhookDelivery.RefusedAddress.class, () -> production.checkAddress(java.net.URI.create(url)), url);
        }
        WebhookDelivery local = new WebhookDelivery(null, null, List.of(Duration.ofSeconds(5)), Duration.ofSeconds(5), Duration.ofDays(1), true);
        assertDoesNotThrow(() -> local.checkAddress(java.net.URI.create("http://127.0.0.1:9000/hook")));
    }

    @Test
    void aDeliveryIsRetriedForMoreThanADayWithJitter() {
        List<Duration> delays = List.of(Duration.parse("PT5S"), Duration.parse("PT5M"), Duration.parse("PT30M"), Duration.parse("PT2H"),
                Duration.parse("PT5H"), Duration.parse("PT10H"), Duration.parse("PT10H"), Duration.parse("PT10H"));
        WebhookDelivery delivery = new WebhookDelivery(null, null, delays, Duration.ofSeconds(5), Duration.ofDays(1), false);
        assertTrue(delivery.retriedFor().compareTo(Duration.ofHours(24)) > 0, "retried for " + delivery.retriedFor());
        // every retry stays within ±20 % of its delay, and they add up to more than a day even at their shortest
        assertTrue(delivery.retriedFor().multipliedBy(8).dividedBy(10).compareTo(Duration.ofHours(24)) > 0);
        for (int i = 0; i < 200; i++) {
            long ms = WebhookDelivery.jittered(Duration.ofSeconds(100)).toMillis();
            assertTrue(ms >= 80_000 && ms <= 120_000, ms + " ms");
        }
    }
}
