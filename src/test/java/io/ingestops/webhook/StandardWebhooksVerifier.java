package io.ingestops.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

/**
 * The receiver's side of the Standard Webhooks signature, written from the specification without
 * the service's code or javax.crypto: HMAC (RFC 2104) over SHA-256 from {@link MessageDigest}, on
 * {@code "<webhook-id>.<webhook-timestamp>.<body>"}, keyed by the base64 after {@code whsec_}; the
 * header holds space-separated {@code v1,<base64>} signatures.
 */
final class StandardWebhooksVerifier {

    private static final int BLOCK = 64;

    private StandardWebhooksVerifier() {}

    static boolean verify(String secret, String id, String timestamp, String body, String signatureHeader)
            throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] expected = hmacSha256(key, (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        for (String candidate : signatureHeader.split(" ")) {
            String[] versioned = candidate.split(",", 2);
            if (versioned.length == 2
                    && versioned[0].equals("v1")
                    && MessageDigest.isEqual(Base64.getDecoder().decode(versioned[1]), expected)) {
                return true;
            }
        }
        return false;
    }

    static byte[] hmacSha256(byte[] key, byte[] message) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        byte[] block = key.length > BLOCK ? sha256.digest(key) : key;
        block = Arrays.copyOf(block, BLOCK);
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        sha256.reset();
        sha256.update(inner);
        byte[] innerHash = sha256.digest(message);
        sha256.reset();
        sha256.update(outer);
        return sha256.digest(innerHash);
    }
}
