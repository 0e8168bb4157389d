package org.commonground.initiative.webhook;

// README: verifying a webhook (begin)
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class WebhookVerifier {

    /** True when one of the signatures is ours for this body, and the timestamp is within 5 minutes of now. */
    public static boolean verify(String secret, String id, String timestamp, String body, String signatureHeader) throws Exception {
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
            return false; // too old (or from the future): a replay
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String signature : signatureHeader.split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring("v1,".length())))) {
                return true;
            }
        }
        return false;
    }
}
// README: verifying a webhook (end)
