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

    /**
     * One item (message id, file name, document) that could not be processed, and why; {@code
     * detail} explains a reason that is a code ({@code too_large}: which budget), else absent.
     */
    public record Failure(
            String item,
            String reason,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    String detail) {

        public Failure(String item, String reason) {
            this(item, reason, null);
        }
    }

    public static IngestResult empty() {
        return new IngestResult(0, 0, 0, 0, 0, 0, List.of());
    }
}
