package io.ingestops.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body whose declared length exceeds the HTTP body limit with a problem+json 413 before
 * it is read; Vert.x itself would answer an empty 413.
 */
@ApplicationScoped
public class BodyLimitFilter {

    private final long maxBodyBytes;

    public BodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(
                context -> {
                    String declared = context.request().getHeader("Content-Length");
                    if (declared != null && exceeds(declared)) {
                        String body = Json.encode(Problems.body(
                                413,
                                "payload_too_large",
                                "Payload too large",
                                "the request body is larger than " + maxBodyBytes + " bytes",
                                Map.of()));
                        context.response()
                                .setStatusCode(413)
                                .putHeader("Content-Type", Problems.MEDIA_TYPE)
                                .putHeader("Connection", "close")
                                .end(body);
                        return;
                    }
                    context.next();
                },
                Integer.MAX_VALUE);
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return false; // let the HTTP layer reject a malformed header
        }
    }
}
