package io.ingestops.api;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tamper-evident page tokens: the position of the last row of a page, signed (HMAC-SHA256, with a
 * key every replica reads from the database) together with the scope it was issued for — the kind
 * of list, the tenant, the collection. A token that was altered, forged or issued for another scope
 * is 400 {@code invalid_argument}; nothing from it ever reaches SQL.
 */
@ApplicationScoped
public class PageTokens {

    private static final int SIGNATURE_BYTES = 16;
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();

    private final Jdbc jdbc;
    private volatile SecretKeySpec key;

    public PageTokens(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** A token for {@code position} (any text) within {@code scope}. */
    public String issue(String scope, String position) {
        byte[] payload = position.getBytes(StandardCharsets.UTF_8);
        return ENCODE.encodeToString(payload) + "." + ENCODE.encodeToString(sign(scope, payload));
    }

    /** The position a token of this scope carries; 400 for anything this service did not issue for it. */
    public String open(String scope, String token) {
        int dot = token.indexOf('.');
        if (dot > 0 && token.length() <= 4096) {
            try {
                byte[] payload = DECODE.decode(token.substring(0, dot));
                byte[] signature = DECODE.decode(token.substring(dot + 1));
                if (MessageDigest.isEqual(signature, sign(scope, payload))) {
                    return new String(payload, StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException notBase64) {
                // refused below
            }
        }
        throw ApiException.invalidArgument("page_token", "is not a token this service issued for this list");
    }

    private byte[] sign(String scope, byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Arrays.copyOf(mac.doFinal(payload), SIGNATURE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is always available", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            byte[] secret = jdbc.query(
                            "SELECT key FROM service_key WHERE name = 'page-token'", s -> {}, row -> row.getBytes(1))
                    .get(0);
            current = new SecretKeySpec(secret, "HmacSHA256");
            key = current;
        }
        return current;
    }
}
