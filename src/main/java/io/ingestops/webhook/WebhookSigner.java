package io.ingestops.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} keyed by the
 * secret's bytes (the secret is written {@code whsec_<base64>}).
 */
public final class WebhookSigner {

    private static final String PREFIX = "whsec_";

    private final byte[] key;

    private WebhookSigner(byte[] key) {
        this.key = key;
    }

    /** From {@code whsec_<base64>}; refuses anything else (a start-up error, not a silent unsigned delivery). */
    public static WebhookSigner of(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            throw new IllegalStateException("ingest.webhooks.secret must be whsec_<base64 key>");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("ingest.webhooks.secret: the part after whsec_ is not base64");
        }
        if (key.length < 24) {
            throw new IllegalStateException("ingest.webhooks.secret: use a key of at least 24 bytes (32 recommended)");
        }
        return new WebhookSigner(key);
    }

    /** The {@code webhook-signature} header value for one message. */
    public String sign(String messageId, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signature =
                    mac.doFinal((messageId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }
}
