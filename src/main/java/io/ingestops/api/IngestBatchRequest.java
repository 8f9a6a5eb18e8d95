package io.ingestops.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /api/v1/ingest/batch}. Each message must be a JSON object; what is inside it
 * (text, id, metadata) is checked per message when the operation runs, so one bad message does not
 * refuse the batch.
 */
public record IngestBatchRequest(
        @NotNull @Pattern(regexp = Names.COLLECTION, message = Names.COLLECTION_MESSAGE) String collection,
        @NotNull @NotEmpty List<@NotNull BatchMessage> messages,
        Map<String, Object> metadata,
        @Min(0) @Max(9) Integer priority,
        @Min(1) @Max(604800) Integer timeoutSeconds,
        @Min(1) @Max(100) Integer maxAttempts,
        String runAt,
        String callbackUrl) {

    OperationRequests.Options options() {
        return new OperationRequests.Options(priority, timeoutSeconds, maxAttempts, runAt, callbackUrl);
    }
}
