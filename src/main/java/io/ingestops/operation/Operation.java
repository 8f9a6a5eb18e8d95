package io.ingestops.operation;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * One long-running operation. Read and inserted through Panache; every status change goes through
 * {@link OperationRepository}'s conditional statements, never through a load-modify-save of this
 * entity.
 */
@Entity
@Table(name = "operation")
public class Operation extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Convert(converter = TypeConverter.class)
    public OperationType type;

    @Convert(converter = StatusConverter.class)
    public OperationStatus status;

    public String collection;
    public int priority;

    /** The submitted request as JSON; handlers read their input from it. */
    @ColumnTransformer(write = "?::jsonb")
    public String input;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "retry_of")
    public UUID retryOf;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;

    @Column(name = "started_at", insertable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "completed_at", insertable = false, updatable = false)
    public Instant completedAt;

    @Column(name = "heartbeat_at", insertable = false, updatable = false)
    public Instant heartbeatAt;

    @Column(name = "deadline_at", insertable = false, updatable = false)
    public Instant deadlineAt;

    @Column(name = "timeout_seconds")
    public Integer timeoutSeconds;

    @Column(name = "expected_duration_seconds", insertable = false, updatable = false)
    public Integer expectedDurationSeconds;

    @Column(insertable = false, updatable = false)
    public int attempt;

    @Column(name = "max_attempts")
    public int maxAttempts;

    @Column(name = "claim_token", insertable = false, updatable = false)
    public long claimToken;

    @Column(name = "cancel_requested", insertable = false, updatable = false)
    public boolean cancelRequested;

    @Column(name = "worker_id", insertable = false, updatable = false)
    public String workerId;

    @Column(insertable = false, updatable = false)
    public String stage;

    @Column(insertable = false, updatable = false)
    public Double percentage;

    @Column(name = "total_items")
    public Integer totalItems;

    @Column(name = "processed_items", insertable = false, updatable = false)
    public int processedItems;

    @Column(name = "failed_items", insertable = false, updatable = false)
    public int failedItems;

    @Column(name = "current_item", insertable = false, updatable = false)
    public String currentItem;

    @Column(insertable = false, updatable = false)
    public String result;

    @Column(name = "error_code", insertable = false, updatable = false)
    public String errorCode;

    @Column(name = "error_message", insertable = false, updatable = false)
    public String errorMessage;

    @Column(name = "error_details", insertable = false, updatable = false)
    public String errorDetails;

    /** The token subject of the caller who submitted (or retried) it; null for operations older than V7. */
    @Column(name = "submitted_by", insertable = false, updatable = false)
    public String submittedBy;

    /** The caller's metadata as submitted (JSON), or null. */
    @Column(insertable = false, updatable = false)
    public String metadata;

    /** What the input holds, without its texts or file contents (JSON; {@link DescribedInput}). */
    @Column(name = "input_summary", insertable = false, updatable = false)
    public String inputSummary;

    /** When the submitter asked it to run (null: at once); it stays pending until then. */
    @Column(name = "run_at", insertable = false, updatable = false)
    public Instant runAt;

    /** Where its terminal state is POSTed (a webhook), or null. */
    @Column(name = "callback_url", insertable = false, updatable = false)
    public String callbackUrl;

    /** Number of the operation's last visible change; the {@code id} of its server-sent events. */
    @Column(name = "event_seq", insertable = false, updatable = false)
    public long eventSeq;

    public boolean isDone() {
        return status.isTerminal();
    }
}
