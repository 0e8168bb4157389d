package org.commonground.platform.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How a member appears to a partner organization that may not know who they are: a pseudonym that stays the same
 * for that organization (so it can follow one participant's contributions and allocations over time) and differs for
 * every other organization (so two partners cannot join what they know). It is an HMAC-SHA256 of the organization and
 * the member id under a secret key ({@code cg.pseudonym-key}): without the key nobody can link it back to the member,
 * and every service that serves partners gives the same pseudonym.
 */
@ApplicationScoped
public class PartnerPseudonyms {

    private final SecretKeySpec key;

    PartnerPseudonyms(@ConfigProperty(name = "cg.pseudonym-key") String key) {
        if (key.length() < 16) {
            throw new IllegalStateException("cg.pseudonym-key must be at least 16 characters of secret");
        }
        this.key = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** The member as the organization sees them: {@code participant-} and 20 hex digits. */
    public String of(String organization, UUID member) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((organization + "\n" + member).getBytes(StandardCharsets.UTF_8));
            return "participant-" + HexFormat.of().formatHex(digest, 0, 10);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
