package io.ingestops.history;

import io.ingestops.db.Jdbc;
import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.OperationType;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads of {@code operation_history} (V9), and its retention. Nothing here writes events: every
 * status change writes its own, in its own statement (OperationRepository.recorded; submissions by
 * the insert trigger).
 */
@ApplicationScoped
public class OperationHistory {

    private static final String COLUMNS = "row_id, ord, operation_id, type, collection, at, from_status, to_status,"
            + " attempt, actor_kind, actor_id, reason";

    private final Jdbc jdbc;

    public OperationHistory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's events of one operation, oldest first (also after retention deleted the operation). */
    public List<HistoryEvent> of(String tenantId, UUID operationId) {
        return jdbc.query(
                // the GIN condition finds the rows; the event condition picks the operation's events out of them
                "SELECT " + COLUMNS + " FROM operation_event WHERE operation_ids @> ARRAY[?::uuid]"
                        + " AND operation_id = ? AND tenant_id = ? ORDER BY row_id, ord",
                s -> {
                    s.setObject(1, operationId);
                    s.setObject(2, operationId);
                    s.setString(3, tenantId);
                },
                OperationHistory::event);
    }

    /** The tenant's events, newest first: up to one more than the filter's limit, so the caller sees a next page. */
    public List<HistoryEvent> audit(String tenantId, AuditFilter filter) {
        // conditions on the row (tenant_ids, row_id, at) reach its indexes; the others pick events out of it
        StringBuilder sql =
                new StringBuilder("SELECT " + COLUMNS + " FROM operation_event WHERE tenant_ids @> ARRAY[?::text]");
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        if (filter.before() != null) {
            sql.append(" AND row_id <= ?"); // on the row, so the scan starts there
            params.add(filter.before().rowId());
        }
        if (filter.since() != null) {
            sql.append(" AND at >= ?");
            params.add(Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND at < ?");
            params.add(Timestamp.from(filter.until()));
        }
        sql.append(" AND tenant_id = ?");
        params.add(tenantId);
        if (filter.collection() != null) {
            sql.append(" AND collection = ?");
            params.add(filter.collection());
        }
        if (filter.type() != null) {
            sql.append(" AND type = ?");
            params.add(filter.type().wire());
        }
        if (filter.before() != null) {
            sql.append(" AND (row_id, ord) < (?, ?)");
            params.add(filter.before().rowId());
            params.add(filter.before().ord());
        }
        sql.append(" ORDER BY row_id DESC, ord DESC LIMIT ?");
        params.add(filter.limit() + 1);
        return jdbc.query(
                sql.toString(),
                s -> {
                    for (int i = 0; i < params.size(); i++) {
                        s.setObject(i + 1, params.get(i));
                    }
                },
                OperationHistory::event);
    }

    /** Moves the entries the writers appended to the GIN pending lists into the indexes proper. */
    public void mergePendingIndexEntries() {
        jdbc.query(
                "SELECT gin_clean_pending_list('operation_history_operations_idx'::regclass),"
                        + " gin_clean_pending_list('operation_history_tenants_idx'::regclass)",
                s -> {},
                row -> 1);
    }

    /** Deletes up to {@code batch} history rows (each the events of one statement) older than {@code retention}; answers how many. */
    public int deleteOlderThan(Duration retention, int batch) {
        return jdbc.update(
                // by ctid: the table has no primary key
                "DELETE FROM operation_history WHERE ctid = ANY (ARRAY(SELECT ctid FROM operation_history"
                        + " WHERE at < now() - make_interval(secs => ?) LIMIT ?))",
                s -> {
                    s.setDouble(1, retention.toMillis() / 1000.0);
                    s.setInt(2, batch);
                });
    }

    private static HistoryEvent event(ResultSet row) throws SQLException {
        String from = row.getString("from_status");
        return new HistoryEvent(
                row.getLong("row_id"),
                row.getInt("ord"),
                row.getObject("operation_id", UUID.class),
                OperationType.fromWire(row.getString("type")),
                row.getString("collection"),
                row.getTimestamp("at").toInstant(),
                from == null ? null : OperationStatus.fromWire(from),
                OperationStatus.fromWire(row.getString("to_status")),
                row.getInt("attempt"),
                row.getString("actor_kind"),
                row.getString("actor_id"),
                row.getString("reason"));
    }
}
