package io.ingestops.sync;

import io.ingestops.config.IngestConfig;
import io.ingestops.db.Jdbc;
import io.ingestops.operation.NewOperation;
import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.OperationService;
import io.ingestops.operation.Submission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * The per-tenant lock that syncs, reindexes and collection deletes take at submission: at most one
 * of them is active (pending or running) per tenant, across all replicas. Decided under a
 * transaction-scoped advisory lock on the tenant; held as a {@code sync_lock} row whose primary key
 * makes two holders impossible; released by a trigger the moment the holder ends. A holder whose
 * heartbeat is older than {@code stale-after} is superseded by the new request.
 */
@ApplicationScoped
public class TenantWriteLock {

    private static final Logger LOG = Logger.getLogger(TenantWriteLock.class);

    private final Jdbc jdbc;
    private final OperationService operations;
    private final OperationRepository repository;
    private final IngestConfig config;

    public TenantWriteLock(
            Jdbc jdbc, OperationService operations, OperationRepository repository, IngestConfig config) {
        this.jdbc = jdbc;
        this.operations = operations;
        this.repository = repository;
        this.config = config;
    }

    /** Submits the operation if the tenant's lock is free (or held by a stuck operation); else throws {@link SyncInProgressException}. */
    @Transactional
    public Submission submit(NewOperation request) {
        String tenant = request.tenantId();
        jdbc.query(
                "SELECT pg_advisory_xact_lock(hashtext('ingest-write-lock'), hashtext(?))",
                s -> s.setString(1, tenant),
                row -> 1);
        if (request.idempotencyKey() != null
                && operations
                        .findByIdempotencyKey(tenant, request.idempotencyKey())
                        .isPresent()) {
            return operations.submit(request); // a replay (or a 422): the lock is the original's business
        }
        holder(tenant).ifPresent(holder -> {
            if (repository.supersede(holder.id, config.staleAfter())) {
                LOG.infof(
                        "operation %s tenant=%s type=%s running -> failed: superseded (heartbeat stale)",
                        holder.id, tenant, holder.type.wire());
            } else if (!holder.isDone()) {
                throw new SyncInProgressException(operations.get(tenant, holder.id));
            }
            release(tenant); // a holder that is done no longer holds it (its trigger normally saw to that)
        });
        Submission submission = operations.submit(request);
        jdbc.update("INSERT INTO sync_lock (tenant_id, holder_operation_id) VALUES (?, ?)", s -> {
            s.setString(1, tenant);
            s.setObject(2, submission.operation().id);
        });
        return submission;
    }

    /** Releases locks whose holder is no longer pending or running; answers how many. */
    public int releaseOrphans() {
        return jdbc.update(
                "DELETE FROM sync_lock l WHERE NOT EXISTS (SELECT 1 FROM operation o"
                        + " WHERE o.id = l.holder_operation_id AND o.status IN ('pending', 'running'))",
                s -> {});
    }

    private java.util.Optional<Operation> holder(String tenant) {
        // the holder exists: deleting an operation deletes its lock (foreign key, on delete cascade)
        return SyncLock.<SyncLock>findByIdOptional(tenant).map(lock -> operations.get(tenant, lock.holderOperationId));
    }

    private void release(String tenant) {
        jdbc.update("DELETE FROM sync_lock WHERE tenant_id = ?", s -> s.setString(1, tenant));
    }
}
