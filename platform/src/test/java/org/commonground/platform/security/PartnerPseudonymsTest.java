package org.commonground.platform.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class PartnerPseudonymsTest {

    private final PartnerPseudonyms pseudonyms = new PartnerPseudonyms("a-test-key-of-enough-length");
    private final UUID member = UUID.fromString("0f1e2d3c-4b5a-4968-8776-655443322110");

    @Test
    void aMemberKeepsOnePseudonymPerPartnerAndADifferentOneForEachOtherPartner() {
        assertEquals(pseudonyms.of("acme", member), pseudonyms.of("acme", member));
        assertNotEquals(pseudonyms.of("acme", member), pseudonyms.of("globex", member));
        assertNotEquals(pseudonyms.of("acme", member), pseudonyms.of("acme", UUID.randomUUID()));
        assertTrue(pseudonyms.of("acme", member).matches("participant-[0-9a-f]{20}"));
        assertTrue(!pseudonyms.of("acme", member).contains(member.toString().substring(0, 8)), "nothing of the id shows");
    }

    @Test
    void anotherKeyGivesOtherPseudonymsAndAShortKeyIsRefused() {
        assertNotEquals(pseudonyms.of("acme", member), new PartnerPseudonyms("another-key-of-enough-length").of("acme", member));
        // HMAC-SHA256("a-test-key-of-enough-length", "acme\n0f1e2d3c-…"), first 10 bytes: the documented algorithm, pinned
        assertEquals(pseudonyms.of("acme", member), "participant-" + hmacHex("a-test-key-of-enough-length", "acme\n" + member).substring(0, 20));
        assertThrows(IllegalStateException.class, () -> new PartnerPseudonyms("short"));
    }

    private static String hmacHex(String key, String text) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
