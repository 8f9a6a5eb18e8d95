package io.ingestops.testsupport;

import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/** Bearer tokens signed with the development key that the %test profile trusts. */
public final class Tokens {

    private static final PrivateKey KEY = readKey(Path.of("dev/dev-jwt-private.pem"));

    private Tokens() {}

    public static String tenant(String tenantId) {
        return Jwt.issuer("ingest-operations")
                .subject("test-" + tenantId)
                .claim("tenant_id", tenantId)
                .groups(Set.of())
                .sign(KEY);
    }

    /** A token of the tenant for another user of it (subject {@code subject}). */
    public static String tenant(String tenantId, String subject) {
        return Jwt.issuer("ingest-operations")
                .subject(subject)
                .claim("tenant_id", tenantId)
                .groups(Set.of())
                .sign(KEY);
    }

    public static String admin(String tenantId) {
        return Jwt.issuer("ingest-operations")
                .subject("admin-" + tenantId)
                .claim("tenant_id", tenantId)
                .groups(Set.of("admin"))
                .sign(KEY);
    }

    /**
     * A token whose claims are exactly {@code claimsJson} (plus issuer and expiry), signed RS256 by
     * hand: a JWT library would re-encode the JSON (and turn a lone surrogate into '?'), while an
     * attacker's token can hold any JSON text.
     */
    public static String withRawClaims(String claimsJson) {
        try {
            long now = System.currentTimeMillis() / 1000;
            String payload = "{\"iss\":\"ingest-operations\",\"sub\":\"raw\",\"iat\":" + now + ",\"exp\":" + (now + 600)
                    + "," + claimsJson + "}";
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String signingInput = b64.encodeToString(
                            "{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + "." + b64.encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(KEY);
            rsa.update(signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rsa.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token of the tenant that expires {@code seconds} from now. */
    public static String expiringIn(String tenantId, long seconds) {
        return Jwt.issuer("ingest-operations")
                .subject("test-" + tenantId)
                .claim("tenant_id", tenantId)
                .expiresIn(seconds)
                .sign(KEY);
    }

    public static String wrongIssuer(String tenantId) {
        return Jwt.issuer("someone-else").claim("tenant_id", tenantId).sign(KEY);
    }

    private static PrivateKey readKey(Path pem) {
        try {
            String base64 =
                    Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the development key " + pem, e);
        }
    }
}
