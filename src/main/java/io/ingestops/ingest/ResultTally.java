package io.ingestops.ingest;

import java.util.ArrayList;
import java.util.List;

/** Accumulates a handler's counts as it goes; {@link #result()} is what the operation reports. */
public final class ResultTally {

    private int added;
    private int updated;
    private int removed;
    private int unchanged;
    private int failed;
    private int chunks;
    private final List<IngestResult.Failure> failures = new ArrayList<>();

    public void written(DocumentStore.Written written) {
        written(written.outcome(), written.chunks());
    }

    public void written(DocumentStore.Outcome outcome, int chunkCount) {
        switch (outcome) {
            case ADDED -> added++;
            case UPDATED -> updated++;
            case UNCHANGED -> unchanged++;
        }
        if (outcome != DocumentStore.Outcome.UNCHANGED) {
            chunks += chunkCount;
        }
    }

    public void removed(int documents) {
        removed += documents;
    }

    public void failed(String item, String reason) {
        failed(item, reason, null);
    }

    public void failed(String item, String reason, String detail) {
        failed++;
        failures.add(new IngestResult.Failure(item, reason, detail));
    }

    /** A file that could not be read or was over a budget. */
    public void failed(String item, io.ingestops.ingest.extract.UnreadableFileException unreadable) {
        failed(item, unreadable.getMessage(), unreadable.detail());
    }

    public int failedCount() {
        return failed;
    }

    public IngestResult result() {
        return new IngestResult(added, updated, removed, unchanged, failed, chunks, List.copyOf(failures));
    }
}
