package io.ingestops.operation;

import static io.ingestops.operation.OperationStatus.CANCELLED;
import static io.ingestops.operation.OperationStatus.COMPLETED;
import static io.ingestops.operation.OperationStatus.FAILED;
import static io.ingestops.operation.OperationStatus.PENDING;
import static io.ingestops.operation.OperationStatus.RUNNING;
import static io.ingestops.operation.OperationTransitions.require;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The engine's hot paths in native SQL. Every statement that changes an operation's status names
 * its transition through {@link OperationTransitions#require} and is conditional on the current
 * status (and, for a worker's writes, on its claim token); callers check the row count. Each of
 * them also writes its history in the same statement ({@link #recorded}).
 */
@ApplicationScoped
public class OperationRepository {

    /** Channel NOTIFYed when work becomes claimable. */
    public static final String WORK_CHANNEL = "ingest_work";

    /**
     * Inputs up to this size come with a claim; larger ones are read when the job starts
     * ({@link #input}): up to max-concurrent + claim-ahead claims wait on a node, and a queue of
     * large batches must not all be in its memory at once.
     */
    public static final int CLAIMED_INPUT_BYTES = 64 * 1024;

    /** Channel NOTIFYed with an operation id when a cancel of a running operation is requested. */
    public static final String CANCEL_CHANNEL = "ingest_cancel";

    private final Jdbc jdbc;

    public OperationRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The input of an operation this worker holds (claims leave large inputs behind); null if the claim was lost. */
    public String input(UUID id, long claimToken) {
        List<String> input = jdbc.query(
                "SELECT input::text FROM operation WHERE id = ? AND claim_token = ?",
                s -> {
                    s.setObject(1, id);
                    s.setLong(2, claimToken);
                },
                row -> row.getString(1));
        return input.isEmpty() ? null : input.get(0);
    }

    /**
     * Claims up to {@code limit} due pending operations, highest priority first, then by fair pass
     * (round-robin across tenants, V10__run_at_and_fair_claiming.sql), then oldest.
     */
    public List<ClaimedOperation> claim(String workerId, int limit, DeadlinePolicy deadline) {
        String sql = "WITH next AS ("
                + " SELECT id, " + DeadlinePolicy.EXPECTED_SECONDS_SQL + " AS expected"
                + " FROM operation WHERE status = ? AND not_before <= now()"
                + " ORDER BY priority DESC, fair_pass, created_at, id LIMIT ? FOR UPDATE SKIP LOCKED),"
                + recorded(
                        "UPDATE operation o SET status = ?, worker_id = ?, changed_by = ?, claim_token = o.claim_token + 1,"
                                // a transient failure's error shows while it waits for its next attempt, not during it
                                + " error_code = NULL, error_message = NULL,"
                                + " attempt = CASE WHEN o.handed_back AND o.attempt > 0 THEN o.attempt ELSE o.attempt + 1 END,"
                                + " handed_back = false, started_at = coalesce(o.started_at, now()), claimed_at = now(),"
                                + " heartbeat_at = now(), updated_at = now(), expected_duration_seconds = ceil(next.expected),"
                                + " deadline_at = now() + make_interval(secs => next.expected)"
                                + " FROM next WHERE o.id = next.id",
                        PENDING,
                        "o.input::text AS input, o.claim_token,"
                                + " (extract(epoch FROM o.deadline_at - now()) * 1000)::bigint AS deadline_in_ms,"
                                + " o.priority, o.fair_pass, o.created_at")
                // RETURNING has no order: claimed ahead, they start in the queue's order
                + " SELECT id, type, tenant_id, collection,"
                + " CASE WHEN octet_length(input) <= " + CLAIMED_INPUT_BYTES + " THEN input END,"
                + " claim_token, attempt, deadline_in_ms FROM changed ORDER BY priority DESC, fair_pass, created_at, id";
        return jdbc.query(
                sql,
                s -> {
                    int i = deadline.bind(s, 1);
                    s.setString(i++, require(PENDING, RUNNING).wire());
                    s.setInt(i++, limit);
                    s.setString(i++, RUNNING.wire());
                    s.setString(i++, workerId);
                    s.setString(i, Actor.worker(workerId).wire());
                },
                row -> new ClaimedOperation(
                        row.getObject(1, UUID.class),
                        OperationType.fromWire(row.getString(2)),
                        row.getString(3),
                        row.getString(4),
                        row.getString(5),
                        row.getLong(6),
                        row.getInt(7),
                        row.getLong(8)));
    }

    /**
     * Renews the heartbeats of the given claims in one round trip; claims that were lost are absent
     * from the answer. Takes {@code FOR NO KEY UPDATE} on each row, which only a job's
     * {@code FOR SHARE} of the same row conflicts with, and jobs take that only for their commit
     * (JobContext.holdClaim): this never waits behind job work.
     */
    public List<HeartbeatAck> heartbeat(Map<UUID, Long> claimTokens) {
        if (claimTokens.isEmpty()) {
            return List.of();
        }
        UUID[] ids = claimTokens.keySet().toArray(UUID[]::new);
        Long[] tokens = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            tokens[i] = claimTokens.get(ids[i]);
        }
        return jdbc.withConnection(connection -> {
            String sql = "WITH locked AS (SELECT h.id, l.held FROM (" + sortedClaims("h(id, token)") + ") h"
                    + " CROSS JOIN LATERAL (" + lockClaim("h") + ") l)"
                    // clock_timestamp(): when it was written, even if this statement waited for a lock
                    + " UPDATE operation o SET heartbeat_at = clock_timestamp() FROM locked"
                    + " WHERE o.id = locked.id AND locked.held"
                    + " RETURNING o.id, o.cancel_requested, o.deadline_at <= now()";
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                Array idArray = connection.createArrayOf("uuid", ids);
                Array tokenArray = connection.createArrayOf("bigint", tokens);
                s.setArray(1, idArray);
                s.setArray(2, tokenArray);
                s.setString(3, RUNNING.wire());
                try (ResultSet row = s.executeQuery()) {
                    List<HeartbeatAck> acks = new java.util.ArrayList<>();
                    while (row.next()) {
                        acks.add(new HeartbeatAck(row.getObject(1, UUID.class), row.getBoolean(2), row.getBoolean(3)));
                    }
                    return acks;
                }
            }
        });
    }

    /** Writes progress (and renews the heartbeat); false means the claim is lost. */
    public boolean writeProgress(UUID id, long claimToken, ProgressSnapshot progress) {
        String sql = "UPDATE operation SET stage = ?, percentage = ?, total_items = ?, processed_items = ?,"
                + " failed_items = ?, current_item = ?, updated_at = now(), heartbeat_at = clock_timestamp()"
                + " WHERE id = ? AND claim_token = ? AND status = ?";
        return jdbc.update(sql, s -> {
                    s.setString(1, progress.stage());
                    s.setDouble(2, progress.percentage());
                    setNullableInt(s, 3, progress.totalItems());
                    s.setInt(4, progress.processedItems());
                    s.setInt(5, progress.failedItems());
                    s.setString(6, progress.currentItem());
                    s.setObject(7, id);
                    s.setLong(8, claimToken);
                    s.setString(9, RUNNING.wire());
                })
                == 1;
    }

    /** Records the number of items once known and recomputes the deadline from the claim time. */
    public boolean setTotalItems(UUID id, long claimToken, int totalItems, DeadlinePolicy deadline) {
        String sql = "UPDATE operation SET total_items = ?, updated_at = now(),"
                + " expected_duration_seconds = ceil(e.expected), deadline_at = claimed_at + make_interval(secs => e.expected)"
                + " FROM (SELECT " + DeadlinePolicy.EXPECTED_SECONDS_SQL.replace("total_items", "?::int")
                + " AS expected FROM operation WHERE id = ?) e"
                + " WHERE id = ? AND claim_token = ? AND status = ?";
        return jdbc.update(sql, s -> {
                    s.setInt(1, totalItems);
                    // the sub-select reads timeout_seconds from the row and the new item count from the bind
                    s.setDouble(2, DeadlinePolicy.seconds(deadline.max()));
                    s.setDouble(3, DeadlinePolicy.seconds(deadline.max()));
                    s.setDouble(4, DeadlinePolicy.seconds(deadline.min()));
                    s.setDouble(5, DeadlinePolicy.seconds(deadline.base()));
                    s.setDouble(6, DeadlinePolicy.seconds(deadline.perItem()));
                    s.setInt(7, totalItems);
                    s.setObject(8, id);
                    s.setObject(9, id);
                    s.setLong(10, claimToken);
                    s.setString(11, RUNNING.wire());
                })
                == 1;
    }

    /** Locks the claimed row in the caller's transaction so a takeover waits for its commit; false if the claim is lost. */
    public boolean lockClaim(UUID id, long claimToken) {
        return !jdbc.query(
                        "SELECT 1 FROM operation WHERE id = ? AND claim_token = ? AND status = ? FOR SHARE",
                        s -> {
                            s.setObject(1, id);
                            s.setLong(2, claimToken);
                            s.setString(3, RUNNING.wire());
                        },
                        row -> 1)
                .isEmpty();
    }

    public boolean complete(UUID id, long claimToken, String resultJson, ProgressSnapshot progress) {
        return !completeAll(List.of(new Completion(id, claimToken, resultJson, progress)))
                .isEmpty();
    }

    /**
     * Completes many running operations in one statement (one commit); returns the ids it completed.
     * An absent id lost its claim (fenced out) and was left to its new owner.
     */
    public Set<UUID> completeAll(List<Completion> completions) {
        if (completions.isEmpty()) {
            return Set.of();
        }
        int n = completions.size();
        UUID[] ids = new UUID[n];
        Long[] tokens = new Long[n];
        String[] results = new String[n];
        String[] stages = new String[n];
        Double[] percentages = new Double[n];
        Integer[] processed = new Integer[n];
        Integer[] failed = new Integer[n];
        Integer[] totals = new Integer[n];
        Double[] itemDeadlines = new Double[n];
        for (int i = 0; i < n; i++) {
            Completion c = completions.get(i);
            ids[i] = c.id();
            tokens[i] = c.claimToken();
            results[i] = c.resultJson();
            ProgressSnapshot p = c.progress();
            stages[i] = p == null ? null : p.stage();
            percentages[i] = p == null ? null : p.percentage();
            processed[i] = p == null ? null : p.processedItems();
            failed[i] = p == null ? null : p.failedItems();
            totals[i] = p == null ? null : p.totalItems();
            itemDeadlines[i] = c.itemDeadlineSeconds();
        }
        String sql = "WITH c AS (SELECT c.*, l.held FROM ("
                + sortedClaims(
                        "c(id, token, result, stage, percentage, processed, failed, total, item_deadline)",
                        "text",
                        "text",
                        "float8",
                        "int",
                        "int",
                        "int",
                        "float8")
                + ") c CROSS JOIN LATERAL (" + lockClaim("c") + ") l),"
                + recorded(
                        "UPDATE operation o SET status = ?, changed_by = 'worker:' || o.worker_id, result = c.result::jsonb, error_code = NULL,"
                                + " error_message = NULL, completed_at = now(), updated_at = now(), current_item = NULL,"
                                + " stage = coalesce(c.stage, o.stage), percentage = coalesce(c.percentage, o.percentage),"
                                + " processed_items = coalesce(c.processed, o.processed_items),"
                                + " failed_items = coalesce(c.failed, o.failed_items),"
                                // a job shorter than the progress interval never wrote its item count: the completion
                                // carries it
                                + " total_items = coalesce(c.total, o.total_items),"
                                + " expected_duration_seconds = CASE WHEN c.item_deadline IS NULL OR o.timeout_seconds IS NOT NULL"
                                + " THEN o.expected_duration_seconds ELSE ceil(c.item_deadline) END,"
                                + " deadline_at = CASE WHEN c.item_deadline IS NULL OR o.timeout_seconds IS NOT NULL"
                                + " THEN o.deadline_at ELSE o.claimed_at + make_interval(secs => c.item_deadline) END"
                                + " FROM c WHERE o.id = c.id AND c.held",
                        RUNNING,
                        "")
                + " SELECT id FROM changed";
        return jdbc.withConnection(connection -> {
            try (PreparedStatement s = connection.prepareStatement(sql)) {
                s.setArray(1, connection.createArrayOf("uuid", ids));
                s.setArray(2, connection.createArrayOf("bigint", tokens));
                s.setArray(3, connection.createArrayOf("text", results));
                s.setArray(4, connection.createArrayOf("text", stages));
                s.setArray(5, connection.createArrayOf("float8", percentages));
                s.setArray(6, connection.createArrayOf("int4", processed));
                s.setArray(7, connection.createArrayOf("int4", failed));
                s.setArray(8, connection.createArrayOf("int4", totals));
                s.setArray(9, connection.createArrayOf("float8", itemDeadlines));
                s.setString(10, require(RUNNING, COMPLETED).wire());
                s.setString(11, COMPLETED.wire());
                Set<UUID> done = new HashSet<>();
                try (ResultSet row = s.executeQuery()) {
                    while (row.next()) {
                        done.add(row.getObject(1, UUID.class));
                    }
                }
                return done;
            }
        });
    }

    public boolean fail(UUID id, long claimToken, String code, String message, String resultJson) {
        return finish(id, claimToken, FAILED, resultJson, code, message, null);
    }

    public boolean cancel(UUID id, long claimToken, String resultJson) {
        return finish(id, claimToken, CANCELLED, resultJson, null, null, null);
    }

    private boolean finish(
            UUID id,
            long claimToken,
            OperationStatus to,
            String resultJson,
            String errorCode,
            String errorMessage,
            ProgressSnapshot progress) {
        String sql = "WITH "
                + recorded(
                        "UPDATE operation o SET status = ?, changed_by = 'worker:' || worker_id, result = ?::jsonb,"
                                + " error_code = ?, error_message = ?,"
                                + " completed_at = now(), updated_at = now(), current_item = NULL,"
                                + " stage = coalesce(?, stage), percentage = coalesce(?, percentage),"
                                + " processed_items = coalesce(?, processed_items), failed_items = coalesce(?, failed_items)"
                                + " WHERE id = ? AND claim_token = ? AND status = ?",
                        RUNNING,
                        "")
                + " SELECT 1 FROM changed";
        return changedOne(sql, s -> {
            s.setString(1, to.wire());
            s.setString(2, resultJson);
            s.setString(3, errorCode);
            s.setString(4, errorMessage);
            s.setString(5, progress == null ? null : progress.stage());
            if (progress == null) {
                s.setNull(6, Types.DOUBLE);
                s.setNull(7, Types.INTEGER);
                s.setNull(8, Types.INTEGER);
            } else {
                s.setDouble(6, progress.percentage());
                s.setInt(7, progress.processedItems());
                s.setInt(8, progress.failedItems());
            }
            s.setObject(9, id);
            s.setLong(10, claimToken);
            s.setString(11, require(RUNNING, to).wire());
        });
    }

    /**
     * A transient failure of the holder's attempt: back to pending after {@code delay} while attempts
     * remain (the error stays on the resource until the next claim), else failed with the code.
     * Answers the new status, or null if the claim was lost.
     */
    public OperationStatus retryOrFail(
            UUID id, long claimToken, String code, String message, Duration delay, String resultJson) {
        String retry = "attempt < max_attempts";
        String sql = "WITH "
                + recorded(
                        "UPDATE operation o SET status = CASE WHEN " + retry + " THEN ? ELSE ? END,"
                                + " changed_by = 'worker:' || worker_id,"
                                + " worker_id = CASE WHEN " + retry + " THEN NULL ELSE worker_id END,"
                                + " error_code = ?,"
                                + " error_message = ? || CASE WHEN " + retry
                                + " THEN ' (attempt ' || attempt || ' of ' || max_attempts"
                                + " || '; retrying in ' || ceil(?::float8) || ' s)' ELSE ' (attempt ' || attempt || ' of ' || max_attempts"
                                + " || '; no attempts left)' END,"
                                + " not_before = CASE WHEN " + retry
                                + " THEN now() + make_interval(secs => ?) ELSE not_before END,"
                                + " completed_at = CASE WHEN " + retry + " THEN NULL ELSE now() END,"
                                + " result = CASE WHEN " + retry + " THEN NULL ELSE ?::jsonb END,"
                                + " current_item = NULL, updated_at = now()"
                                + " WHERE id = ? AND claim_token = ? AND status = ?",
                        RUNNING,
                        "")
                + " SELECT status FROM changed";
        OperationStatus from = require(RUNNING, FAILED);
        List<String> to = jdbc.query(
                sql,
                s -> {
                    s.setString(1, PENDING.wire());
                    s.setString(2, FAILED.wire());
                    s.setString(3, code);
                    s.setString(4, message);
                    s.setDouble(5, DeadlinePolicy.seconds(delay));
                    s.setDouble(6, DeadlinePolicy.seconds(delay));
                    s.setString(7, resultJson);
                    s.setObject(8, id);
                    s.setLong(9, claimToken);
                    s.setString(10, require(from, PENDING).wire());
                },
                row -> row.getString(1));
        if (to.isEmpty()) {
            return null;
        }
        OperationStatus status = OperationStatus.fromWire(to.get(0));
        if (status == PENDING) {
            notifyWork(); // a replica with a free slot picks it up once the backoff has passed
        }
        return status;
    }

    /** Returns a running operation to the queue without counting an attempt (shutdown hand-back). */
    public boolean handBack(UUID id, long claimToken) {
        String sql = "WITH "
                + recorded(
                        "UPDATE operation o SET status = ?, changed_by = 'worker:' || worker_id, handed_back = true,"
                                + " worker_id = NULL, not_before = now(),"
                                + " updated_at = now() WHERE id = ? AND claim_token = ? AND status = ?",
                        RUNNING,
                        "")
                + " SELECT 1 FROM changed";
        boolean handedBack = changedOne(sql, s -> {
            s.setString(1, PENDING.wire());
            s.setObject(2, id);
            s.setLong(3, claimToken);
            s.setString(4, require(RUNNING, PENDING).wire());
        });
        if (handedBack) {
            notifyWork();
        }
        return handedBack;
    }

    /** Cancels a pending operation of the tenant at once; false if it is not pending (any more). */
    public boolean cancelPending(UUID id, String tenantId, Actor actor) {
        // the error of a transiently failed attempt waiting for its retry is not the cancelled operation's
        String sql = "WITH "
                + recorded(
                        "UPDATE operation o SET status = ?, changed_by = ?, cancel_requested = true, completed_at = now(),"
                                + " error_code = NULL, error_message = NULL,"
                                + " updated_at = now() WHERE id = ? AND tenant_id = ? AND status = ?",
                        PENDING,
                        "")
                + " SELECT 1 FROM changed";
        return changedOne(sql, s -> {
            s.setString(1, CANCELLED.wire());
            s.setString(2, actor.wire());
            s.setObject(3, id);
            s.setString(4, tenantId);
            s.setString(5, require(PENDING, CANCELLED).wire());
        });
    }

    /**
     * Asks a running operation of the tenant to stop at its next checkpoint; false if it is not
     * running. The request is NOTIFYed on {@link #CANCEL_CHANNEL} so its worker stops it at once;
     * the next heartbeat reads the flag anyway, should the notification be lost.
     */
    public boolean requestCancel(UUID id, String tenantId, Actor actor) {
        String sql = "WITH "
                + recorded(
                        "UPDATE operation o SET cancel_requested = true, changed_by = ?, updated_at = now()"
                                + " WHERE id = ? AND tenant_id = ? AND status = ? AND NOT cancel_requested",
                        RUNNING,
                        "")
                + " SELECT pg_notify('" + CANCEL_CHANNEL + "', id::text) FROM changed";
        return jdbc.query(
                                sql,
                                s -> {
                                    s.setString(1, actor.wire());
                                    s.setObject(2, id);
                                    s.setString(3, tenantId);
                                    s.setString(4, RUNNING.wire());
                                },
                                row -> 1)
                        .size()
                == 1;
    }

    /**
     * Fails a running operation whose heartbeat is older than {@code staleAfter} because a new
     * request takes its place ({@code superseded}); false if it is alive or no longer running.
     */
    public boolean supersede(UUID id, Duration staleAfter, Actor actor) {
        String sql = "WITH "
                + recorded(
                        "UPDATE operation o SET status = ?, changed_by = ?, error_code = 'superseded',"
                                + " error_message = 'no heartbeat for over ' || ? || ' s; a new request took its place',"
                                + " completed_at = now(), updated_at = now()"
                                + " WHERE id = ? AND status = ? AND heartbeat_at < now() - make_interval(secs => ?)",
                        RUNNING,
                        "")
                + " SELECT 1 FROM changed";
        return changedOne(sql, s -> {
            s.setString(1, FAILED.wire());
            s.setString(2, actor.wire());
            s.setLong(3, staleAfter.toSeconds());
            s.setObject(4, id);
            s.setString(5, require(RUNNING, FAILED).wire());
            s.setDouble(6, DeadlinePolicy.seconds(staleAfter));
        });
    }

    /** Stale heartbeat with attempts left: back to pending after an exponential backoff. */
    public List<ReapedOperation> retryStale(Duration staleAfter, Duration backoff) {
        String sql = reaping("UPDATE operation o SET status = ?, changed_by = '" + Actor.STALE_HEARTBEAT_REAPER.wire()
                + "', worker_id = NULL, updated_at = now(),"
                + " not_before = now() + make_interval(secs => ? * power(2, greatest(attempt - 1, 0)))"
                + " WHERE status = ? AND heartbeat_at < now() - make_interval(secs => ?)"
                + " AND attempt < max_attempts AND NOT cancel_requested");
        return reap(sql, s -> {
            s.setString(1, PENDING.wire());
            s.setDouble(2, DeadlinePolicy.seconds(backoff));
            s.setString(3, require(RUNNING, PENDING).wire());
            s.setDouble(4, DeadlinePolicy.seconds(staleAfter));
        });
    }

    /** Stale heartbeat with no attempts left: failed with {@code heartbeat_timeout}. */
    public List<ReapedOperation> failStale(Duration staleAfter) {
        String sql = reaping("UPDATE operation o SET status = ?, changed_by = '" + Actor.STALE_HEARTBEAT_REAPER.wire()
                + "', error_code = 'heartbeat_timeout',"
                + " error_message = 'no heartbeat from worker ' || coalesce(worker_id, '?') || ' for over '"
                + " || ? || ' s; attempts exhausted', completed_at = now(), updated_at = now()"
                + " WHERE status = ? AND heartbeat_at < now() - make_interval(secs => ?)"
                + " AND attempt >= max_attempts AND NOT cancel_requested");
        return reap(sql, s -> {
            s.setString(1, FAILED.wire());
            s.setLong(2, staleAfter.toSeconds());
            s.setString(3, require(RUNNING, FAILED).wire());
            s.setDouble(4, DeadlinePolicy.seconds(staleAfter));
        });
    }

    /** Stale heartbeat on an operation whose cancel was requested: it is cancelled, not retried. */
    public List<ReapedOperation> cancelStale(Duration staleAfter) {
        String sql = reaping(
                "UPDATE operation o SET status = ?, changed_by = '" + Actor.STALE_HEARTBEAT_REAPER.wire()
                        + "', completed_at = now(),"
                        + " updated_at = now() WHERE status = ? AND heartbeat_at < now() - make_interval(secs => ?) AND cancel_requested");
        return reap(sql, s -> {
            s.setString(1, CANCELLED.wire());
            s.setString(2, require(RUNNING, CANCELLED).wire());
            s.setDouble(3, DeadlinePolicy.seconds(staleAfter));
        });
    }

    /** Past its deadline by more than {@code grace} (its worker did not enforce it): failed with {@code deadline_exceeded}. */
    public List<ReapedOperation> failPastDeadline(Duration grace) {
        String sql = reaping("UPDATE operation o SET status = ?, changed_by = '" + Actor.DEADLINE_REAPER.wire() + "',"
                + " error_code = 'deadline_exceeded',"
                + " error_message = 'deadline ' || to_char(deadline_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
                + " || ' passed', completed_at = now(), updated_at = now()"
                + " WHERE status = ? AND deadline_at < now() - make_interval(secs => ?)");
        return reap(sql, s -> {
            s.setString(1, FAILED.wire());
            s.setString(2, require(RUNNING, FAILED).wire());
            s.setDouble(3, DeadlinePolicy.seconds(grace));
        });
    }

    /** Deletes up to {@code batch} terminal operations completed more than {@code retention} ago; never active ones. */
    public int deleteExpired(Duration retention, int batch) {
        String sql = "DELETE FROM operation WHERE id IN (SELECT id FROM operation"
                + " WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at < now() - make_interval(secs => ?)"
                + " LIMIT ?) AND status IN ('completed', 'failed', 'cancelled')";
        return jdbc.update(sql, s -> {
            s.setDouble(1, DeadlinePolicy.seconds(retention));
            s.setInt(2, batch);
        });
    }

    /** Number of operations waiting to be claimed, for the queue-depth gauge. */
    public long countPending() {
        return jdbc.query("SELECT count(*) FROM operation WHERE status = 'pending'", s -> {}, row -> row.getLong(1))
                .get(0);
    }

    /** Wakes every replica's dispatcher (delivered at commit when called inside a transaction). */
    public void notifyWork() {
        jdbc.query("SELECT pg_notify(?, '')", s -> s.setString(1, WORK_CHANNEL), row -> 1);
    }

    private List<ReapedOperation> reap(String sql, Jdbc.Binder binder) {
        return jdbc.query(
                sql,
                binder,
                row -> new ReapedOperation(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        OperationType.fromWire(row.getString(3)),
                        OperationStatus.fromWire(row.getString(4)),
                        row.getInt(5)));
    }

    /**
     * A status-changing UPDATE (of {@code operation o}) as the CTE {@code changed}, followed by the CTE
     * that writes its events to {@code operation_history} in the same statement: one row holding every
     * operation the statement changed, none if it changed nothing. {@code changed} returns the history's
     * columns (id, tenant_id, type, collection, attempt, changed_by, status, …) and {@code more}.
     *
     * <p>Here, not in an update trigger (V14): the trigger captured every updated row, heartbeats and
     * progress included, in transition tables and joined them (docs/decisions.md, docs/benchmarks.md).
     * The price: a status change written by other SQL records nothing, so this class is the only
     * place that changes statuses, and {@code HistoryOfEveryTransitionTest} holds each of its
     * statements to its event.
     */
    static String recorded(String update, OperationStatus from, String more) {
        return "changed AS (" + update
                + " RETURNING o.id, o.tenant_id, o.type, o.collection, o.attempt, o.changed_by, o.status,"
                + " o.handed_back, o.error_code, '" + from.wire() + "'::text AS from_status"
                + (more.isEmpty() ? "" : ", " + more) + "),"
                + " history AS (INSERT INTO operation_history (tenant_ids, operation_ids, tenants, types, collections,"
                + " from_statuses, to_statuses, attempts, actors, reasons)"
                // one aggregation: its arrays are parallel without sorting each of them
                + " SELECT array_agg(DISTINCT tenant_id), array_agg(id), array_agg(tenant_id), array_agg(type),"
                + " array_agg(collection), array_agg(from_status), array_agg(status), array_agg(attempt),"
                + " array_agg(changed_by), array_agg(" + HISTORY_REASON + ")"
                + " FROM changed HAVING count(*) > 0)";
    }

    /** Why an event happened, from the changed row: what the V9 trigger wrote (V11 for transient failures). */
    private static final String HISTORY_REASON = "CASE"
            + " WHEN status = from_status THEN 'cancel_requested'"
            + " WHEN status = 'running' THEN 'claimed'"
            + " WHEN status = 'pending' AND handed_back THEN 'handed_back'"
            + " WHEN status = 'pending' AND error_code IS NOT NULL THEN error_code"
            + " WHEN status = 'pending' THEN 'heartbeat_timeout'"
            + " WHEN status = 'failed' THEN coalesce(error_code, 'failed')"
            + " WHEN status = 'cancelled' AND from_status = 'pending' THEN 'cancel_requested'"
            + " ELSE status END";

    /** A reaper's UPDATE of running operations, recorded, answering the reaped rows. */
    private static String reaping(String update) {
        return "WITH " + recorded(update, RUNNING, "") + " SELECT id, tenant_id, type, status, attempt FROM changed";
    }

    /** Runs a recorded statement about one operation; true if it changed it. */
    private boolean changedOne(String sql, Jdbc.Binder binder) {
        return jdbc.query(sql, binder, row -> 1).size() == 1;
    }

    /**
     * The batched writes (heartbeats, completions) take their rows one by one by primary key, in id
     * order: a plan that cannot degrade with the size of the running set, and one lock order for
     * both statements, so they never deadlock. The first two arrays are ids and claim tokens.
     */
    private static String sortedClaims(String alias, String... moreArrayTypes) {
        StringBuilder arrays = new StringBuilder("?::uuid[], ?::bigint[]");
        for (String type : moreArrayTypes) {
            arrays.append(", ?::").append(type).append("[]");
        }
        return "SELECT * FROM unnest(" + arrays + ") AS " + alias + " ORDER BY id";
    }

    /**
     * Locks the row of one claim and says whether it is still held: in the bound status (running)
     * under that token.
     * The status is read, not filtered on, so the partial index of running rows is never a
     * candidate plan; the lock returns the row's latest version, so the answer is current.
     */
    private static String lockClaim(String claims) {
        return "SELECT o.status = ? AS held FROM operation o WHERE o.id = " + claims + ".id AND o.claim_token = "
                + claims + ".token FOR NO KEY UPDATE";
    }

    private static void setNullableInt(PreparedStatement s, int index, Integer value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.INTEGER);
        } else {
            s.setInt(index, value);
        }
    }
}
