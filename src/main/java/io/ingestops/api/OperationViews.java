package io.ingestops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ingestops.ingest.IngestResult;
import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** Maps the entity to its API shape; the only place that does. */
@ApplicationScoped
public class OperationViews {

    private final ObjectMapper json;
    private final ObjectNode emptyResult;

    public OperationViews(ObjectMapper json) {
        this.json = json;
        this.emptyResult = json.valueToTree(IngestResult.empty());
    }

    public OperationView toView(Operation op) {
        Double itemsPerSecond = itemsPerSecond(op);
        OperationView.Progress progress = new OperationView.Progress(
                op.stage,
                op.percentage == null ? 0.0 : op.percentage,
                op.totalItems,
                op.processedItems,
                op.failedItems,
                op.currentItem,
                itemsPerSecond,
                etaSeconds(op, itemsPerSecond));
        OperationView.Error error = op.errorCode == null
                ? null
                : new OperationView.Error(op.errorCode, op.errorMessage, parse(op.errorDetails));
        return new OperationView(
                op.id,
                op.type.wire(),
                op.status.wire(),
                op.isDone(),
                op.tenantId,
                op.collection,
                op.priority,
                op.runAt,
                op.callbackUrl,
                op.createdAt,
                op.startedAt,
                op.updatedAt,
                op.completedAt,
                op.heartbeatAt,
                op.deadlineAt,
                op.expectedDurationSeconds,
                op.attempt,
                op.maxAttempts,
                op.cancelRequested,
                op.workerId,
                progress,
                op.isDone() ? result(op.result) : null,
                error,
                op.retryOf,
                op.submittedBy,
                parse(op.metadata),
                parse(op.inputSummary));
    }

    /**
     * Items done (processed or failed) per second of this attempt, as of the row's last change: both
     * times are the database's, so any replica computes the same rate for the same row.
     */
    static Double itemsPerSecond(Operation op) {
        int done = op.processedItems + op.failedItems;
        Instant asOf = op.completedAt != null ? op.completedAt : op.updatedAt;
        if (done == 0 || op.startedAt == null || asOf == null) {
            return null;
        }
        double seconds = Duration.between(op.startedAt, asOf).toNanos() / 1e9;
        if (seconds <= 0) {
            return null;
        }
        return Math.round(done / seconds * 1000) / 1000.0;
    }

    /** Seconds left at that rate while running with a known item count; 0 once completed; else null. */
    static Long etaSeconds(Operation op, Double itemsPerSecond) {
        if (op.status == OperationStatus.COMPLETED) {
            return 0L;
        }
        if (op.status != OperationStatus.RUNNING
                || itemsPerSecond == null
                || itemsPerSecond <= 0
                || op.totalItems == null) {
            return null;
        }
        int remaining = Math.max(0, op.totalItems - op.processedItems - op.failedItems);
        return (long) Math.ceil(remaining / itemsPerSecond);
    }

    /** Every finished operation has every result key, even when a reaper ended it before its handler reported. */
    private JsonNode result(String stored) {
        ObjectNode result = emptyResult.deepCopy();
        JsonNode parsed = parse(stored);
        if (parsed instanceof ObjectNode object) {
            result.setAll(object);
        }
        return result;
    }

    private JsonNode parse(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return json.readTree(stored);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
