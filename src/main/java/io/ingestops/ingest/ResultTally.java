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
        failed++;
        failures.add(new IngestResult.Failure(item, reason));
    }

    public int failedCount() {
        return failed;
    }

    public IngestResult result() {
        return new IngestResult(added, updated, removed, unchanged, failed, chunks, List.copyOf(failures));
    }
}
