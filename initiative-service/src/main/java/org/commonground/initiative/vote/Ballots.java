package org.commonground.initiative.vote;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a ballot is filed without naming its voter: under an HMAC of the voter's id with the vote's own random key.
 * While the vote is open the same voter finds (and changes) their ballot; at closing the key and every ballot are
 * deleted from the database, and from then on nobody can link a ballot to a voter from it. The key lives in the
 * database while the vote is open, so its write-ahead log and backups of that period could still be used to make
 * the link until they expire; keeping the key in a secret store instead is future work.
 */
final class Ballots {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ballots() {
    }

    static byte[] newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    static String token(byte[] key, UUID voter) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(voter.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
