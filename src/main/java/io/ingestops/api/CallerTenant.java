package io.ingestops.api;

import io.ingestops.api.input.TextPolicy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The calling tenant, from the bearer token's {@code tenant_id} claim, validated once per request:
 * it must be a JSON string of 1–128 characters from {@code [A-Za-z0-9_.:@-]} — never a number, an
 * array or an object turned into text, and never two spellings that the database would store as one
 * — and no claim of the token may hold a string the input policy refuses (DESIGN §6). Else 403.
 */
@RequestScoped
public class CallerTenant {

    public static final String CLAIM = "tenant_id";
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

    @Inject
    JsonWebToken token;

    private String validated;

    /** The token's subject ({@code sub}), the caller an operation records as {@code submitted_by}; null if absent. */
    public String subject() {
        id(); // the claims pass the input policy
        return token.getSubject();
    }

    public String id() {
        if (validated == null) {
            validated = validate();
        }
        return validated;
    }

    private String validate() {
        if (token == null || token.getClaimNames() == null) {
            throw forbidden("the token carries no tenant_id claim");
        }
        for (String name : token.getClaimNames()) {
            if (TextPolicy.problem(name) != null || holdsRefusedText(token.getClaim(name))) {
                throw forbidden("a claim of the token holds characters this service refuses (NUL or an unpaired"
                        + " surrogate)");
            }
        }
        Object claim = token.getClaim(CLAIM);
        if (claim == null) {
            throw forbidden("the token carries no tenant_id claim");
        }
        String tenant;
        if (claim instanceof JsonString string) {
            tenant = string.getString();
        } else if (claim instanceof String string) {
            tenant = string;
        } else {
            throw forbidden("the tenant_id claim must be a string");
        }
        if (!TENANT.matcher(tenant).matches()) {
            throw forbidden("the tenant_id claim must be 1-128 characters of letters, digits and _ . : @ -");
        }
        return tenant;
    }

    private static boolean holdsRefusedText(Object claim) {
        if (claim instanceof String text) {
            return TextPolicy.problem(text) != null;
        }
        if (claim instanceof JsonString text) {
            return TextPolicy.problem(text.getString()) != null;
        }
        if (claim instanceof JsonArray array) {
            return array.stream().anyMatch(CallerTenant::holdsRefusedText);
        }
        if (claim instanceof JsonObject object) {
            return object.entrySet().stream()
                    .anyMatch(e -> TextPolicy.problem(e.getKey()) != null || holdsRefusedText(e.getValue()));
        }
        if (claim instanceof java.util.Collection<?> values) {
            return values.stream().anyMatch(CallerTenant::holdsRefusedText);
        }
        return false;
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, Map.of());
    }
}
