package io.ingestops.api.input;

import io.ingestops.api.Problems;
import io.ingestops.config.IngestConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the HTTP layer refuses before any resource runs, answered as problem+json like every other
 * error (DESIGN §6): a URI over {@link #MAX_URI} characters (414), headers over
 * {@link #MAX_HEADER_BYTES} (431), a body over its limit — {@code quarkus.http.limits.max-body-size}
 * for uploads, {@code ingest.limits.json-bytes} for JSON — whether its length is declared (refused
 * before it is read) or it is sent chunked (read up to the limit, then refused). Vert.x's own
 * limits are set far above these, so that it is this class, not Vert.x's empty answers, that a
 * client meets.
 */
@ApplicationScoped
public class HttpEdges {

    static final int MAX_URI = 8192;
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private final long maxBodyBytes;
    private final long maxJsonBytes;

    public HttpEdges(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, IngestConfig config) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.maxJsonBytes = Math.min(maxBodyBytes, config.limits().jsonBytes());
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, Integer.MAX_VALUE);
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > MAX_URI) {
            answer(
                    context,
                    414,
                    "uri_too_long",
                    "URI too long",
                    "the request URI is longer than " + MAX_URI + " characters");
            return;
        }
        if (headerBytes(request.headers()) > MAX_HEADER_BYTES) {
            answer(
                    context,
                    431,
                    "headers_too_large",
                    "Request headers too large",
                    "the request headers exceed " + MAX_HEADER_BYTES + " bytes");
            return;
        }
        boolean json = isJson(request.getHeader("Content-Type"));
        long limit = json ? maxJsonBytes : maxBodyBytes;
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            if (exceeds(declared, limit)) {
                tooLarge(context, limit);
                return;
            }
        } else if (json && request.getHeader("Transfer-Encoding") != null) {
            // chunked JSON: read it here, up to the limit, so that an overflow is answered by this class
            BodyHandler.create(false).setBodyLimit(limit).handle(context);
            return;
        }
        context.next();
    }

    /** Failures the routing layer produced itself (the chunked body over its limit, a malformed request). */
    private void failed(RoutingContext context) {
        int status = context.statusCode();
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        if (status == 413) {
            tooLarge(context, isJson(context.request().getHeader("Content-Type")) ? maxJsonBytes : maxBodyBytes);
        } else if (status == 400) {
            answer(context, 400, "invalid_argument", "Malformed request", "the request could not be read");
        } else {
            context.next();
        }
    }

    private static void tooLarge(RoutingContext context, long limit) {
        answer(
                context,
                413,
                "payload_too_large",
                "Payload too large",
                "the request body is larger than " + limit + " bytes");
    }

    private static void answer(RoutingContext context, int status, String code, String title, String detail) {
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", Problems.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(Json.encode(Problems.body(status, code, title, detail, Map.of())));
    }

    static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
    }

    private static long headerBytes(MultiMap headers) {
        long bytes = 0;
        for (Map.Entry<String, String> header : headers) {
            bytes += header.getKey().length() + header.getValue().length() + 4;
        }
        return bytes;
    }

    private static boolean exceeds(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer rejects a malformed header
        }
    }
}
