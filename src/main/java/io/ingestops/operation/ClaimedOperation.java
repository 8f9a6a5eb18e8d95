package io.ingestops.operation;

import java.util.UUID;

/**
 * What a worker holds after a claim: enough to run the operation and to fence its writes. The input
 * comes with the claim only when it is small ({@link OperationRepository#CLAIMED_INPUT_BYTES}); a
 * larger one is null here and read when the job starts, so operations claimed ahead never hold
 * large inputs in memory while they wait.
 */
public record ClaimedOperation(
        UUID id,
        OperationType type,
        String tenantId,
        String collection,
        String inputJson,
        long claimToken,
        int attempt,
        long deadlineInMillis) {}
