package io.ingestops.testsupport;

import io.ingestops.db.Jdbc;
import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.OperationType;
import java.time.Duration;
import java.util.UUID;

/**
 * Builds an operation row directly in the database, in any state: {@code anOperation().running().heartbeatAgo(…)}.
 * Times are relative to the database clock.
 */
public final class OperationFixture {

    private final Jdbc jdbc;
    private UUID id = UUID.randomUUID();
    private String tenant = "acme";
    private OperationType type = OperationType.INGEST_TEXT;
    private OperationStatus status = OperationStatus.PENDING;
    private String collection = "docs";
    private int priority = 5;
    private int attempt;
    private int maxAttempts = 3;
    private long claimToken;
    private String workerId;
    private Duration createdAgo = Duration.ZERO;
    private Duration heartbeatAgo = Duration.ZERO;
    private Duration completedAgo = Duration.ZERO;
    private Duration deadlineIn = Duration.ofMinutes(10);
    private String input = "{\"collection\":\"docs\",\"text\":\"hello\",\"source_id\":null,\"metadata\":null}";

    OperationFixture(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public OperationFixture tenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    public OperationFixture collection(String collection) {
        this.collection = collection;
        return this;
    }

    public OperationFixture status(OperationStatus status) {
        this.status = status;
        return this;
    }

    public OperationFixture running(String workerId) {
        this.status = OperationStatus.RUNNING;
        this.workerId = workerId;
        this.attempt = Math.max(1, attempt);
        this.claimToken = Math.max(1, claimToken);
        return this;
    }

    public OperationFixture attempt(int attempt, int maxAttempts) {
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        return this;
    }

    public OperationFixture priority(int priority) {
        this.priority = priority;
        return this;
    }

    public OperationFixture createdAgo(Duration ago) {
        this.createdAgo = ago;
        return this;
    }

    public OperationFixture heartbeatAgo(Duration ago) {
        this.heartbeatAgo = ago;
        return this;
    }

    public OperationFixture completedAgo(Duration ago) {
        this.completedAgo = ago;
        return this;
    }

    public OperationFixture deadlineIn(Duration in) {
        this.deadlineIn = in;
        return this;
    }

    public UUID insert() {
        boolean running = status == OperationStatus.RUNNING;
        jdbc.update(
                "INSERT INTO operation (id, tenant_id, type, status, collection, priority, input, attempt, max_attempts,"
                        + " claim_token, worker_id, created_at, updated_at, started_at, claimed_at, heartbeat_at, deadline_at,"
                        + " completed_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?,"
                        + " now() - make_interval(secs => ?), now(),"
                        + " CASE WHEN ? THEN now() - make_interval(secs => ?) END,"
                        + " CASE WHEN ? THEN now() - make_interval(secs => ?) END,"
                        + " CASE WHEN ? THEN now() - make_interval(secs => ?) END,"
                        + " CASE WHEN ? THEN now() + make_interval(secs => ?) END,"
                        + " CASE WHEN ? THEN now() - make_interval(secs => ?) END)",
                s -> {
                    int i = 1;
                    s.setObject(i++, id);
                    s.setString(i++, tenant);
                    s.setString(i++, type.wire());
                    s.setString(i++, status.wire());
                    s.setString(i++, collection);
                    s.setInt(i++, priority);
                    s.setString(i++, input);
                    s.setInt(i++, attempt);
                    s.setInt(i++, maxAttempts);
                    s.setLong(i++, claimToken);
                    s.setString(i++, workerId);
                    s.setDouble(i++, seconds(createdAgo));
                    boolean started = running || status.isTerminal();
                    s.setBoolean(i++, started);
                    s.setDouble(i++, seconds(heartbeatAgo));
                    s.setBoolean(i++, started);
                    s.setDouble(i++, seconds(heartbeatAgo));
                    s.setBoolean(i++, running);
                    s.setDouble(i++, seconds(heartbeatAgo));
                    s.setBoolean(i++, running);
                    s.setDouble(i++, seconds(deadlineIn));
                    s.setBoolean(i++, status.isTerminal());
                    s.setDouble(i, seconds(completedAgo));
                });
        return id;
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
