package io.ingestops.operation;

/** Progress of a running operation as written to its row. */
public record ProgressSnapshot(
        String stage, double percentage, Integer totalItems, int processedItems, int failedItems, String currentItem) {}
