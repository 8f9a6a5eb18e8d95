package io.ingestops.api;

import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds problem+json responses; the one place their shape is defined. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://ingestops.dev/problems/";

    private Problems() {}

    public static Response of(ApiException e) {
        return of(e.status(), e.code(), e.title(), e.getMessage(), e.extensions());
    }

    public static Response of(int status, String code, String title, String detail, Map<String, Object> extensions) {
        Response.ResponseBuilder response =
                Response.status(status).type(MEDIA_TYPE).entity(body(status, code, title, detail, extensions));
        if (status == 401) {
            response.header("WWW-Authenticate", "Bearer");
        }
        return response.build();
    }

    /** The problem document itself, for answers written outside JAX-RS. */
    public static Map<String, Object> body(
            int status, String code, String title, String detail, Map<String, Object> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code.replace('_', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        body.putAll(extensions);
        return body;
    }
}
