package org.commonground.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A CloudEvents 1.0 event as it travels on Kafka in <b>binary mode</b>: the attributes are record headers
 * ({@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_subject}, {@code ce_time},
 * {@code ce_dataschema}, and {@code content-type} for {@code datacontenttype}), the record value is the JSON
 * payload ({@code data}), the record key is the ordering key (a memberId, an initiativeId).
 */
public record CloudEvent(String id, String source, String type, String subject, Instant time, String dataschema,
        String key, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    /** Kafka header names of the CloudEvents Kafka protocol binding, binary content mode. */
    public static final class Headers {
        public static final String SPECVERSION = "ce_specversion";
        public static final String ID = "ce_id";
        public static final String SOURCE = "ce_source";
        public static final String TYPE = "ce_type";
        public static final String SUBJECT = "ce_subject";
        public static final String TIME = "ce_time";
        public static final String DATASCHEMA = "ce_dataschema";
        public static final String CONTENT_TYPE = "content-type";

        private Headers() {
        }
    }
}
