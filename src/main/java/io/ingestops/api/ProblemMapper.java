package io.ingestops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.ingestops.api.input.InvalidInputException;
import io.ingestops.api.input.TextPolicy;
import io.ingestops.db.TransientFailures;
import io.ingestops.operation.OperationException;
import io.ingestops.sync.InvalidSourceException;
import io.ingestops.sync.SyncInProgressException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every error to problem+json, once. No Java class name or stack trace reaches a client. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final OperationViews views;

    public ProblemMapper(OperationViews views) {
        this.views = views;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return Problems.of(e);
    }

    @ServerExceptionMapper
    public Response operation(OperationException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> Problems.of(404, "not_found", "Not found", e.getMessage(), Map.of());
            case NOT_CANCELLABLE -> Problems.of(409, "not_cancellable", "Not cancellable", e.getMessage(), Map.of());
            case NOT_RETRYABLE -> Problems.of(409, "not_retryable", "Not retryable", e.getMessage(), Map.of());
            case IDEMPOTENCY_KEY_REUSED -> Problems.of(
                    422, "idempotency_key_reused", "Idempotency key reused", e.getMessage(), Map.of());
        };
    }

    @ServerExceptionMapper
    public Response syncInProgress(SyncInProgressException e) {
        return Problems.of(
                409,
                "sync_in_progress",
                "Sync in progress",
                e.getMessage(),
                Map.of("active_operation", views.toView(e.active())));
    }

    @ServerExceptionMapper
    public Response invalidSchedule(io.ingestops.schedule.InvalidScheduleException e) {
        return invalidJson(e.field(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response tooManySchedules(io.ingestops.schedule.ScheduleService.LimitReachedException e) {
        return Problems.of(409, "too_many_schedules", "Too many schedules", e.getMessage(), Map.of());
    }

    @ServerExceptionMapper
    public Response refusedCallback(io.ingestops.webhook.CallbackUrls.RefusedException e) {
        return invalidJson("callback_url", e.getMessage());
    }

    @ServerExceptionMapper
    public Response invalidSource(InvalidSourceException e) {
        return invalidJson("source", e.getMessage());
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldName(v), v.getMessage()))
                .sorted(java.util.Comparator.comparing(FieldError::field))
                .toList();
        String detail =
                errors.stream().map(err -> err.field() + ": " + err.message()).collect(Collectors.joining("; "));
        return Problems.of(400, "invalid_argument", "Invalid request", detail, Map.of("errors", errors));
    }

    /** A string the input policy refused, wherever in the request it was (the mapper may have wrapped it). */
    private static Response refused(InvalidInputException e) {
        return invalidJson(e.field(), e.reason());
    }

    @ServerExceptionMapper
    public Response inputPolicy(InvalidInputException e) {
        return refused(e);
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return invalidJson(path(e), "unknown field");
    }

    @ServerExceptionMapper
    public Response wrongType(InvalidFormatException e) {
        return invalidJson(path(e), "has the wrong type or format");
    }

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = path(e);
        return field.isEmpty() ? malformed() : invalidJson(field, "has the wrong type");
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        InvalidInputException refused = InvalidInputException.in(e).orElse(null);
        if (refused != null) {
            return refused(refused);
        }
        if (e instanceof JsonMappingException mapping && !path(mapping).isEmpty()) {
            return invalidJson(path(mapping), "is invalid");
        }
        return malformed();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.of(403, "forbidden", "Forbidden", "this call needs a role the token does not have", Map.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        if (e instanceof NotAllowedException) {
            return Problems.of(
                    405, "method_not_allowed", "Method not allowed", "this path does not accept that method", Map.of());
        }
        if (e instanceof NotSupportedException) {
            return Problems.of(
                    415, "unsupported_media_type", "Unsupported media type", "send application/json", Map.of());
        }
        if (e instanceof NotAcceptableException) {
            return Problems.of(
                    406, "not_acceptable", "Not acceptable", "this resource answers application/json", Map.of());
        }
        if (status == 404) {
            return Problems.of(404, "not_found", "Not found", "no such resource", Map.of());
        }
        if (status == 413) {
            return Problems.of(
                    413, "payload_too_large", "Payload too large", "the request body is too large", Map.of());
        }
        if (status >= 400 && status < 500) {
            return Problems.of(
                    status, "invalid_argument", "Invalid request", "the request could not be processed", Map.of());
        }
        return internal(e);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        return internal(e);
    }

    /** A database that is away (lost connection, failover, restart) is the service's passing state, not a client's error. */
    private static Response unavailable(Throwable e) {
        LOG.warnf("answering 503: the database is unavailable (%s)", e.getMessage());
        return Response.fromResponse(Problems.of(
                        503,
                        "unavailable",
                        "Service unavailable",
                        "the database is unavailable; try again shortly (a submission retried with the same"
                                + " Idempotency-Key cannot create a second operation)",
                        Map.of()))
                .header("Retry-After", Submissions.RETRY_AFTER_SECONDS)
                .build();
    }

    private static Response internal(Throwable e) {
        if (TransientFailures.isTransient(e)) {
            return unavailable(e);
        }
        InvalidInputException refused = InvalidInputException.in(e).orElse(null);
        if (refused != null) {
            return refused(refused);
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Param limit of")) {
            // the multipart reader's part count limit (quarkus.http.limits.max-parameters)
            return Problems.of(413, "payload_too_large", "Payload too large", "the form has too many parts", Map.of());
        }
        if (e instanceof java.io.IOException) {
            // reading the request failed: a truncated or malformed body (a resource's own I/O is wrapped)
            LOG.debugf("unreadable request body: %s", message);
            return Problems.of(
                    400,
                    "invalid_argument",
                    "Malformed request",
                    "the request body could not be read: it is truncated or malformed",
                    Map.of());
        }
        LOG.error("unhandled error answering a request", e);
        return Problems.of(
                500, "internal", "Internal error", "an unexpected error occurred; it has been logged", Map.of());
    }

    private static Response unauthenticated() {
        return Problems.of(401, "unauthorized", "Unauthorized", "a valid bearer token is required", Map.of());
    }

    private static Response malformed() {
        return Problems.of(400, "invalid_argument", "Malformed JSON", "the request body is not valid JSON", Map.of());
    }

    private static Response invalidJson(String field, String message) {
        return Problems.of(
                400,
                "invalid_argument",
                "Invalid request",
                field + ": " + message,
                Map.of("errors", List.of(new FieldError(field, message))));
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                parts.add(TextPolicy.printable(ref.getFieldName()));
            } else if (ref.getIndex() >= 0) {
                parts.add("[" + ref.getIndex() + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        String last = "";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                last = node.getName();
            }
        }
        return snakeCase(last);
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
