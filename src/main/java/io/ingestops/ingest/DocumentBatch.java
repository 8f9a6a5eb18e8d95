package io.ingestops.ingest;

import io.ingestops.worker.JobContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Collects documents and writes them in groups, one transaction per group: at most
 * {@code maxDocuments} documents, {@link #MAX_CHARS} characters of text, or half a second of work.
 * Each group commits whole, so a cancel or crash between groups leaves every document fully old or
 * fully new, and a slow job's progress is durable work. A document larger than a group is written
 * alone. Drafts are closed (their spooled text deleted) once their group is written or dropped.
 */
public final class DocumentBatch implements AutoCloseable {

    static final long MAX_CHARS = 2_000_000;
    static final long MAX_NANOS = 500_000_000L;

    private final DocumentStore store;
    private final JobContext job;
    private final int maxDocuments;
    private final Consumer<DocumentStore.Written> written;
    private final Supplier<Object> partialResult;
    private final List<DocumentDraft> group = new ArrayList<>();
    private long chars;
    private long started = System.nanoTime();

    /** {@code written} hears each document's outcome; {@code partialResult} is reported after each group. */
    public DocumentBatch(
            DocumentStore store,
            JobContext job,
            int maxDocuments,
            Consumer<DocumentStore.Written> written,
            Supplier<Object> partialResult) {
        this.store = store;
        this.job = job;
        this.maxDocuments = maxDocuments;
        this.written = written;
        this.partialResult = partialResult;
    }

    public void add(DocumentDraft draft) {
        group.add(draft);
        chars += draft.text().length();
        flushIfDue();
    }

    /** Writes the group if it is full or old enough; call between items even when nothing was added. */
    public void flushIfDue() {
        if (group.size() >= maxDocuments || chars >= MAX_CHARS || System.nanoTime() - started >= MAX_NANOS) {
            flush();
        }
    }

    public void flush() {
        if (!group.isEmpty()) {
            try {
                store.upsertAll(job, group).forEach(written);
            } finally {
                close();
            }
            job.reportResult(partialResult.get());
        }
        chars = 0;
        started = System.nanoTime();
    }

    /** Frees the drafts not yet written (a stopped job). */
    @Override
    public void close() {
        group.forEach(DocumentDraft::close);
        group.clear();
    }
}
