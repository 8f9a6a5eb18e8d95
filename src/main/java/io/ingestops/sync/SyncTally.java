package io.ingestops.sync;

import io.ingestops.ingest.DocumentStore;
import io.ingestops.ingest.IngestResult;
import io.ingestops.ingest.ResultTally;

/**
 * A sync's counts. Failures while processing files count in {@code failed_items}; problems found
 * while listing the folder (symlinks, unreadable folders) are reported in the result only.
 */
final class SyncTally {

    private final ResultTally tally = new ResultTally();
    private int processingFailures;

    void written(DocumentStore.Outcome outcome, int chunks) {
        tally.written(outcome, chunks);
    }

    void unchanged() {
        tally.written(DocumentStore.Outcome.UNCHANGED, 0);
    }

    void removed(int documents) {
        tally.removed(documents);
    }

    void failed(String item, String reason) {
        tally.failed(item, reason);
    }

    void failedProcessing(String item, String reason) {
        tally.failed(item, reason);
        processingFailures++;
    }

    int processingFailures() {
        return processingFailures;
    }

    IngestResult result() {
        return tally.result();
    }
}
