package io.ingestops.ingest;

import java.util.ArrayList;
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

    public record Failure(String item, String reason) {}

    public static IngestResult empty() {
        return new IngestResult(0, 0, 0, 0, 0, 0, List.of());
    }

    /** Adds one document's outcome. */
    public IngestResult with(DocumentStore.Outcome outcome, int chunks) {
        return new IngestResult(
                documentsAdded + (outcome == DocumentStore.Outcome.ADDED ? 1 : 0),
                documentsUpdated + (outcome == DocumentStore.Outcome.UPDATED ? 1 : 0),
                documentsRemoved,
                documentsUnchanged + (outcome == DocumentStore.Outcome.UNCHANGED ? 1 : 0),
                documentsFailed,
                chunksCreated + (outcome == DocumentStore.Outcome.UNCHANGED ? 0 : chunks),
                failures);
    }

    public IngestResult withFailure(String item, String reason) {
        List<Failure> all = new ArrayList<>(failures);
        all.add(new Failure(item, reason));
        return new IngestResult(
                documentsAdded,
                documentsUpdated,
                documentsRemoved,
                documentsUnchanged,
                documentsFailed + 1,
                chunksCreated,
                List.copyOf(all));
    }
}
