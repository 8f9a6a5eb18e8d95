package io.ingestops.worker;

import io.ingestops.config.IngestConfig;
import io.ingestops.db.Jdbc;
import io.ingestops.reaper.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The worker table: every node's row, as the database sees it, so any replica answers for all of
 * them. Also the housekeeping that deletes rows of replicas lost for longer than {@code retention}.
 */
@ApplicationScoped
public class WorkerRegistry implements WorkerPresence, Housekeeping {

    /** A node as operators see it; {@code lost} once its last tick is older than stale-after. */
    public record Worker(
            String workerId,
            boolean lost,
            String version,
            int capacity,
            List<UUID> running,
            Instant startedAt,
            Instant lastTickAt) {}

    private static final String UPSERT = "INSERT INTO worker (id, version, capacity) VALUES (?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, capacity = EXCLUDED.capacity,"
            + " last_tick_at = now()";

    private final Jdbc jdbc;
    private final IngestConfig config;
    private final String version;

    public WorkerRegistry(
            Jdbc jdbc, IngestConfig config, @ConfigProperty(name = "quarkus.application.version") String version) {
        this.jdbc = jdbc;
        this.config = config;
        this.version = version;
    }

    @Override
    public void register(String workerId, int capacity) {
        jdbc.update(UPSERT + ", started_at = now()", s -> bind(s, workerId, capacity));
    }

    @Override
    public void refresh(String workerId, int capacity) {
        jdbc.update(UPSERT, s -> bind(s, workerId, capacity));
    }

    @Override
    public void deregister(String workerId) {
        jdbc.update("DELETE FROM worker WHERE id = ?", s -> s.setString(1, workerId));
    }

    private void bind(java.sql.PreparedStatement s, String workerId, int capacity) throws SQLException {
        s.setString(1, workerId);
        s.setString(2, version);
        s.setInt(3, capacity);
    }

    /** Every node with a row, by id, each with the operations running under its id. */
    public List<Worker> list() {
        return jdbc.query(
                "SELECT w.id, w.version, w.capacity, w.started_at, w.last_tick_at,"
                        + " w.last_tick_at < now() - make_interval(secs => ?) AS lost,"
                        + " ARRAY(SELECT o.id FROM operation o WHERE o.status = 'running' AND o.worker_id = w.id"
                        + " ORDER BY o.id) AS running"
                        + " FROM worker w ORDER BY w.id",
                s -> s.setDouble(1, config.staleAfter().toMillis() / 1000.0),
                WorkerRegistry::worker);
    }

    private static Worker worker(ResultSet row) throws SQLException {
        UUID[] running = (UUID[]) row.getArray("running").getArray();
        return new Worker(
                row.getString("id"),
                row.getBoolean("lost"),
                row.getString("version"),
                row.getInt("capacity"),
                Arrays.asList(running),
                row.getObject("started_at", java.time.OffsetDateTime.class).toInstant(),
                row.getObject("last_tick_at", java.time.OffsetDateTime.class).toInstant());
    }

    @Override
    public String name() {
        return "lost_workers";
    }

    /** Rows of replicas lost for longer than the retention period. */
    @Override
    public int runOnce() {
        return jdbc.update(
                "DELETE FROM worker WHERE last_tick_at < now() - make_interval(secs => ?)",
                s -> s.setDouble(1, config.retention().toMillis() / 1000.0));
    }
}
