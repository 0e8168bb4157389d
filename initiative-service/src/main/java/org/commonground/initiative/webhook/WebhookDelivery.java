package org.commonground.initiative.webhook;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import org.commonground.initiative.partner.Participants;
import org.commonground.platform.persistence.NativeSql;
import org.commonground.platform.reactive.Sequentially;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Delivers what waits, at least once and in order per initiative: every second it claims the due deliveries whose
 * predecessors (same endpoint, same initiative) are all delivered or given up, renders each for its partner as of now,
 * signs it with every secret that signs now, and POSTs it (5 s to answer). A 2xx is delivered; anything else, a
 * timeout or a refused address is retried with exponential back-off and ±20 % jitter (5 s, 5 min, 30 min, 2 h, 5 h,
 * 10 h, 10 h, 10 h: more than a day even at the shortest), then marked failed. An endpoint that has failed without a
 * success for a day is disabled.
 * Replicas share the work: a claim locks its rows and holds them for 30 s.
 */
@ApplicationScoped
public class WebhookDelivery {

    private static final Logger LOG = Logger.getLogger(WebhookDelivery.class);
    private static final int BATCH = 20;
    private static final Duration CLAIM = Duration.ofSeconds(30);

    private static final String DUE = "SELECT d.id, d.endpoint_id, d.webhook_id, d.event_type, d.event_time, d.event_data, d.attempts,"
            + " e.url, e.organization, e.created_by, e.secret, e.previous_secret, e.previous_secret_until"
            + " FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id"
            + " WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?1 AND (d.claimed_until IS NULL OR d.claimed_until < ?1)"
            + " AND e.status = 'ACTIVE' AND NOT EXISTS (SELECT 1 FROM webhook_delivery x WHERE x.endpoint_id = d.endpoint_id"
            + " AND x.ordering_key = d.ordering_key AND x.status = 'PENDING' AND x.seq < d.seq)"
            + " ORDER BY d.seq LIMIT " + BATCH + " FOR UPDATE OF d SKIP LOCKED";

    /** One attempt, ready to send. */
    record Attempt(UUID id, UUID endpoint, String webhookId, String eventType, int attempts, URI url, String organization, String client,
            List<String> secrets, WebhookEvents.Rendered rendered) {
    }

    /** What the endpoint answered (a status code), or why there was no answer. */
    record Outcome(Attempt attempt, Integer status, String error) {
        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    private final WebhookEvents events;
    private final Participants participants;
    private final List<Duration> retryDelays;
    private final Duration timeout;
    private final Duration disableAfter;
    private final boolean allowPrivate;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();

    WebhookDelivery(WebhookEvents events, Participants participants,
            @ConfigProperty(name = "cg.webhooks.retry-delays", defaultValue = "PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT10H,PT10H") List<Duration> retryDelays,
            @ConfigProperty(name = "cg.webhooks.timeout", defaultValue = "PT5S") Duration timeout,
            @ConfigProperty(name = "cg.webhooks.disable-after", defaultValue = "P1D") Duration disableAfter,
            @ConfigProperty(name = "cg.webhooks.allow-private-addresses", defaultValue = "false") boolean allowPrivate) {
        this.events = events;
        this.participants = participants;
        this.retryDelays = List.copyOf(retryDelays);
        this.timeout = timeout;
        this.disableAfter = disableAfter;
        this.allowPrivate = allowPrivate;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
        if (retriedFor().multipliedBy(8).dividedBy(10).compareTo(disableAfter) <= 0) {
            LOG.warnf("cg.webhooks.retry-delays add up to %s, -20 %% jitter included not more than cg.webhooks.disable-after (%s):"
                    + " a delivery may be given up before its failing endpoint is disabled", retriedFor(), disableAfter);
        }
    }

    @Scheduled(every = "${cg.webhooks.poll:1s}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deliverDue() {
        return deliverDue(clock.instant()).onFailure().invoke(e -> LOG.warn("delivering webhooks failed; retried next time", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Claims, sends and records one batch; answers how many were attempted. */
    Uni<Integer> deliverDue(Instant now) {
        Context context = Vertx.currentContext();
        Executor here = context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
        return Panache.withTransaction(() -> NativeSql.rows(DUE, now).chain(rows -> {
                    List<Attempt> attempts = new ArrayList<>();
                    return Sequentially.each(rows, r -> NativeSql.update("UPDATE webhook_delivery SET claimed_until = ?2 WHERE id = ?1",
                                    r[0], now.plus(CLAIM))
                            .chain(() -> events.render((String) r[3], NativeSql.instant(r[4]), (String) r[5], (String) r[8]))
                            .invoke(rendered -> attempts.add(new Attempt((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3],
                                    ((Number) r[6]).intValue(), URI.create((String) r[7]), (String) r[8], (String) r[9],
                                    secrets((String) r[10], (String) r[11], r[12] == null ? null : NativeSql.instant(r[12]), now), rendered))))
                            .map(done -> attempts);
                }))
                .chain(attempts -> attempts.isEmpty() ? Uni.createFrom().item(List.<Outcome>of())
                        : Uni.join().all(attempts.stream().map(this::send).toList()).andFailFast().emitOn(here))
                .chain(outcomes -> Panache.withTransaction(() -> Sequentially.each(outcomes, o -> record(o, clock.instant())))
                        .map(done -> outcomes.size()));
    }

    private static List<String> secrets(String secret, String previous, Instant previousUntil, Instant now) {
        return previous != null && previousUntil != null && previousUntil.isAfter(now) ? List.of(secret, previous) : List.of(secret);
    }

    /** One POST; never fails: a failure is an outcome. */
    private Uni<Outcome> send(Attempt a) {
        long timestamp = clock.instant().getEpochSecond();
        String body = a.rendered().body();
        HttpRequest request = HttpRequest.newBuilder(a.url()).timeout(timeout)
                .header("content-type", "application/json")
                .header("user-agent", "Commonground-Webhooks/1")
                .header("webhook-id", a.webhookId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.header(a.secrets(), a.webhookId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return Uni.createFrom().item(() -> {
                    checkAddress(a.url());
                    return request;
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(r -> Uni.createFrom().completionStage(() -> http.sendAsync(r, HttpResponse.BodyHandlers.discarding())))
                .map(response -> new Outcome(a, response.statusCode(), response.statusCode() / 100 == 2 ? null
                        : "answered HTTP " + response.statusCode()))
                .onFailure().recoverWithItem(failure -> new Outcome(a, null, reason(failure)));
    }

    /** In production, a host that resolves to a private address is refused at every delivery (it may have changed). */
    void checkAddress(URI url) {
        if (allowPrivate) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (!WebhookUrls.publicAddress(address)) {
                    throw new RefusedAddress(url.getHost() + " resolves to " + address.getHostAddress() + ", which is not public");
                }
            }
        } catch (java.net.UnknownHostException e) {
            throw new RefusedAddress("the host " + url.getHost() + " is not known");
        }
    }

    static final class RefusedAddress extends RuntimeException {
        RefusedAddress(String message) {
            super(message, null, false, false);
        }
    }

    private String reason(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String text;
        if (cause instanceof HttpTimeoutException) {
            text = "no answer within " + timeout.toMillis() / 1000.0 + " s";
        } else if (cause instanceof RefusedAddress) {
            text = "refused: " + cause.getMessage();
        } else if (cause instanceof java.net.ConnectException) {
            text = "could not connect";
        } else {
            text = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private Uni<Void> record(Outcome o, Instant now) {
        Attempt a = o.attempt();
        int attempts = a.attempts() + 1;
        if (o.delivered()) {
            return NativeSql.update("UPDATE webhook_delivery SET status = 'DELIVERED', attempts = ?2, last_attempt_at = ?3, last_status_code = ?4,"
                            + " last_error = NULL, delivered_at = ?3, claimed_until = NULL WHERE id = ?1", a.id(), attempts, now, o.status())
                    .chain(() -> NativeSql.update("UPDATE webhook_endpoint SET failing_since = NULL WHERE id = ?1 AND failing_since IS NOT NULL",
                            a.endpoint()))
                    .chain(() -> participants.logReads(a.rendered().named(), List.of("displayName"),
                            ("webhook " + a.eventType() + " to " + a.url().getHost()), now, "webhook:" + a.endpoint(), a.client()));
        }
        boolean givenUp = attempts > retryDelays.size();
        Instant next = givenUp ? now : now.plus(jittered(retryDelays.get(attempts - 1)));
        return NativeSql.update("UPDATE webhook_delivery SET status = ?2, attempts = ?3, last_attempt_at = ?4, last_status_code = ?5,"
                        + " last_error = ?6, next_attempt_at = ?7, claimed_until = NULL WHERE id = ?1", a.id(), givenUp ? "FAILED" : "PENDING",
                        attempts, now, o.status(), o.error(), next)
                .chain(() -> NativeSql.update("UPDATE webhook_endpoint SET failing_since = COALESCE(failing_since, ?2) WHERE id = ?1",
                        a.endpoint(), now))
                .chain(() -> NativeSql.update("UPDATE webhook_endpoint SET status = 'DISABLED', disabled_reason = 'failed without a success"
                        + " since ' || to_char(failing_since AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ' (last: ' || ?3 || ')'"
                        + " WHERE id = ?1 AND status = 'ACTIVE' AND failing_since <= ?2", a.endpoint(), now.minus(disableAfter), o.error()))
                .replaceWithVoid();
    }

    /** A delay with ±20 % jitter, so that many endpoints failing together do not retry together. */
    static Duration jittered(Duration delay) {
        double factor = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }

    /** The longest a delivery is retried (without jitter): the sum of the delays. */
    Duration retriedFor() {
        return retryDelays.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
