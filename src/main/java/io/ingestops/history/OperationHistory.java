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
 * Reads of the history the {@code operation_history} trigger writes (V9), and its retention. Nothing
 * here writes events: every status change writes its own, in its own transaction.
 */
@ApplicationScoped
public class OperationHistory {

    private static final String COLUMNS = "id, operation_id, type, collection, at, from_status, to_status, attempt,"
            + " actor_kind, actor_id, reason";

    private final Jdbc jdbc;

    public OperationHistory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The tenant's events of one operation, oldest first (also after retention deleted the operation). */
    public List<HistoryEvent> of(String tenantId, UUID operationId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM operation_history WHERE operation_id = ? AND tenant_id = ? ORDER BY id",
                s -> {
                    s.setObject(1, operationId);
                    s.setString(2, tenantId);
                },
                OperationHistory::event);
    }

    /** The tenant's events, newest first: up to one more than the filter's limit, so the caller sees a next page. */
    public List<HistoryEvent> audit(String tenantId, AuditFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM operation_history WHERE tenant_id = ?");
        List<Object> params = new ArrayList<>();
        params.add(tenantId);
        if (filter.collection() != null) {
            sql.append(" AND collection = ?");
            params.add(filter.collection());
        }
        if (filter.type() != null) {
            sql.append(" AND type = ?");
            params.add(filter.type().wire());
        }
        if (filter.since() != null) {
            sql.append(" AND at >= ?");
            params.add(Timestamp.from(filter.since()));
        }
        if (filter.until() != null) {
            sql.append(" AND at < ?");
            params.add(Timestamp.from(filter.until()));
        }
        if (filter.beforeId() != null) {
            sql.append(" AND id < ?");
            params.add(filter.beforeId());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
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

    /** Deletes up to {@code batch} events older than {@code retention}; answers how many. */
    public int deleteOlderThan(Duration retention, int batch) {
        return jdbc.update(
                // by ctid: the table has no primary key (one index less for every event written)
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
                row.getLong("id"),
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
