package org.commonground.platform.events;

import java.time.Instant;

/** One row of the outbox, as the relay reads it. */
record OutboxRow(long seq, String id, String topic, String key, String type, String source, String subject,
        Instant occurredAt, String dataschema, String payload, int attempts) {
}
