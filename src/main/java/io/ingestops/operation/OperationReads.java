package io.ingestops.operation;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The hot reads of one operation (GET, long polls, event streams, cancel) in one plain statement:
 * no persistence context and no JTA transaction for a primary-key read, and not the stored input,
 * which may be megabytes of text. The {@link Operation} it answers is a detached value, never saved.
 */
@ApplicationScoped
public class OperationReads {

    static final String COLUMNS = "id, tenant_id, type, status, collection, priority, retry_of, created_at,"
            + " updated_at, started_at, completed_at, heartbeat_at, deadline_at, timeout_seconds,"
            + " expected_duration_seconds, attempt, max_attempts, claim_token, cancel_requested, worker_id, stage,"
            + " percentage, total_items, processed_items, failed_items, current_item, result::text, error_code,"
            + " error_message, error_details::text, event_seq, submitted_by, metadata::text, input_summary::text";

    private final Jdbc jdbc;

    public OperationReads(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Operation> find(String tenantId, UUID id) {
        List<Operation> rows = jdbc.query(
                "SELECT " + COLUMNS + " FROM operation WHERE id = ? AND tenant_id = ?",
                s -> {
                    s.setObject(1, id);
                    s.setString(2, tenantId);
                },
                OperationReads::operation);
        return rows.stream().findFirst();
    }

    static Operation operation(ResultSet row) throws SQLException {
        Operation op = new Operation();
        op.id = row.getObject("id", UUID.class);
        op.tenantId = row.getString("tenant_id");
        op.type = OperationType.fromWire(row.getString("type"));
        op.status = OperationStatus.fromWire(row.getString("status"));
        op.collection = row.getString("collection");
        op.priority = row.getInt("priority");
        op.retryOf = row.getObject("retry_of", UUID.class);
        op.createdAt = instant(row, "created_at");
        op.updatedAt = instant(row, "updated_at");
        op.startedAt = instant(row, "started_at");
        op.completedAt = instant(row, "completed_at");
        op.heartbeatAt = instant(row, "heartbeat_at");
        op.deadlineAt = instant(row, "deadline_at");
        op.timeoutSeconds = (Integer) row.getObject("timeout_seconds");
        op.expectedDurationSeconds = (Integer) row.getObject("expected_duration_seconds");
        op.attempt = row.getInt("attempt");
        op.maxAttempts = row.getInt("max_attempts");
        op.claimToken = row.getLong("claim_token");
        op.cancelRequested = row.getBoolean("cancel_requested");
        op.workerId = row.getString("worker_id");
        op.stage = row.getString("stage");
        op.percentage = (Double) row.getObject("percentage");
        op.totalItems = (Integer) row.getObject("total_items");
        op.processedItems = row.getInt("processed_items");
        op.failedItems = row.getInt("failed_items");
        op.currentItem = row.getString("current_item");
        op.result = row.getString("result");
        op.errorCode = row.getString("error_code");
        op.errorMessage = row.getString("error_message");
        op.errorDetails = row.getString("error_details");
        op.eventSeq = row.getLong("event_seq");
        op.submittedBy = row.getString("submitted_by");
        op.metadata = row.getString("metadata");
        op.inputSummary = row.getString("input_summary");
        return op;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        java.time.OffsetDateTime time = row.getObject(column, java.time.OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
