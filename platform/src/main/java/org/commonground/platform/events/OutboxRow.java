package org.commonground.platform.events;

import java.time.Instant;

/** One row of the outbox, as the relay reads it; traceContext is the traceparent of the span that wrote it, if any. */
record OutboxRow(long seq, String id, String topic, String key, String type, String source, String subject,
        Instant occurredAt, String dataschema, String payload, int attempts, String traceContext) {

    OutboxRow(long seq, String id, String topic, String key, String type, String source, String subject,
            Instant occurredAt, String dataschema, String payload, int attempts) {
        this(seq, id, topic, key, type, source, subject, occurredAt, dataschema, payload, attempts, null);
    }
}
