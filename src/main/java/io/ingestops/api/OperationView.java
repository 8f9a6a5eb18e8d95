package io.ingestops.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The operation resource (DESIGN §3). */
@Schema(
        name = "Operation",
        description = "A long-running operation: its status, progress, result or error",
        example =
                """
                {"id": "0b6f3c1e-5a2d-4c8e-9f1a-7d2b3c4d5e6f", "type": "sync", "status": "running", "done": false,
                 "tenant_id": "acme", "collection": "handbook", "priority": 5,
                 "run_at": null, "callback_url": null, "created_at": "2026-11-23T10:00:00Z", "started_at": "2026-11-23T10:00:01Z",
                 "updated_at": "2026-11-23T10:02:00Z", "completed_at": null, "heartbeat_at": "2026-11-23T10:02:00Z",
                 "deadline_at": "2026-11-23T10:10:01Z", "expected_duration_seconds": 600, "attempt": 1,
                 "max_attempts": 3, "cancel_requested": false, "worker_id": "ingest-7c9",
                 "progress": {"stage": "processing_files", "percentage": 45.0, "total_items": 20,
                              "processed_items": 9, "failed_items": 0, "current_item": "guides/intro.md",
                              "items_per_second": 0.075, "eta_seconds": 147},
                 "result": null, "error": null, "retry_of": null, "submitted_by": "alice",
                 "metadata": {"team": "docs"}, "input": {"source": "handbook"}}
                """)
public record OperationView(
        UUID id,
        String type,
        String status,
        boolean done,
        String tenantId,
        String collection,
        int priority,
        @Schema(description = "when the submitter asked it to run (RFC 3339); null: at once. Pending until then")
                Instant runAt,
        @Schema(description = "where its terminal state is POSTed (Standard Webhooks); null: nowhere")
                String callbackUrl,
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
        @Schema(implementation = io.ingestops.ingest.IngestResult.class) JsonNode result,
        Error error,
        UUID retryOf,
        @Schema(description = "the subject (sub) of the token that submitted or retried it") String submittedBy,
        @Schema(description = "the metadata as submitted", implementation = java.util.Map.class) JsonNode metadata,
        @Schema(
                        description = "what the input holds, never its texts or file contents: ingest_text"
                                + " {source_id, characters}, ingest_batch {messages}, ingest_files {files: [name]},"
                                + " sync {source}, remove_source {source_id}; {} for the others",
                        implementation = java.util.Map.class)
                JsonNode input) {

    public record Progress(
            String stage,
            double percentage,
            Integer totalItems,
            int processedItems,
            int failedItems,
            String currentItem,
            @Schema(
                            description = "items (processed and failed) per second since the operation started;"
                                    + " null until an item is done")
                    Double itemsPerSecond,
            @Schema(
                            description = "seconds until the remaining items are done at that rate; null while"
                                    + " there is no rate or no item count, 0 once completed")
                    Long etaSeconds) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String code, String message, @Schema(implementation = java.util.Map.class) JsonNode details) {}
}
