package org.commonground.platform.events;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a CloudEvent as a Kafka record in binary content mode (see {@link CloudEvent}). */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    public static ProducerRecord<String, String> of(String topic, CloudEvent event, String payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.key(), payload);
        header(record, CloudEvent.Headers.SPECVERSION, CloudEvent.SPEC_VERSION);
        header(record, CloudEvent.Headers.ID, event.id());
        header(record, CloudEvent.Headers.SOURCE, event.source());
        header(record, CloudEvent.Headers.TYPE, event.type());
        if (event.subject() != null) {
            header(record, CloudEvent.Headers.SUBJECT, event.subject());
        }
        header(record, CloudEvent.Headers.TIME, event.time().toString());
        header(record, CloudEvent.Headers.DATASCHEMA, event.dataschema());
        header(record, CloudEvent.Headers.CONTENT_TYPE, CloudEvent.CONTENT_TYPE);
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
