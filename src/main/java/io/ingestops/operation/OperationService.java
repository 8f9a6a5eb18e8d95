package io.ingestops.operation;

import io.ingestops.db.Jdbc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Submitting, reading, cancelling and retrying operations on behalf of a tenant. */
@ApplicationScoped
public class OperationService {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OperationService.class);

    private final Jdbc jdbc;
    private final OperationRepository repository;
    private final OperationReads reads;
    private final Map<OperationType, SubmissionGuard> guards = new EnumMap<>(OperationType.class);

    public OperationService(
            Jdbc jdbc, OperationRepository repository, OperationReads reads, Instance<SubmissionGuard> guards) {
        this.jdbc = jdbc;
        this.repository = repository;
        this.reads = reads;
        for (SubmissionGuard guard : guards) {
            for (OperationType type : guard.types()) {
                if (this.guards.put(type, guard) != null) {
                    throw new IllegalStateException("two submission guards for " + type.wire());
                }
            }
        }
    }

    /**
     * Stores a pending operation and wakes the dispatchers: the only way an operation is created.
     * A type with a {@link SubmissionGuard} (the tenant lock) is admitted by it in one transaction
     * with the insert; any other is one statement (insert, NOTIFY and the row back), in the caller's
     * transaction if there is one. With an idempotency key, the same key and request from the same
     * tenant returns the original operation; a different request is refused.
     */
    public Submission submit(NewOperation request) {
        return submit(request, null);
    }

    public Submission submit(NewOperation request, UUID retryOf) {
        SubmissionGuard guard = guards.get(request.type());
        String requestHash = hash(request);
        if (guard == null || !guard.applies(request)) {
            return insertOrReplay(request, requestHash, retryOf);
        }
        return QuarkusTransaction.joiningExisting().call(() -> {
            guard.serialize(request);
            if (request.idempotencyKey() != null) {
                Optional<Submission> replay = replay(request, requestHash);
                if (replay.isPresent()) {
                    return replay.get(); // the lock, if any, is the original's business
                }
            }
            guard.admit(request);
            Submission submission = insertOrReplay(request, requestHash, retryOf);
            if (!submission.replayed()) {
                guard.admitted(submission.operation());
            }
            return submission;
        });
    }

    /** Inserts the operation and NOTIFYs the dispatchers in one statement; a key already used answers its original. */
    private Submission insertOrReplay(NewOperation request, String requestHash, UUID retryOf) {
        List<Operation> inserted = jdbc.query(
                "WITH inserted AS (INSERT INTO operation (id, tenant_id, type, status, collection, priority, input,"
                        + " idempotency_key, request_hash, retry_of, timeout_seconds, max_attempts, total_items,"
                        + " submitted_by, metadata, input_summary, run_at, not_before, callback_url)"
                        + " VALUES (?, ?, ?, 'pending', ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,"
                        + " ?, greatest(?, now()), ?)"
                        + " ON CONFLICT (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING"
                        + " RETURNING " + OperationReads.COLUMNS + ")"
                        + " SELECT inserted.*, pg_notify('" + OperationRepository.WORK_CHANNEL + "', '') FROM inserted",
                s -> {
                    s.setObject(1, UUID.randomUUID());
                    s.setString(2, request.tenantId());
                    s.setString(3, request.type().wire());
                    s.setString(4, request.collection());
                    s.setInt(5, request.priority());
                    s.setString(6, request.inputJson());
                    s.setString(7, request.idempotencyKey());
                    s.setString(8, requestHash);
                    s.setObject(9, retryOf);
                    s.setObject(10, request.timeoutSeconds(), java.sql.Types.INTEGER);
                    s.setInt(11, request.maxAttempts());
                    s.setObject(12, request.totalItems(), java.sql.Types.INTEGER);
                    s.setString(13, request.submittedBy());
                    s.setString(14, request.metadataJson());
                    s.setString(15, request.inputSummaryJson());
                    java.time.OffsetDateTime runAt =
                            request.runAt() == null ? null : request.runAt().atOffset(java.time.ZoneOffset.UTC);
                    s.setObject(16, runAt, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                    s.setObject(17, runAt, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
                    s.setString(18, request.callbackUrl());
                },
                OperationReads::operation);
        if (!inserted.isEmpty()) {
            return new Submission(inserted.get(0), false);
        }
        // the key was used: by an earlier request, or by a concurrent one that won the insert
        return replay(request, requestHash).orElseThrow(() -> keyReused(request));
    }

    /** The original operation of an Idempotency-Key, if the key was used; 422 if with a different request. */
    private Optional<Submission> replay(NewOperation request, String requestHash) {
        Optional<Operation> original = QuarkusTransaction.joiningExisting()
                .call(() -> findByIdempotencyKey(request.tenantId(), request.idempotencyKey()));
        if (original.isPresent() && !requestHash.equals(original.get().requestHash)) {
            throw keyReused(request);
        }
        return original.map(op -> new Submission(op, true));
    }

    private static OperationException keyReused(NewOperation request) {
        return new OperationException(
                OperationException.Reason.IDEMPOTENCY_KEY_REUSED,
                "Idempotency-Key '" + request.idempotencyKey() + "' was already used with a different request");
    }

    /** The tenant's operation as the API shows it (a plain read; not the stored input). */
    public Optional<Operation> find(String tenantId, UUID id) {
        return reads.find(tenantId, id);
    }

    @Transactional
    public Optional<Operation> findByIdempotencyKey(String tenantId, String idempotencyKey) {
        return Operation.<Operation>find(
                        "tenantId = :tenant and idempotencyKey = :key",
                        Parameters.with("tenant", tenantId).and("key", idempotencyKey))
                .firstResultOptional();
    }

    /** The tenant's pending and running operations, oldest first. */
    @Transactional
    public List<Operation> active(String tenantId) {
        return Operation.<Operation>find(
                        "tenantId = :tenant and status in :active order by createdAt, id",
                        Parameters.with("tenant", tenantId)
                                .and("active", List.of(OperationStatus.PENDING, OperationStatus.RUNNING)))
                .list();
    }

    public Operation get(String tenantId, UUID id) {
        return find(tenantId, id).orElseThrow(() -> notFound(id));
    }

    /** Newest first, ordered by (created_at, id) descending; fetches one extra row to know if a next page exists. */
    @Transactional
    public List<Operation> list(String tenantId, OperationFilter filter) {
        StringBuilder query = new StringBuilder("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        if (!filter.statuses().isEmpty()) {
            query.append(" and status in :statuses");
            params.and("statuses", new ArrayList<>(filter.statuses()));
        }
        if (!filter.types().isEmpty()) {
            query.append(" and type in :types");
            params.and("types", new ArrayList<>(filter.types()));
        }
        if (filter.collection() != null) {
            query.append(" and collection = :collection");
            params.and("collection", filter.collection());
        }
        if (filter.afterCreatedAt() != null) {
            // a row comparison is an index condition on operation_tenant_list_idx; an OR would be a filter
            query.append(" and (createdAt, id) < (:createdAt, :id)");
            params.and("createdAt", filter.afterCreatedAt()).and("id", filter.afterId());
        }
        query.append(" order by createdAt desc, id desc");
        return Operation.<Operation>find(query.toString(), params)
                .page(0, filter.limit() + 1)
                .list();
    }

    /**
     * Pending: cancelled at once. Running: asked to stop at its next checkpoint (once: a repeated
     * request changes nothing and records nothing). Done: refused. {@code actor} is who asks.
     */
    public Operation cancel(String tenantId, UUID id, Actor actor) {
        Operation current = get(tenantId, id);
        if (current.status == OperationStatus.PENDING && repository.cancelPending(id, tenantId, actor)) {
            logCancelled(current);
            return get(tenantId, id);
        }
        if (repository.requestCancel(id, tenantId, actor)) {
            return get(tenantId, id);
        }
        Operation now = get(tenantId, id);
        if (now.status == OperationStatus.PENDING && repository.cancelPending(id, tenantId, actor)) {
            logCancelled(now);
            return get(tenantId, id); // it was handed back or retried between our reads
        }
        if (now.status.isTerminal()) {
            throw new OperationException(
                    OperationException.Reason.NOT_CANCELLABLE, "operation " + id + " is already " + now.status.wire());
        }
        if (now.status == OperationStatus.RUNNING && now.cancelRequested) {
            return now; // asked before
        }
        return cancel(tenantId, id, actor);
    }

    /**
     * A new operation with the same input as a failed or cancelled one, through the same admission as a
     * new submission; submitted by {@code submittedBy}, the caller who retries it.
     */
    @Transactional
    public Submission retry(String tenantId, UUID id, String submittedBy) {
        Operation original = Operation.<Operation>findByIdOptional(id)
                .filter(op -> op.tenantId.equals(tenantId))
                .orElseThrow(() -> notFound(id));
        if (original.status != OperationStatus.FAILED && original.status != OperationStatus.CANCELLED) {
            throw new OperationException(
                    OperationException.Reason.NOT_RETRYABLE,
                    "only failed or cancelled operations can be retried; " + id + " is " + original.status.wire());
        }
        NewOperation again = new NewOperation(
                        tenantId,
                        original.type,
                        original.collection,
                        original.priority,
                        original.maxAttempts,
                        original.timeoutSeconds,
                        null, // a retry runs now
                        original.callbackUrl, // and tells the same receiver
                        null,
                        submittedBy)
                .withInput(original.input, null, original.metadata, original.inputSummary);
        return submit(again, original.id);
    }

    private static void logCancelled(Operation op) {
        LOG.infof(
                "operation %s tenant=%s type=%s pending -> cancelled attempt=%d worker=-",
                op.id, op.tenantId, op.type.wire(), op.attempt);
    }

    public static OperationException notFound(UUID id) {
        return new OperationException(OperationException.Reason.NOT_FOUND, "no operation " + id);
    }

    private static String hash(NewOperation request) {
        String canonical = String.join(
                "\u0000",
                request.type().wire(),
                request.collection(),
                Integer.toString(request.priority()),
                Integer.toString(request.maxAttempts()),
                String.valueOf(request.timeoutSeconds()),
                request.requestFingerprint() != null ? request.requestFingerprint() : request.inputJson());
        if (request.callbackUrl() != null) {
            canonical += "\u0000callback_url=" + request.callbackUrl();
        }
        if (request.runAt() != null) {
            canonical += "\u0000run_at=" + request.runAt(); // appended only when set: older keys keep their hash
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
