package io.ingestops.schedule;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The schedule and schedule_run tables. */
@ApplicationScoped
public class ScheduleStore {

    static final String COLUMNS =
            "id, tenant_id, collection, source, cron, time_zone, priority, created_by, created_at,"
                    + " next_due_at, last_due_at, last_run_at, last_operation_id, run_count, last_skipped_at, skipped_count,"
                    + " last_skip_reason";

    private final Jdbc jdbc;

    public ScheduleStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts a schedule unless the tenant already has {@code limit}; empty then. The count and the
     * insert are one statement under the tenant's advisory lock, so racing creations cannot pass it.
     */
    public Optional<Schedule> create(Schedule s, int limit) {
        jdbc.query(
                "SELECT pg_advisory_xact_lock(hashtext('ingest-schedules'), hashtext(?))",
                p -> p.setString(1, s.tenantId()),
                row -> 1);
        List<Schedule> inserted = jdbc.query(
                "INSERT INTO schedule (id, tenant_id, collection, source, cron, time_zone, priority, created_by, next_due_at)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?"
                        + " WHERE (SELECT count(*) FROM schedule WHERE tenant_id = ?) < ?"
                        + " RETURNING " + COLUMNS,
                p -> {
                    p.setObject(1, s.id());
                    p.setString(2, s.tenantId());
                    p.setString(3, s.collection());
                    p.setString(4, s.source());
                    p.setString(5, s.cron());
                    p.setString(6, s.timeZone());
                    p.setInt(7, s.priority());
                    p.setString(8, s.createdBy());
                    p.setObject(9, time(s.nextDueAt()), Types.TIMESTAMP_WITH_TIMEZONE);
                    p.setString(10, s.tenantId());
                    p.setInt(11, limit);
                },
                ScheduleStore::schedule);
        return inserted.stream().findFirst();
    }

    public List<Schedule> list(String tenantId) {
        return jdbc.query(
                "SELECT " + COLUMNS + " FROM schedule WHERE tenant_id = ? ORDER BY created_at, id",
                p -> p.setString(1, tenantId),
                ScheduleStore::schedule);
    }

    public Optional<Schedule> find(String tenantId, UUID id) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM schedule WHERE tenant_id = ? AND id = ?",
                        p -> {
                            p.setString(1, tenantId);
                            p.setObject(2, id);
                        },
                        ScheduleStore::schedule)
                .stream()
                .findFirst();
    }

    public boolean delete(String tenantId, UUID id) {
        return jdbc.update("DELETE FROM schedule WHERE tenant_id = ? AND id = ?", p -> {
                    p.setString(1, tenantId);
                    p.setObject(2, id);
                })
                == 1;
    }

    /** Ids of schedules due now (the database's clock), most overdue first. */
    public List<UUID> dueIds(int limit) {
        return jdbc.query(
                "SELECT id FROM schedule WHERE next_due_at <= now() ORDER BY next_due_at LIMIT ?",
                p -> p.setInt(1, limit),
                row -> row.getObject(1, UUID.class));
    }

    /** Locks the schedule if it is still due; empty if another replica holds it or already moved it on. */
    public Optional<Schedule> lockIfDue(UUID id) {
        return jdbc
                .query(
                        "SELECT " + COLUMNS
                                + " FROM schedule WHERE id = ? AND next_due_at <= now() FOR UPDATE SKIP LOCKED",
                        p -> p.setObject(1, id),
                        ScheduleStore::schedule)
                .stream()
                .findFirst();
    }

    /** Records what happened to one due time; false if it was recorded before (another replica acted on it). */
    public boolean recordRun(UUID scheduleId, Instant dueAt, String outcome, UUID operationId, String reason) {
        return jdbc.update(
                        "INSERT INTO schedule_run (schedule_id, due_at, outcome, operation_id, reason)"
                                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        p -> {
                            p.setObject(1, scheduleId);
                            p.setObject(2, time(dueAt), Types.TIMESTAMP_WITH_TIMEZONE);
                            p.setString(3, outcome);
                            p.setObject(4, operationId);
                            p.setString(5, reason);
                        })
                == 1;
    }

    /** Names the operation a recorded due time created. */
    public void setRunOperation(UUID scheduleId, Instant dueAt, UUID operationId) {
        jdbc.update("UPDATE schedule_run SET operation_id = ? WHERE schedule_id = ? AND due_at = ?", p -> {
            p.setObject(1, operationId);
            p.setObject(2, scheduleId);
            p.setObject(3, time(dueAt), Types.TIMESTAMP_WITH_TIMEZONE);
        });
    }

    /** The due time created {@code operationId}; the schedule moves on to {@code next}. */
    public void ran(UUID id, Instant dueAt, UUID operationId, Instant next) {
        jdbc.update(
                "UPDATE schedule SET last_due_at = ?, last_run_at = now(), last_operation_id = ?,"
                        + " run_count = run_count + 1, next_due_at = ? WHERE id = ?",
                p -> {
                    p.setObject(1, time(dueAt), Types.TIMESTAMP_WITH_TIMEZONE);
                    p.setObject(2, operationId);
                    p.setObject(3, time(next), Types.TIMESTAMP_WITH_TIMEZONE);
                    p.setObject(4, id);
                });
    }

    /** The due time was skipped for {@code reason}; the schedule moves on to {@code next}. */
    public void skipped(UUID id, Instant dueAt, String reason, Instant next) {
        jdbc.update(
                "UPDATE schedule SET last_due_at = ?, last_skipped_at = now(), skipped_count = skipped_count + 1,"
                        + " last_skip_reason = ?, next_due_at = ? WHERE id = ?",
                p -> {
                    p.setObject(1, time(dueAt), Types.TIMESTAMP_WITH_TIMEZONE);
                    p.setString(2, reason);
                    p.setObject(3, time(next), Types.TIMESTAMP_WITH_TIMEZONE);
                    p.setObject(4, id);
                });
    }

    /** Moves the schedule on without counting anything (its due time was acted on already). */
    public void advance(UUID id, Instant next) {
        jdbc.update("UPDATE schedule SET next_due_at = ? WHERE id = ?", p -> {
            p.setObject(1, time(next), Types.TIMESTAMP_WITH_TIMEZONE);
            p.setObject(2, id);
        });
    }

    /** Deletes the records of due times older than {@code keep}. */
    public int deleteRunsOlderThan(Duration keep, int batch) {
        return jdbc.update(
                "DELETE FROM schedule_run WHERE ctid = ANY (ARRAY(SELECT ctid FROM schedule_run"
                        + " WHERE at < now() - make_interval(secs => ?) LIMIT ?))",
                p -> {
                    p.setDouble(1, keep.toMillis() / 1000.0);
                    p.setInt(2, batch);
                });
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    static Schedule schedule(ResultSet row) throws SQLException {
        return new Schedule(
                row.getObject("id", UUID.class),
                row.getString("tenant_id"),
                row.getString("collection"),
                row.getString("source"),
                row.getString("cron"),
                row.getString("time_zone"),
                row.getInt("priority"),
                row.getString("created_by"),
                instant(row, "created_at"),
                instant(row, "next_due_at"),
                instant(row, "last_due_at"),
                instant(row, "last_run_at"),
                row.getObject("last_operation_id", UUID.class),
                row.getInt("run_count"),
                instant(row, "last_skipped_at"),
                row.getInt("skipped_count"),
                row.getString("last_skip_reason"));
    }
}
