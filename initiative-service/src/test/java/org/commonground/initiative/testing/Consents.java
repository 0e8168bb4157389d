package org.commonground.initiative.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;

/** A member's consent decisions as initiative-service learns of them: member-service's consent events on Kafka. */
public final class Consents {

    private Consents() {
    }

    /** Publishes that the member granted (or withdrew) a purpose, for everything (scope null) or one partnership. */
    public static void decided(String member, String purpose, String scope, boolean granted, Instant expiresAt) {
        EventType type = granted ? EventType.CONSENT_GRANTED : EventType.CONSENT_WITHDRAWN;
        ObjectNode event = ((ObjectNode) EventSchemas.examples(type).get(0).deepCopy())
                .put("memberId", member).put("purpose", purpose).put("at", Instant.now().toString());
        if (scope == null) {
            event.putNull("scope");
        } else {
            event.put("scope", scope);
        }
        if (granted) {
            if (expiresAt == null) {
                event.putNull("expiresAt");
            } else {
                event.put("expiresAt", expiresAt.toString());
            }
        }
        EventBus.publish(type, member, event);
    }

    public static void granted(String member, String purpose) {
        decided(member, purpose, null, true, null);
    }

    public static void withdrawn(String member, String purpose) {
        decided(member, purpose, null, false, null);
    }
}
