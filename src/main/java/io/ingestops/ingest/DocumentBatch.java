package io.ingestops.ingest;

import io.ingestops.worker.JobContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Collects documents and writes them in groups, one transaction per group: at most
 * {@code maxDocuments} documents, {@link #MAX_CHUNKS} chunks, or half a second of work. Each group
 * commits whole, so a cancel or crash between groups leaves every document fully old or fully new,
 * and a slow job's progress is durable work.
 */
public final class DocumentBatch {

    static final int MAX_CHUNKS = 2000;
    static final long MAX_NANOS = 500_000_000L;

    private final DocumentStore store;
    private final JobContext job;
    private final int maxDocuments;
    private final BiConsumer<DocumentStore.Outcome, Integer> written;
    private final Supplier<Object> partialResult;
    private final List<DocumentDraft> group = new ArrayList<>();
    private int chunks;
    private long started = System.nanoTime();

    /** {@code written} hears each document's outcome and chunk count; {@code partialResult} is reported after each group. */
    public DocumentBatch(
            DocumentStore store,
            JobContext job,
            int maxDocuments,
            BiConsumer<DocumentStore.Outcome, Integer> written,
            Supplier<Object> partialResult) {
        this.store = store;
        this.job = job;
        this.maxDocuments = maxDocuments;
        this.written = written;
        this.partialResult = partialResult;
    }

    public void add(DocumentDraft draft) {
        group.add(draft);
        chunks += draft.chunks().size();
        flushIfDue();
    }

    /** Writes the group if it is full or old enough; call between items even when nothing was added. */
    public void flushIfDue() {
        if (group.size() >= maxDocuments || chunks >= MAX_CHUNKS || System.nanoTime() - started >= MAX_NANOS) {
            flush();
        }
    }

    public void flush() {
        if (!group.isEmpty()) {
            List<DocumentStore.Outcome> outcomes = store.upsertAll(job, group);
            for (int i = 0; i < group.size(); i++) {
                written.accept(outcomes.get(i), group.get(i).chunks().size());
            }
            group.clear();
            job.reportResult(partialResult.get());
        }
        chunks = 0;
        started = System.nanoTime();
    }
}
