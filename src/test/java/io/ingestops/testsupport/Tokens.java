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

    public static String admin(String tenantId) {
        return Jwt.issuer("ingest-operations")
                .subject("admin-" + tenantId)
                .claim("tenant_id", tenantId)
                .groups(Set.of("admin"))
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
