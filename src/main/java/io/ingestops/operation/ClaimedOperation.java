package io.ingestops.operation;

import java.util.UUID;

/** What a worker holds after a claim: enough to run the operation and to fence its writes. */
public record ClaimedOperation(
        UUID id,
        OperationType type,
        String tenantId,
        String collection,
        String inputJson,
        long claimToken,
        int attempt,
        long deadlineInMillis) {}
