package org.commonground.initiative.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.commonground.platform.events.EventSchemas;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;
import org.commonground.platform.testing.Tokens;

/** The demo users as initiative-service learns of them: through member-service's member.joined.v1 on Kafka. */
public final class Members {

    private Members() {
    }

    /** Publishes that the demo user joined (with a member id fixed per user); answers that id. */
    public static String known(String user) {
        return known(user, idOf(user));
    }

    /** Publishes that the demo user joined as this member (a person erased and joined again is a new member). */
    public static String known(String user, String memberId) {
        ObjectNode joined = ((ObjectNode) EventSchemas.examples(EventType.MEMBER_JOINED).get(0).deepCopy())
                .put("memberId", memberId).put("subject", Tokens.subject(user))
                // joined now: the newest member of a subject is the one who holds it (member-service's tests may have
                // joined the same person earlier under another id)
                .put("at", java.time.Instant.now().toString());
        EventBus.publish(EventType.MEMBER_JOINED, memberId, joined);
        return memberId;
    }

    /**
     * SQL that empties the demo users' contribution days: their member ids are the same in every run, and a day holds
     * at most 24 hours, so tests against a reused database start each from an empty record.
     */
    public static String clearContributions(String... users) {
        StringBuilder in = new StringBuilder();
        for (String user : users) {
            in.append(in.isEmpty() ? "" : ",").append('\'').append(idOf(user)).append('\'');
        }
        return "DELETE FROM contribution WHERE member_id IN (" + in + ")";
    }

    public static String idOf(String user) {
        return UUID.nameUUIDFromBytes(("member:" + user).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** SQL that counts how many of these demo users this service knows. */
    public static String countKnown(String... users) {
        StringBuilder in = new StringBuilder();
        for (String user : users) {
            in.append(in.isEmpty() ? "" : ",").append('\'').append(Tokens.subject(user)).append('\'');
        }
        return "SELECT count(*) FROM member_link WHERE subject IN (" + in + ")";
    }
}
