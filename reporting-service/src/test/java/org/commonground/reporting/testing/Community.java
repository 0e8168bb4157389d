package org.commonground.reporting.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.commonground.platform.events.EventType;
import org.commonground.platform.testing.EventBus;

/** A small community as reporting learns of it in tests: real events on the test Kafka, fresh ids each time. */
public final class Community {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Community() {
    }

    public static ObjectNode node(String... pairs) {
        ObjectNode n = JSON.objectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            n.put(pairs[i], pairs[i + 1]);
        }
        return n;
    }

    /** A partnership of twelve members (eight in one group, four in another), all contributing, all paid. */
    /** What was published: the partnership, its initiative and its twelve members. */
    public record Built(UUID partnership, UUID initiative, List<String> members) {
    }

    public static Built of(UUID groupA, UUID groupB) {
        UUID partnership = UUID.randomUUID();
        UUID initiative = UUID.randomUUID();
        String now = Instant.now().toString();
        String p = partnership.toString();
        String i = initiative.toString();
        UUID pool = UUID.randomUUID();
        EventBus.publish(EventType.PARTNERSHIP_PUBLISHED, p, node("partnershipId", p, "name", "Scorecard test", "partnerName", "Acme", "at", now));
        EventBus.publish(EventType.INITIATIVE_PROPOSED, i, node("initiativeId", i, "partnershipId", p, "title", "Repair school", "kind", "PILOT", "at", now));
        EventBus.publish(EventType.INITIATIVE_STAGE_CHANGED, i, node("initiativeId", i, "partnershipId", p, "from", "PROPOSED", "to", "CO_DESIGN", "at", now));
        List<String> members = new ArrayList<>();
        for (int m = 0; m < 12; m++) {
            String member = UUID.randomUUID().toString();
            members.add(member);
            ObjectNode joined = node("memberId", member, "at", now);
            joined.putArray("groupIds").add((m < 8 ? groupA : groupB).toString());
            EventBus.publish(EventType.MEMBER_JOINED, member, joined);
            EventBus.publish(EventType.INITIATIVE_PARTICIPANT_JOINED, i, node("initiativeId", i, "partnershipId", p, "memberId", member, "at", now));
            ObjectNode verified = node("contributionId", UUID.randomUUID().toString(), "memberId", member, "initiativeId", i, "partnershipId", p,
                    "type", m < 3 ? "MENTORING" : "CONTENT", "impact", "MEDIUM", "occurredOn", LocalDate.now(ZoneOffset.UTC).toString(), "at", now);
            verified.put("hours", 2);
            EventBus.publish(EventType.CONTRIBUTION_VERIFIED, member, verified);
            ObjectNode allocation = node("poolId", pool.toString(), "partnershipId", p, "memberId", member, "points", m == 0 ? "90" : "10",
                    "share", "0.1", "amount", m == 0 ? "900.00" : "100.00", "currency", "EUR", "format", "STIPEND", "at", now);
            allocation.put("policyVersion", 1);
            EventBus.publish(EventType.ALLOCATION_PUBLISHED, member, allocation);
            if (m < 10) {
                ObjectNode feedback = node("initiativeId", i, "partnershipId", p, "at", now);
                feedback.put("satisfaction", m < 5 ? 5 : 4).put("fairness", 4);
                EventBus.publish(EventType.INITIATIVE_FEEDBACK_SUBMITTED, i, feedback);
            }
        }
        return new Built(partnership, initiative, members);
    }

}
