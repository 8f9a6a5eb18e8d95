package io.ingestops.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies a bearer token once, not on every request: a client polling an operation sends the same
 * token hundreds of times, and parsing plus an RSA signature check was a quarter of a GET's CPU
 * (issue 11's profile). A verified token's principal is kept — bounded, {@value #MAX_TOKENS}
 * tokens — until its {@code exp}; each request still gets an identity of its own. Runs before
 * SmallRye JWT's own validator, which it calls for every token it has not verified yet.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    static final int MAX_TOKENS = 10_000;

    private record Verified(JsonWebToken principal, long expiresAtSeconds) {}

    private final JWTParser parser;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public VerifiedTokens(JWTParser parser) {
        this.parser = parser;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return SYSTEM_FIRST + 10;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (!(request.getToken() instanceof JsonWebTokenCredential)) {
            return Uni.createFrom().nullItem();
        }
        try {
            JsonWebToken principal = principal(request.getToken().getToken());
            return Uni.createFrom()
                    .item(QuarkusSecurityIdentity.builder()
                            .setPrincipal(principal)
                            .addCredential(request.getToken())
                            .addRoles(principal.getGroups())
                            .addAttribute(SecurityIdentity.USER_ATTRIBUTE, principal)
                            .build());
        } catch (ParseException e) {
            return Uni.createFrom().failure(new AuthenticationFailedException(e));
        }
    }

    private JsonWebToken principal(String token) throws ParseException {
        long now = System.currentTimeMillis() / 1000;
        Verified known = verified.get(token);
        if (known != null && now < known.expiresAtSeconds()) {
            return known.principal();
        }
        JsonWebToken principal = parser.parse(token); // signature, issuer, expiry: throws if any fails
        if (verified.size() >= MAX_TOKENS) {
            verified.values().removeIf(entry -> entry.expiresAtSeconds() <= now);
            if (verified.size() >= MAX_TOKENS) {
                verified.clear(); // many live tokens at once: start over rather than grow
            }
        }
        long exp = principal.getExpirationTime();
        verified.put(token, new Verified(principal, exp > 0 ? exp : now + 300));
        return principal;
    }
}
