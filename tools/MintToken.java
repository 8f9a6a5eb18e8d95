// Mints a development bearer token signed with the development key (dev/dev-jwt-private.pem),
// which only the %dev and %test profiles trust. No dependencies: run it with `java tools/MintToken.java`.
//
//   java tools/MintToken.java                       tenant "acme", no groups, valid 24 h
//   java tools/MintToken.java --tenant globex --admin --hours 1
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

public class MintToken {
    public static void main(String[] args) throws Exception {
        String tenant = "acme";
        String issuer = "ingest-operations";
        boolean admin = false;
        long hours = 24;
        String keyPath = "dev/dev-jwt-private.pem";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tenant" -> tenant = args[++i];
                case "--issuer" -> issuer = args[++i];
                case "--admin" -> admin = true;
                case "--hours" -> hours = Long.parseLong(args[++i]);
                case "--key" -> keyPath = args[++i];
                default -> {
                    System.err.println("usage: java tools/MintToken.java [--tenant T] [--admin] [--hours H] [--issuer I] [--key PEM]");
                    System.exit(2);
                }
            }
        }
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String payload = String.format(
                "{\"iss\":\"%s\",\"sub\":\"dev-%s\",\"upn\":\"dev-%s\",\"tenant_id\":\"%s\",\"groups\":[%s],"
                        + "\"iat\":%d,\"exp\":%d,\"jti\":\"%s\"}",
                issuer, tenant, tenant, tenant, admin ? "\"admin\"" : "", now, now + hours * 3600, UUID.randomUUID());
        String signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(readKey(Path.of(keyPath)));
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        System.out.println(signingInput + "." + b64(rsa.sign()));
    }

    private static PrivateKey readKey(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
