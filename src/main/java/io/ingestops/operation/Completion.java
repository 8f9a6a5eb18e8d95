package io.ingestops.operation;

import java.util.UUID;

/** A successful finish waiting to be written: the claim that fences it, the result and the final progress. */
public record Completion(UUID id, long claimToken, String resultJson, ProgressSnapshot progress) {}
