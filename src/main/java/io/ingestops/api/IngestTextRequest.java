package io.ingestops.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** Body of {@code POST /api/v1/ingest/text}. */
public record IngestTextRequest(
        @NotNull @Pattern(regexp = Names.COLLECTION, message = Names.COLLECTION_MESSAGE) String collection,
        @NotNull @NotBlank String text,
        @Size(min = 1, max = Names.SOURCE_ID_MAX) String sourceId,
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
