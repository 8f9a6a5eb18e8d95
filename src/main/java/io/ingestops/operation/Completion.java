package io.ingestops.operation;

import java.util.UUID;

/**
 * A successful finish waiting to be written: the claim that fences it, the result and the final
 * progress. {@code itemDeadlineSeconds} is set when the item count was never written while the job
 * ran (it was shorter than the progress interval): the completion then records the deadline the
 * count implies, as if it had been written.
 */
public record Completion(
        UUID id, long claimToken, String resultJson, ProgressSnapshot progress, Double itemDeadlineSeconds) {

    public Completion(UUID id, long claimToken, String resultJson, ProgressSnapshot progress) {
        this(id, claimToken, resultJson, progress, null);
    }
}
