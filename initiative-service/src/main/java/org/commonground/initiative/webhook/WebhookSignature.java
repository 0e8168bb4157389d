package org.commonground.initiative.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures as the Standard Webhooks convention defines them: the secret is {@code whsec_} and base64 of random
 * bytes; the signed content is {@code <webhook-id>.<webhook-timestamp>.<body>}; the signature is base64 of its
 * HMAC-SHA256 under the decoded secret, sent as {@code v1,<signature>} in {@code webhook-signature} (several, separated
 * by spaces, while a rotated secret overlaps the new one).
 */
public final class WebhookSignature {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret: 32 random bytes. */
    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** {@code v1,<base64 HMAC-SHA256>} of one delivery attempt under one secret. */
    public static String sign(String secret, String webhookId, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(PREFIX.length())), "HmacSHA256"));
            byte[] digest = mac.doFinal((webhookId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The {@code webhook-signature} header: one signature per secret that signs now. */
    static String header(List<String> secrets, String webhookId, long timestamp, String body) {
        return secrets.stream().map(s -> sign(s, webhookId, timestamp, body)).collect(Collectors.joining(" "));
    }
}
