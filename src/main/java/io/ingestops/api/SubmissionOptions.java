package io.ingestops.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The optional body of submissions that need no other input (reindex, collection delete): the
 * fields every submission accepts.
 */
public record SubmissionOptions(
        @Min(0) @Max(9) Integer priority,
        @Min(1) @Max(604800) Integer timeoutSeconds,
        @Min(1) @Max(100) Integer maxAttempts,
        String runAt,
        String callbackUrl) {

    static final SubmissionOptions NONE = new SubmissionOptions(null, null, null, null, null);

    OperationRequests.Options options() {
        return new OperationRequests.Options(priority, timeoutSeconds, maxAttempts, runAt, callbackUrl);
    }

    /**
     * Reads the optional body: none (no Content-Type needed) means the defaults; one is parsed and
     * validated like any JSON body (400 naming the field).
     */
    @jakarta.enterprise.context.ApplicationScoped
    public static class OptionalBody {

        private final com.fasterxml.jackson.databind.ObjectMapper json;
        private final jakarta.validation.Validator validator;

        public OptionalBody(com.fasterxml.jackson.databind.ObjectMapper json, jakarta.validation.Validator validator) {
            this.json = json;
            this.validator = validator;
        }

        SubmissionOptions read(String body) {
            if (body == null || body.isBlank()) {
                return NONE;
            }
            SubmissionOptions options;
            try {
                options = json.readValue(body, SubmissionOptions.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new jakarta.ws.rs.BadRequestException(e); // mapped to problem+json with the field
            }
            if (options == null) {
                return NONE;
            }
            var violations = validator.validate(options);
            if (!violations.isEmpty()) {
                throw new jakarta.validation.ConstraintViolationException(violations);
            }
            return options;
        }
    }
}
