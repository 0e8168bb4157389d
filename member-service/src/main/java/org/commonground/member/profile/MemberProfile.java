package org.commonground.member.profile;

import java.time.Instant;
import java.util.UUID;

/** A member's own view of their profile. */
public record MemberProfile(UUID id, String displayName, Instant joinedAt) {

    static MemberProfile of(Member member) {
        return new MemberProfile(member.id, member.displayName, member.joinedAt);
    }
}
