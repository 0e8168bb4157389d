package org.commonground.platform.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A trace's context as W3C Trace Context text: how a trace follows a state change from the request that made it,
 * through the outbox row (where it waits, maybe across a restart), the Kafka record's headers, into each consumer.
 */
public final class TraceContext {

    /** the W3C header, on HTTP requests and on Kafka records */
    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContext() {
    }

    /** the current span's context as a traceparent, or null outside a sampled or valid span */
    public static String current() {
        if (!Span.current().getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(2);
        W3C.inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** the context a traceparent names, as a parent (the root context when there is none or it is malformed) */
    public static Context parent(String traceparent) {
        if (traceparent == null || traceparent.isBlank()) {
            return Context.root();
        }
        return W3C.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP);
    }

    /** the context in a Kafka record's headers */
    public static Context parent(Headers headers) {
        Header header = headers.lastHeader(TRACEPARENT);
        return header == null ? Context.root() : parent(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** writes a context into a Kafka record's headers, replacing any there */
    public static void inject(Context context, Headers headers) {
        for (String field : List.of(TRACEPARENT, TRACESTATE)) {
            headers.remove(field);
        }
        W3C.inject(context, headers, (carrier, key, value) -> carrier.add(key, value.getBytes(StandardCharsets.UTF_8)));
    }
}
