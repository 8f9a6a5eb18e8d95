package io.ingestops.webhook;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The delivery tables. A replica claims due messages with a lease (claimed_until) and a new
 * claim_token; every later write of that attempt is conditional on the token, so an attempt whose
 * lease expired and was taken over cannot overwrite the newer one's outcome.
 */
@ApplicationScoped
public class WebhookStore {

    static final String COLUMNS = "id, operation_id, tenant_id, url, event_type, body, status, attempts,"
            + " next_attempt_at, claim_token, created_at, delivered_at, last_error";

    private final Jdbc jdbc;

    public WebhookStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims up to {@code limit} due messages (pending and due, or delivering with an expired lease). */
    public List<Delivery> claimDue(String workerId, int limit, Duration lease) {
        return jdbc.query(
                "WITH due AS (SELECT id FROM webhook_delivery"
                        + " WHERE (status = 'pending' AND next_attempt_at <= now())"
                        + " OR (status = 'delivering' AND claimed_until < now())"
                        + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                        + " UPDATE webhook_delivery d SET status = 'delivering', claimed_by = ?,"
                        + " claimed_until = now() + make_interval(secs => ?), claim_token = d.claim_token + 1"
                        + " FROM due WHERE d.id = due.id RETURNING " + prefixed("d"),
                s -> {
                    s.setInt(1, limit);
                    s.setString(2, workerId);
                    s.setDouble(3, lease.toMillis() / 1000.0);
                },
                WebhookStore::delivery);
    }

    /** Stores the message body of its first attempt (every retry sends the same bytes); false if the claim was lost. */
    public boolean setBody(UUID id, long claimToken, String body) {
        return jdbc.update(
                        "UPDATE webhook_delivery SET body = ? WHERE id = ? AND claim_token = ? AND status = 'delivering'",
                        s -> {
                            s.setString(1, body);
                            s.setObject(2, id);
                            s.setLong(3, claimToken);
                        })
                == 1;
    }

    /**
     * Records one attempt and its outcome in one statement, if the claim still holds: delivered, or
     * back to pending after {@code retryIn}, or failed when {@code retryIn} is null.
     */
    public boolean finishAttempt(
            Delivery d,
            String workerId,
            Integer statusCode,
            int latencyMs,
            String error,
            String excerpt,
            boolean delivered,
            Duration retryIn) {
        String outcome = delivered ? "'delivered'" : retryIn == null ? "'failed'" : "'pending'";
        int updated = jdbc.update(
                "WITH held AS (UPDATE webhook_delivery SET status = " + outcome + ", attempts = attempts + 1,"
                        + " claimed_by = NULL, claimed_until = NULL, last_error = ?,"
                        + " delivered_at = CASE WHEN " + delivered + " THEN now() END,"
                        + " next_attempt_at = now() + make_interval(secs => ?)"
                        + " WHERE id = ? AND claim_token = ? AND status = 'delivering' RETURNING id, attempts)"
                        + " INSERT INTO webhook_attempt (delivery_id, attempt, worker_id, status_code, latency_ms, error,"
                        + " response_excerpt) SELECT id, attempts, ?, ?, ?, ?, ? FROM held",
                s -> {
                    s.setString(1, delivered ? null : error != null ? error : "HTTP " + statusCode);
                    s.setDouble(2, retryIn == null ? 0 : retryIn.toMillis() / 1000.0);
                    s.setObject(3, d.id());
                    s.setLong(4, d.claimToken());
                    s.setString(5, workerId);
                    s.setObject(6, statusCode, java.sql.Types.INTEGER);
                    s.setInt(7, latencyMs);
                    s.setString(8, error);
                    s.setString(9, excerpt);
                });
        return updated == 1;
    }

    /** The messages of one of the tenant's operations, oldest first. */
    public List<Delivery> forOperation(String tenantId, UUID operationId) {
        return jdbc.query(
                "SELECT " + COLUMNS
                        + " FROM webhook_delivery WHERE tenant_id = ? AND operation_id = ? ORDER BY created_at, id",
                s -> {
                    s.setString(1, tenantId);
                    s.setObject(2, operationId);
                },
                WebhookStore::delivery);
    }

    /** The attempts of the given messages, in order. */
    public List<DeliveryAttempt> attempts(List<UUID> deliveryIds) {
        if (deliveryIds.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                "SELECT delivery_id, attempt, at, worker_id, status_code, latency_ms, error, response_excerpt"
                        + " FROM webhook_attempt WHERE delivery_id = ANY (?) ORDER BY delivery_id, attempt",
                s -> s.setArray(1, s.getConnection().createArrayOf("uuid", deliveryIds.toArray())),
                row -> new DeliveryAttempt(
                        row.getObject(1, UUID.class),
                        row.getInt(2),
                        instant(row, "at"),
                        row.getString(4),
                        (Integer) row.getObject(5),
                        row.getInt(6),
                        row.getString(7),
                        row.getString(8)));
    }

    /** Deletes messages created more than {@code keep} ago, delivered or not (their attempts go with them). */
    public int deleteOlderThan(Duration keep, int batch) {
        return jdbc.update(
                "DELETE FROM webhook_delivery WHERE id IN (SELECT id FROM webhook_delivery"
                        + " WHERE created_at < now() - make_interval(secs => ?) LIMIT ?)",
                s -> {
                    s.setDouble(1, keep.toMillis() / 1000.0);
                    s.setInt(2, batch);
                });
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    static Delivery delivery(ResultSet row) throws SQLException {
        return new Delivery(
                row.getObject("id", UUID.class),
                row.getObject("operation_id", UUID.class),
                row.getString("tenant_id"),
                row.getString("url"),
                row.getString("event_type"),
                row.getString("body"),
                row.getString("status"),
                row.getInt("attempts"),
                instant(row, "next_attempt_at"),
                row.getLong("claim_token"),
                instant(row, "created_at"),
                instant(row, "delivered_at"),
                row.getString("last_error"));
    }
}
