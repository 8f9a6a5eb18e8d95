package io.ingestops.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The calling tenant, from the bearer token's {@code tenant_id} claim. */
@RequestScoped
public class CallerTenant {

    public static final String CLAIM = "tenant_id";

    @Inject
    JsonWebToken token;

    public String id() {
        Object claim = token == null ? null : token.getClaim(CLAIM);
        String tenant = claim == null ? null : claim.toString().replace("\"", "");
        if (tenant == null || tenant.isBlank()) {
            throw new ApiException(403, "forbidden", "Forbidden", "the token carries no tenant_id claim", Map.of());
        }
        return tenant;
    }
}
