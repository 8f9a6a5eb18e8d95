package io.ingestops.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/** The operation resource (DESIGN §3). */
public record OperationView(
        UUID id,
        String type,
        String status,
        boolean done,
        String tenantId,
        String collection,
        int priority,
        Instant createdAt,
        Instant startedAt,
        Instant updatedAt,
        Instant completedAt,
        Instant heartbeatAt,
        Instant deadlineAt,
        Integer expectedDurationSeconds,
        int attempt,
        int maxAttempts,
        boolean cancelRequested,
        String workerId,
        Progress progress,
        JsonNode result,
        Error error,
        UUID retryOf) {

    public record Progress(
            String stage,
            double percentage,
            Integer totalItems,
            int processedItems,
            int failedItems,
            String currentItem) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String code, String message, JsonNode details) {}
}
