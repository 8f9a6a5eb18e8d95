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
            + " error_message, error_details::text, event_seq, submitted_by, metadata::text, input_summary::text, run_at, callback_url";

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

    /**
     * Every tenant's operations for an operator, newest first by (created_at, id), one row more than
     * {@code filter.limit()} to tell whether a next page exists. {@code staleBefore} keeps only running
     * operations whose heartbeat is older than it (the database's clock).
     */
    public List<Operation> acrossTenants(String tenantId, OperationFilter filter, java.time.Duration staleFor) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM operation WHERE true");
        List<Object> params = new java.util.ArrayList<>();
        if (tenantId != null) {
            sql.append(" AND tenant_id = ?");
            params.add(tenantId);
        }
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND status = ANY (?)");
            params.add(filter.statuses().stream().map(OperationStatus::wire).toArray(String[]::new));
        }
        if (!filter.types().isEmpty()) {
            sql.append(" AND type = ANY (?)");
            params.add(filter.types().stream().map(OperationType::wire).toArray(String[]::new));
        }
        if (staleFor != null) {
            sql.append(" AND status = 'running' AND heartbeat_at < now() - make_interval(secs => ?)");
            params.add(staleFor.toMillis() / 1000.0);
        }
        if (filter.afterCreatedAt() != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(java.time.OffsetDateTime.ofInstant(filter.afterCreatedAt(), java.time.ZoneOffset.UTC));
            params.add(filter.afterId());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(filter.limit() + 1);
        return jdbc.query(
                sql.toString(),
                s -> {
                    for (int i = 0; i < params.size(); i++) {
                        Object param = params.get(i);
                        if (param instanceof String[] values) {
                            s.setArray(i + 1, s.getConnection().createArrayOf("text", values));
                        } else {
                            s.setObject(i + 1, param);
                        }
                    }
                },
                OperationReads::operation);
    }

    /** The operation with this id, whichever tenant's it is (operators only). */
    public Optional<Operation> findAnyTenant(UUID id) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM operation WHERE id = ?",
                        s -> s.setObject(1, id),
                        OperationReads::operation)
                .stream()
                .findFirst();
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
        op.runAt = instant(row, "run_at");
        op.callbackUrl = row.getString("callback_url");
        return op;
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        java.time.OffsetDateTime time = row.getObject(column, java.time.OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
