package io.ingestops.sync;

import io.ingestops.config.IngestConfig;
import io.ingestops.db.Jdbc;
import io.ingestops.operation.Actor;
import io.ingestops.operation.NewOperation;
import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.OperationType;
import io.ingestops.operation.SubmissionGuard;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The per-tenant lock that syncs, reindexes, collection deletes and removals of a whole sync source take at submission: at most one
 * of them is active (pending or running) per tenant, across all replicas. As a {@link
 * SubmissionGuard} it decides every submission of those types, whoever makes it (API, retry).
 * Decided under a transaction-scoped advisory lock on the tenant; held as a {@code sync_lock} row
 * whose primary key makes two holders impossible; released by a trigger the moment the holder
 * ends. A holder whose heartbeat is older than {@code stale-after} is superseded by the new request.
 */
@ApplicationScoped
public class TenantWriteLock implements SubmissionGuard {

    private static final Logger LOG = Logger.getLogger(TenantWriteLock.class);

    private static final Set<OperationType> LOCKED_TYPES = EnumSet.of(
            OperationType.SYNC, OperationType.REINDEX, OperationType.DELETE_COLLECTION, OperationType.REMOVE_SOURCE);

    private final Jdbc jdbc;
    private final OperationRepository repository;
    private final IngestConfig config;
    private final com.fasterxml.jackson.databind.ObjectMapper json;

    public TenantWriteLock(
            Jdbc jdbc,
            OperationRepository repository,
            IngestConfig config,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        this.json = json;
        this.jdbc = jdbc;
        this.repository = repository;
        this.config = config;
    }

    @Override
    public Set<OperationType> types() {
        return LOCKED_TYPES;
    }

    /** A remove_source takes the lock only to remove a whole sync source ({@code source}), not one document. */
    @Override
    public boolean applies(NewOperation request) {
        if (request.type() != OperationType.REMOVE_SOURCE) {
            return true;
        }
        try {
            return request.inputSummaryJson() != null
                    && json.readTree(request.inputSummaryJson()).has("source");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the input summary of a remove_source is not JSON", e);
        }
    }

    /** Racing requests for one tenant queue here for a few milliseconds instead of racing. */
    @Override
    public void serialize(NewOperation request) {
        jdbc.query(
                "SELECT pg_advisory_xact_lock(hashtext('ingest-write-lock'), hashtext(?))",
                s -> s.setString(1, request.tenantId()),
                row -> 1);
    }

    /** Free, or held by a stuck operation (superseded now): admitted. Held by a live one: {@link SyncInProgressException}. */
    @Override
    public void admit(NewOperation request) {
        String tenant = request.tenantId();
        holder(tenant).ifPresent(holder -> {
            if (repository.supersede(holder.id, config.staleAfter(), Actor.user(request.submittedBy()))) {
                LOG.infof(
                        "operation %s tenant=%s type=%s running -> failed: superseded (heartbeat stale)",
                        holder.id, tenant, holder.type.wire());
            } else if (!holder.isDone()) {
                throw new SyncInProgressException(holder);
            }
            release(tenant); // a holder that is done no longer holds it (its trigger normally saw to that)
        });
    }

    @Override
    public void admitted(Operation created) {
        jdbc.update("INSERT INTO sync_lock (tenant_id, holder_operation_id) VALUES (?, ?)", s -> {
            s.setString(1, created.tenantId);
            s.setObject(2, created.id);
        });
    }

    /** Releases locks whose holder is no longer pending or running; answers how many. */
    public int releaseOrphans() {
        return jdbc.update(
                "DELETE FROM sync_lock l WHERE NOT EXISTS (SELECT 1 FROM operation o"
                        + " WHERE o.id = l.holder_operation_id AND o.status IN ('pending', 'running'))",
                s -> {});
    }

    /** Who holds the tenant's lock now, and whether its heartbeat is alive (judged on the database clock); empty if free. */
    public Optional<LockState> state(String tenant) {
        return jdbc
                .query(
                        "SELECT o.id, extract(epoch FROM now() - o.heartbeat_at),"
                                + " o.heartbeat_at >= now() - make_interval(secs => ?)"
                                + " FROM sync_lock l JOIN operation o ON o.id = l.holder_operation_id"
                                + " WHERE l.tenant_id = ? AND o.status IN ('pending', 'running')",
                        s -> {
                            s.setDouble(1, config.staleAfter().toMillis() / 1000.0);
                            s.setString(2, tenant);
                        },
                        row -> new LockState(
                                row.getObject(1, java.util.UUID.class),
                                row.getObject(2) == null ? null : row.getDouble(2),
                                row.getObject(3) == null ? null : row.getBoolean(3)))
                .stream()
                .findFirst();
    }

    /** The holder of a tenant lock; the heartbeat fields are null while it is pending. */
    public record LockState(java.util.UUID holderId, Double heartbeatAgeSeconds, Boolean heartbeatAlive) {}

    private Optional<Operation> holder(String tenant) {
        // the holder exists: deleting an operation deletes its lock (foreign key, on delete cascade)
        return SyncLock.<SyncLock>findByIdOptional(tenant)
                .map(lock -> Operation.<Operation>findById(lock.holderOperationId));
    }

    private void release(String tenant) {
        jdbc.update("DELETE FROM sync_lock WHERE tenant_id = ?", s -> s.setString(1, tenant));
    }
}
