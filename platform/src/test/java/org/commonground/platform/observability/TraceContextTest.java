package org.commonground.platform.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A trace's context survives the outbox row (as text) and the Kafka record (as a header), and nothing else passes for one. */
class TraceContextTest {

    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String SPAN = "b7ad6b7169203331";

    static Context sampled() {
        return Context.root().with(Span.wrap(SpanContext.createFromRemoteParent(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault())));
    }

    @Test
    void theCurrentSpanIsWrittenAsATraceparentAndReadBackAsTheParent() {
        try (Scope ignored = sampled().makeCurrent()) {
            String text = TraceContext.current();
            assertEquals("00-" + TRACE + "-" + SPAN + "-01", text);
            SpanContext parent = Span.fromContext(TraceContext.parent(text)).getSpanContext();
            assertEquals(TRACE, parent.getTraceId());
            assertEquals(SPAN, parent.getSpanId());
            assertTrue(parent.isRemote() && parent.isSampled());
        }
    }

    @Test
    void outsideASpanThereIsNoContextAndAnEmptyOrBrokenOneGivesARootSpan() {
        assertNull(TraceContext.current());
        for (String broken : new String[] {null, "", "   ", "00-zz-yy-01", "00-00000000000000000000000000000000-" + SPAN + "-01"}) {
            assertFalse(Span.fromContext(TraceContext.parent(broken)).getSpanContext().isValid(), "parent of " + broken);
        }
    }

    @Test
    void aRecordCarriesOneTraceparentTheRelaysReplacingAnyCopiedFromElsewhere() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("traceparent", "00-11111111111111111111111111111111-2222222222222222-01".getBytes(StandardCharsets.UTF_8));
        TraceContext.inject(sampled(), headers);
        int count = 0;
        for (var header : headers.headers("traceparent")) {
            count++;
            assertEquals("00-" + TRACE + "-" + SPAN + "-01", new String(header.value(), StandardCharsets.UTF_8));
        }
        assertEquals(1, count);
        assertEquals(TRACE, Span.fromContext(TraceContext.parent(headers)).getSpanContext().getTraceId());
        assertFalse(Span.fromContext(TraceContext.parent(new RecordHeaders())).getSpanContext().isValid());
    }
}
