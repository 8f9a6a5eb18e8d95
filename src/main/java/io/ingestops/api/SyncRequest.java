package io.ingestops.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /api/v1/sync}: {@code source} is a folder relative to {@code ingest.sync.root}. */
public record SyncRequest(
        @NotNull @Pattern(regexp = Names.COLLECTION, message = Names.COLLECTION_MESSAGE) String collection,
        @NotNull String source,
        @Min(0) @Max(9) Integer priority,
        @Min(1) @Max(604800) Integer timeoutSeconds,
        @Min(1) @Max(100) Integer maxAttempts,
        String runAt,
        String callbackUrl) {

    OperationRequests.Options options() {
        return new OperationRequests.Options(priority, timeoutSeconds, maxAttempts, runAt, callbackUrl);
    }
}
