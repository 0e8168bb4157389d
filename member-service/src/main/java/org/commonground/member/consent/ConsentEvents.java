package org.commonground.member.consent;

import java.time.Instant;
import java.util.UUID;

/** The payloads of the consent events and of the public profile (schemas in platform's contracts/events). */
final class ConsentEvents {

    /** Why a consent changed. */
    enum Reason {
        MEMBER("member"), RENEWED("renewed"), EXPIRED("expired"), ERASED("erased");

        private final String slug;

        Reason(String slug) {
            this.slug = slug;
        }

        String slug() {
            return slug;
        }
    }

    record ConsentGranted(UUID memberId, String purpose, UUID scope, int noticeVersion, Instant expiresAt, Instant at) {
    }

    record ConsentWithdrawn(UUID memberId, String purpose, UUID scope, String reason, Instant at) {
    }

    record ConsentExpiring(UUID memberId, String purpose, UUID scope, Instant expiresAt, int daysLeft, Instant at) {
    }

    record PublicProfilePublished(UUID memberId, String displayName, Instant at) {
    }

    record PublicProfileWithdrawn(UUID memberId, Instant at) {
    }

    record PartnerProfilePublished(UUID memberId, String displayName, java.util.List<String> skills, String contactEmail, Instant at) {
    }

    record PartnerProfileWithdrawn(UUID memberId, Instant at) {
    }

    private ConsentEvents() {
    }
}
