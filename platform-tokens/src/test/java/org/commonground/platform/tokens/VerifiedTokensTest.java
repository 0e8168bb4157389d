package org.commonground.platform.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    /** A clock the test moves. */
    static final class Hands extends Clock {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final Hands clock = new Hands();
    final SecurityIdentity alice = QuarkusSecurityIdentity.builder().setPrincipal(() -> "alice").addRole("member").build();

    @Test
    void aVerifiedTokenIsKnownUntilItExpiresAndNotAtItsExpiry() {
        VerifiedTokens tokens = new VerifiedTokens(true, 10, clock);
        tokens.remember("token-a", alice, clock.now.plusSeconds(60));
        assertSame(alice, tokens.identityOf("token-a"));
        clock.now = clock.now.plusSeconds(59);
        assertSame(alice, tokens.identityOf("token-a"));
        clock.now = clock.now.plusSeconds(1);
        assertNull(tokens.identityOf("token-a"), "at exp the token is no longer valid");
        assertEquals(0, tokens.size(), "an expired entry is dropped when it is asked for");
    }

    @Test
    void onlyTheExactTokenIsKnown() {
        VerifiedTokens tokens = new VerifiedTokens(true, 10, clock);
        tokens.remember("header.claims.signature", alice, clock.now.plusSeconds(60));
        assertNull(tokens.identityOf("header.claims.signaturf"));
        assertNull(tokens.identityOf("header.claims.signature "));
    }

    @Test
    void anAlreadyExpiredTokenIsNotRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(true, 10, clock);
        tokens.remember("token-a", alice, clock.now);
        assertEquals(0, tokens.size());
    }

    @Test
    void whenFullExpiredEntriesGoFirstAndIfNoneHadExpiredAllGo() {
        VerifiedTokens tokens = new VerifiedTokens(true, 3, clock);
        tokens.remember("short", alice, clock.now.plusSeconds(10));
        tokens.remember("long-1", alice, clock.now.plusSeconds(600));
        tokens.remember("long-2", alice, clock.now.plusSeconds(600));
        clock.now = clock.now.plus(Duration.ofSeconds(20));
        tokens.remember("long-3", alice, clock.now.plusSeconds(600));
        assertEquals(3, tokens.size(), "the expired one made room");
        assertNull(tokens.identityOf("short"));
        tokens.remember("long-4", alice, clock.now.plusSeconds(600));
        assertEquals(1, tokens.size(), "no entry had expired: all went, the new one stays");
        assertSame(alice, tokens.identityOf("long-4"));
    }

    @Test
    void disabledItRemembersNothing() {
        VerifiedTokens tokens = new VerifiedTokens(false, 10, clock);
        tokens.remember("token-a", alice, clock.now.plusSeconds(60));
        assertNull(tokens.identityOf("token-a"));
        assertEquals(0, tokens.size());
    }
}
