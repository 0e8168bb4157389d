package org.commonground.platform.events;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.commonground.platform.observability.TraceContext;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Publishes the outbox to Kafka. One relay per service is active at a time: the one that holds the service's
 * PostgreSQL advisory lock (on a connection it keeps open; if its process dies the lock goes with the
 * connection and a standby replica takes over). It wakes on {@code NOTIFY outbox} when a transaction with events
 * commits, and polls slowly as a safety net. Rows are sent in commit order ({@code seq}) with {@code acks=all}
 * and the idempotent producer, and marked sent only after the broker acknowledged them. A failed row is retried
 * with back-off; a row Kafka refuses for good (not retriable) is marked dead after a few attempts.
 * Sent rows are deleted after the retention period.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;
    private static final int DEAD_AFTER_ATTEMPTS = 5;

    private final AgroalDataSource database;
    private final String bootstrapServers;
    private final String application;
    private final boolean enabled;
    private final Duration poll;
    private final Duration retention;
    private final Counter published;
    private final Counter failures;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong oldestPendingMillis = new AtomicLong();
    private final Tracer tracer;

    private volatile boolean running;
    private volatile boolean leader;
    private Thread thread;
    private Producer<String, String> producer;
    private long lastCleanup;
    private long lastGauges;

    OutboxRelay(AgroalDataSource database, MeterRegistry metrics, Tracer tracer,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092") String bootstrapServers,
            @ConfigProperty(name = "quarkus.application.name") String application,
            @ConfigProperty(name = "commonground.outbox.relay.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "commonground.outbox.relay.poll", defaultValue = "10s") Duration poll,
            @ConfigProperty(name = "commonground.outbox.retention", defaultValue = "P7D") Duration retention) {
        this.database = database;
        this.tracer = tracer;
        this.bootstrapServers = bootstrapServers;
        this.application = application;
        this.enabled = enabled;
        this.poll = poll;
        this.retention = retention;
        this.published = metrics.counter("commonground.outbox.published");
        this.failures = metrics.counter("commonground.outbox.failures");
        metrics.gauge("commonground.outbox.pending", pending);
        metrics.gauge("commonground.outbox.dead", dead);
        // how long the oldest event still to publish has waited: the outbox's backlog as an age, for alerts
        io.micrometer.core.instrument.Gauge.builder("commonground.outbox.oldest.pending", oldestPendingMillis, a -> a.get() / 1000.0)
                .baseUnit("seconds").description("age of the oldest event not yet published (0 when none)").register(metrics);
        metrics.gauge("commonground.outbox.leader", this, r -> r.leader ? 1 : 0);
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        running = true;
        producer = new KafkaProducer<>(producerConfig(bootstrapServers, application));
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Whether this replica is the one publishing. */
    public boolean isLeader() {
        return leader;
    }

    static Properties producerConfig(String bootstrapServers, String application) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-outbox-relay");
        // every replica of the topic has the record before we call it sent; no duplicates from producer retries
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        // when Kafka is away, fail a send within seconds and let the relay back off, rather than block
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return KafkaSecurity.addTo(config);
    }

    private void run() {
        Backoff backoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(5));
        while (running) {
            Connection lock = null;
            try {
                lock = database.getConnection();
                lock.setAutoCommit(true);
                if (!tryLead(lock)) {
                    release(lock);
                    lock = null;
                    pause(Duration.ofSeconds(2));
                    continue;
                }
                leader = true;
                LOG.infof("%s leads the outbox relay", application);
                try (Statement listen = lock.createStatement()) {
                    listen.execute("LISTEN outbox");
                }
                PGConnection notifications = lock.unwrap(PGConnection.class);
                while (running) {
                    BatchResult result = publishBatch();
                    if (result.failed() > 0) {
                        pause(backoff.next());
                        continue;
                    }
                    backoff.reset();
                    if (result.sent() == BATCH) {
                        continue; // more is waiting
                    }
                    cleanupNowAndThen();
                    // wait for a commit with events, or the safety-net poll
                    notifications.getNotifications((int) poll.toMillis());
                    if (!lock.isValid(2)) {
                        throw new SQLException("the relay's lock connection was lost");
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("outbox relay: %s; retrying", e.getMessage());
                    pause(backoff.next());
                }
            } catch (RuntimeException e) {
                LOG.error("outbox relay failure; retrying", e);
                pause(backoff.next());
            } finally {
                leader = false;
                // only the leader reports the outbox: a replica that lost the lead must not keep an old backlog alive
                pending.set(0);
                dead.set(0);
                oldestPendingMillis.set(0);
                release(lock);
            }
        }
    }

    /**
     * Gives the lock connection back to the pool without its session state: the advisory lock and the LISTEN
     * would otherwise stay with a pooled connection, and no replica could lead until it closed.
     */
    private static void release(Connection connection) {
        if (connection == null) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
            statement.execute("SELECT pg_advisory_unlock_all()");
        } catch (SQLException e) {
            LOG.debugf("releasing the relay's lock connection: %s (a broken connection is discarded anyway)", e.getMessage());
        } finally {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("closing the relay's lock connection: %s", e.getMessage());
            }
        }
    }

    private boolean tryLead(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            statement.setString(1, "commonground-outbox-relay");
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    record BatchResult(int sent, int failed) {
    }

    /** Publishes the next batch of due rows and records the outcome of each. */
    BatchResult publishBatch() throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT seq, id, topic, message_key, type, source, subject, occurred_at, dataschema, payload, attempts,"
                                + " trace_context"
                                // no per-row schedule: the whole relay backs off, so a failed row goes again before
                                // any later row of its key can overtake it
                                + " FROM outbox WHERE sent_at IS NULL AND NOT dead ORDER BY seq LIMIT " + BATCH)) {
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getObject(2).toString(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getObject(8, java.time.OffsetDateTime.class).toInstant(), rs.getString(9), rs.getString(10),
                            rs.getInt(11), rs.getString(12)));
                }
            }
            if (rows.isEmpty()) {
                refreshGauges(connection); // a batch that sent refreshes them once it is done (below)
                return new BatchResult(0, 0);
            }
            Map<OutboxRow, Future<RecordMetadata>> sends = new java.util.LinkedHashMap<>();
            Map<OutboxRow, Span> spans = new HashMap<>();
            for (OutboxRow row : rows) {
                try {
                    // the publication continues the trace of the request or event that wrote the row
                    Span span = tracer.spanBuilder(row.topic() + " publish").setSpanKind(SpanKind.PRODUCER)
                            .setParent(TraceContext.parent(row.traceContext()))
                            .setAttribute("messaging.system", "kafka")
                            .setAttribute("messaging.operation.type", "publish")
                            .setAttribute("messaging.destination.name", row.topic())
                            .setAttribute("messaging.message.id", row.id())
                            .setAttribute("cloudevents.event_type", row.type())
                            .startSpan();
                    spans.put(row, span);
                    ProducerRecord<String, String> record = record(row);
                    TraceContext.inject(io.opentelemetry.context.Context.root().with(span), record.headers());
                    sends.put(row, producer.send(record));
                } catch (RuntimeException e) {
                    // send() refused at once (no metadata while Kafka is away, a record it can never take): stop
                    // here, so the rest neither waits max.block.ms each nor overtakes this row; they follow later
                    sends.put(row, java.util.concurrent.CompletableFuture.failedFuture(e));
                    break;
                }
            }
            List<Long> sent = new ArrayList<>();
            Map<OutboxRow, Throwable> failed = new HashMap<>();
            for (var send : sends.entrySet()) {
                try {
                    send.getValue().get(15, TimeUnit.SECONDS);
                    sent.add(send.getKey().seq());
                } catch (ExecutionException e) {
                    failed.put(send.getKey(), e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    failed.put(send.getKey(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.put(send.getKey(), e);
                }
            }
            spans.forEach((row, span) -> {
                Throwable failure = failed.get(row);
                if (failure != null) {
                    span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                }
                span.end();
            });
            markSent(connection, sent);
            for (var failure : failed.entrySet()) {
                markFailed(connection, failure.getKey(), failure.getValue());
            }
            published.increment(sent.size());
            failures.increment(failed.size());
            refreshGauges(connection);
            if (!failed.isEmpty()) {
                LOG.warnf("outbox relay: %d of %d events not published yet: %s", failed.size(), rows.size(),
                        failed.values().iterator().next().toString());
            }
            return new BatchResult(sent.size(), failed.size());
        }
    }

    static ProducerRecord<String, String> record(OutboxRow row) {
        return CloudEventRecords.of(row.topic(), new CloudEvent(row.id(), row.source(), row.type(), row.subject(),
                row.occurredAt(), row.dataschema(), row.key(), null), row.payload());
    }

    private static void markSent(Connection connection, List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox SET sent_at = clock_timestamp(), attempts = attempts + 1, last_error = NULL WHERE seq = ANY (?)")) {
            update.setArray(1, connection.createArrayOf("bigint", seqs.toArray()));
            update.executeUpdate();
        }
    }

    private static void markFailed(Connection connection, OutboxRow row, Throwable cause) throws SQLException {
        int attempts = row.attempts() + 1;
        boolean giveUp = !retriable(cause) && attempts >= DEAD_AFTER_ATTEMPTS;
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox SET attempts = ?, last_error = ?, dead = ?,"
                        + " next_attempt_at = clock_timestamp() + make_interval(secs => ?) WHERE seq = ?")) {
            update.setInt(1, attempts);
            update.setString(2, String.valueOf(cause));
            update.setBoolean(3, giveUp);
            update.setDouble(4, Backoff.delayFor(attempts, Duration.ofMillis(250), Duration.ofSeconds(5)).toMillis() / 1000.0);
            update.setLong(5, row.seq());
            update.executeUpdate();
        }
        if (giveUp) {
            LOG.errorf("outbox event %s (%s) is dead after %d attempts: %s", row.id(), row.type(), attempts, cause);
        }
    }

    /** Kafka being away, slow or electing a leader is worth waiting for; a refused record is not. */
    static boolean retriable(Throwable cause) {
        return cause instanceof RetriableException || cause instanceof java.util.concurrent.TimeoutException
                || cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof InterruptedException;
    }

    /**
     * The pending and dead counts, at most once a second and through the partial indexes: never a scan of the
     * sent rows, which the outbox keeps for days.
     */
    private void refreshGauges(Connection connection) throws SQLException {
        long now = System.currentTimeMillis();
        if (now - lastGauges < 1_000) {
            return;
        }
        lastGauges = now;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL AND NOT dead),"
                                + " (SELECT count(*) FROM outbox WHERE dead),"
                                + " (SELECT coalesce(extract(epoch FROM clock_timestamp() - min(created_at)) * 1000, 0)"
                                + " FROM (SELECT created_at FROM outbox WHERE sent_at IS NULL AND NOT dead ORDER BY seq LIMIT 1) oldest)")) {
            if (rs.next()) {
                pending.set(rs.getLong(1));
                dead.set(rs.getLong(2));
                oldestPendingMillis.set(rs.getLong(3));
            }
        }
    }

    private void cleanupNowAndThen() throws SQLException {
        long now = System.currentTimeMillis();
        if (now - lastCleanup < Duration.ofMinutes(10).toMillis()) {
            return;
        }
        lastCleanup = now;
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM outbox WHERE sent_at < clock_timestamp() - make_interval(secs => ?)")) {
            delete.setDouble(1, retention.toSeconds());
            int deleted = delete.executeUpdate();
            if (deleted > 0) {
                LOG.infof("outbox: removed %d events sent more than %s ago", deleted, retention);
            }
        }
        // the leader also forgets the answers kept for Idempotency-Key retries once they are a day old
        try (Connection connection = database.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM idempotent_request WHERE created_at < clock_timestamp() - make_interval(secs => ?)")) {
            delete.setDouble(1, org.commonground.platform.http.Idempotency.KEPT_FOR.toSeconds());
            delete.executeUpdate();
        }
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
