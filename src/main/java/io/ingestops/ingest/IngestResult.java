package io.ingestops.ingest;

import java.util.List;

/** Counts of an ingestion operation (DESIGN §3 "result"); every key is always present. */
public record IngestResult(
        int documentsAdded,
        int documentsUpdated,
        int documentsRemoved,
        int documentsUnchanged,
        int documentsFailed,
        int chunksCreated,
        List<Failure> failures) {

    /** One item (message id, file name, document) that could not be processed, and why. */
    public record Failure(String item, String reason) {}

    public static IngestResult empty() {
        return new IngestResult(0, 0, 0, 0, 0, 0, List.of());
    }
}
