package io.ingestops.worker;

import java.time.Duration;
import java.util.UUID;

/** What a running handler may ask of the engine. Every method may throw {@link JobStoppedException}. */
public interface JobContext {

    UUID operationId();

    String tenantId();

    String collection();

    /** The submitted request as JSON. */
    String inputJson();

    int attempt();

    /** Throws {@link JobStoppedException} if the job was cancelled, timed out, lost its claim or must hand back. */
    void checkpoint();

    /** Records the number of items once known; the deadline is recomputed from it. */
    void setTotalItems(int totalItems);

    /** Reports progress; written at most a few times per second, and always when the stage changes. Also a checkpoint. */
    void progress(String stage, int processedItems, int failedItems, String currentItem);

    /** The result so far, stored if the job ends early (cancelled, failed). */
    void reportResult(Object partialResult);

    /**
     * Call as the last statement of the transaction that writes the job's output, just before its
     * commit: locks the operation row ({@code FOR SHARE}) so that a takeover cannot commit between
     * this check and the commit, and throws {@link JobStoppedException} if the claim is no longer
     * this worker's (the caller's transaction then rolls back). Taken last, the lock is held only for
     * the commit: a long transaction never holds up the heartbeats, which lock the same row.
     */
    void holdClaim();

    /** Waits for {@code duration} unless the job is stopped first (then throws). */
    void pause(Duration duration);
}
