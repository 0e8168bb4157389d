package org.commonground.system;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.commonground.platform.testing.EventBus;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.Test;

/**
 * No event lost, none applied twice, whatever fails: the broker goes away while members keep deciding, and the
 * consuming service is killed in the middle of a burst. The public tally must end exactly right, and the number of
 * events it applied must equal the number of decisions that changed something.
 */
class EventDeliveryUnderFaultsTest {

    private static final String PURPOSE = "partner-contact";
    private static final List<String> MEMBERS = List.of("alice", "bob", "carol", "sam", "tess");

    private final Map<String, Boolean> state = new HashMap<>();
    private int changes;

    private static long applied() {
        return ((Number) Suite.api().get("/api/public/consents").then().statusCode(200).extract().path("eventsApplied"))
                .longValue();
    }

    /** Sets a member's decision; counts it when it changed something (only a change is an event). */
    private synchronized void set(String user, boolean granted) {
        Suite.api().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON).body("{\"granted\":" + granted + "}")
                .put("/api/members/me/consents/" + PURPOSE).then().statusCode(200);
        if (state.put(user, granted) != granted) {
            changes++;
        }
    }

    private long grantedNow() {
        return state.values().stream().filter(g -> g).count();
    }

    @Test
    void theTallyEndsExactWhenKafkaStopsAndWhenTheConsumerIsKilledMidBurst() {
        MEMBERS.forEach(Suite::joined);
        MEMBERS.forEach(user -> state.put(user, ConsentFlowTest.granted(user, PURPOSE)));
        long others = ConsentFlowTest.members(PURPOSE) - grantedNow();
        long appliedAtStart = applied();

        // 1. the broker is away: the API keeps answering, the events wait in the outbox
        Suite.stop("kafka");
        try {
            for (int round = 0; round < 3; round++) {
                for (String user : MEMBERS) {
                    set(user, !state.get(user));
                }
            }
            set("alice", true);
            set("bob", false);
        } finally {
            Suite.start("kafka");
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> ConsentFlowTest.members(PURPOSE) == others + grantedNow() && applied() == appliedAtStart + changes);

        // 2. a poison record on the topic goes to the dead-letter topic; the consumer goes on
        String poison = "poison-" + UUID.randomUUID();
        EventBus.send(new ProducerRecord<>("consents", poison, "{\"memberId\": 42"));

        // 3. the consumer is killed while a burst is in flight
        AtomicInteger sent = new AtomicInteger();
        CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 60; i++) {
                String user = MEMBERS.get(i % MEMBERS.size());
                set(user, !state.get(user));
                sent.incrementAndGet();
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= 15);
        Suite.kill("reporting-service");
        burst.join();
        set("carol", true);
        Suite.start("reporting-service");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> ConsentFlowTest.members(PURPOSE) == others + grantedNow() && applied() >= appliedAtStart + changes);
        assertEquals(appliedAtStart + changes, applied(), "each change applied exactly once");
        assertEquals(others + grantedNow(), ConsentFlowTest.members(PURPOSE));
        await().atMost(Duration.ofSeconds(20)).until(() -> EventBus.readAll("consents.dlq").stream()
                .anyMatch(r -> poison.equals(r.key())));
    }
}
