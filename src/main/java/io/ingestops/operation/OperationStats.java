package io.ingestops.operation;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;

/** Per-tenant counts and durations (DESIGN §3 "stats"). */
@ApplicationScoped
public class OperationStats {

    public record Duration(double mean, double p95) {}

    public record Snapshot(
            Map<String, Long> byStatus,
            Map<String, Map<String, Long>> byType,
            long chunksCreated,
            Map<String, Duration> durationSeconds) {}

    private final Jdbc jdbc;

    public OperationStats(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Snapshot of(String tenantId) {
        Map<String, Long> byStatus = new TreeMap<>();
        for (OperationStatus status : OperationStatus.values()) {
            byStatus.put(status.wire(), 0L);
        }
        Map<String, Map<String, Long>> byType = new TreeMap<>();
        jdbc.query(
                "SELECT type, status, count(*) FROM operation WHERE tenant_id = ? GROUP BY type, status",
                s -> s.setString(1, tenantId),
                row -> {
                    String type = row.getString(1);
                    String status = row.getString(2);
                    long count = row.getLong(3);
                    byStatus.merge(status, count, Long::sum);
                    byType.computeIfAbsent(type, t -> new TreeMap<>()).put(status, count);
                    return null;
                });
        long chunks = jdbc.query(
                        "SELECT coalesce(sum((result ->> 'chunks_created')::bigint), 0) FROM operation"
                                + " WHERE tenant_id = ? AND result IS NOT NULL",
                        s -> s.setString(1, tenantId),
                        row -> row.getLong(1))
                .get(0);
        Map<String, Duration> durations = new TreeMap<>();
        jdbc.query(
                "SELECT type, avg(d), percentile_cont(0.95) WITHIN GROUP (ORDER BY d) FROM ("
                        + " SELECT type, extract(epoch FROM completed_at - started_at) AS d FROM operation"
                        + " WHERE tenant_id = ? AND status = 'completed' AND started_at IS NOT NULL) t GROUP BY type",
                s -> s.setString(1, tenantId),
                row -> durations.put(row.getString(1), new Duration(round(row.getDouble(2)), round(row.getDouble(3)))));
        return new Snapshot(byStatus, byType, chunks, durations);
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }
}
