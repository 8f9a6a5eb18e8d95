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

    void written(DocumentStore.Written written) {
        tally.written(written);
    }

    /**
     * A file whose document is stored with the same content. Written by this very operation (an
     * earlier attempt, before a crash or hand-back), it counts as that write, chunks included: the
     * result describes the whole operation. Otherwise it is unchanged.
     */
    void alreadyStored(DocumentStore.SyncedDocument stored, java.util.UUID operationId) {
        if (operationId.equals(stored.writtenBy()) && stored.writtenAs() != null) {
            tally.written(stored.writtenAs(), stored.chunkCount());
        } else {
            tally.written(DocumentStore.Outcome.UNCHANGED, 0);
        }
    }

    void removed(int documents) {
        tally.removed(documents);
    }

    void failed(String item, String reason) {
        tally.failed(item, reason);
    }

    void failedProcessing(String item, io.ingestops.ingest.extract.UnreadableFileException unreadable) {
        tally.failed(item, unreadable);
        processingFailures++;
    }

    int processingFailures() {
        return processingFailures;
    }

    IngestResult result() {
        return tally.result();
    }
}
