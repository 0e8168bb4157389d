package org.commonground.member.consent;

import java.time.Instant;
import java.util.UUID;

/** The payloads of the consent events (schemas consent.granted.v1 and consent.withdrawn.v1). */
final class ConsentEvents {

    record ConsentGranted(UUID memberId, String purpose, UUID scope, int noticeVersion, Instant at) {
    }

    record ConsentWithdrawn(UUID memberId, String purpose, UUID scope, Instant at) {
    }

    private ConsentEvents() {
    }
}
