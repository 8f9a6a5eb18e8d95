package io.ingestops.api;

import java.util.Map;

/** An error answered as RFC 9457 problem+json with a stable machine {@code code}. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final Map<String, Object> extensions;

    public ApiException(int status, String code, String title, String detail, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.extensions = extensions;
    }

    public ApiException(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public static ApiException invalidArgument(String field, String message) {
        return new ApiException(
                400,
                "invalid_argument",
                "Invalid request",
                field + ": " + message,
                Map.of("errors", java.util.List.of(new FieldError(field, message))));
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", "Not found", detail);
    }

    public static ApiException payloadTooLarge(String detail) {
        return new ApiException(413, "payload_too_large", "Payload too large", detail);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
