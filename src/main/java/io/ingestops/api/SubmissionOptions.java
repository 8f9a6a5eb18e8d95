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
        @Min(1) @Max(100) Integer maxAttempts) {

    static final SubmissionOptions NONE = new SubmissionOptions(null, null, null);

    OperationRequests.Options options() {
        return new OperationRequests.Options(priority, timeoutSeconds, maxAttempts);
    }
}
