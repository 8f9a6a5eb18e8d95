package io.ingestops.console;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The console's static files (META-INF/resources/console) are served by Quarkus from the jar; this
 * serves {@code /console} itself and gives every console response its security headers: a
 * Content-Security-Policy that allows scripts, styles and connections from this origin only (no
 * inline script, no inline style, no CDN), no framing, no MIME sniffing, no referrer, and no caching
 * of the page (a new release's script is never mixed with an old page).
 */
@ApplicationScoped
public class ConsoleRoutes {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        filters.register(
                context -> {
                    String path = context.normalizedPath();
                    if (path.equals("/console") || path.startsWith("/console/")) {
                        context.response()
                                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                                .putHeader("X-Content-Type-Options", "nosniff")
                                .putHeader("X-Frame-Options", "DENY")
                                .putHeader("Referrer-Policy", "no-referrer")
                                .putHeader("Cache-Control", "no-cache");
                        if (path.equals("/console")) {
                            context.reroute("/console/index.html");
                            return;
                        }
                    }
                    context.next();
                },
                100);
    }
}
