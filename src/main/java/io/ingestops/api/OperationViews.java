package io.ingestops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ingestops.ingest.IngestResult;
import io.ingestops.operation.Operation;
import jakarta.enterprise.context.ApplicationScoped;

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
        OperationView.Progress progress = new OperationView.Progress(
                op.stage,
                op.percentage == null ? 0.0 : op.percentage,
                op.totalItems,
                op.processedItems,
                op.failedItems,
                op.currentItem);
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
                op.retryOf);
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
