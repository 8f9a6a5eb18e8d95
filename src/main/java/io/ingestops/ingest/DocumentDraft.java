package io.ingestops.ingest;

import java.time.Instant;
import java.util.Map;

/**
 * A document ready to store: its identity, its text (chunked as it is written), and the file it
 * came from (syncs only). Closing it frees its text.
 */
public record DocumentDraft(
        String sourceId, String contentHash, Map<String, Object> metadata, DocumentText text, SourceFile file)
        implements AutoCloseable {

    /** Where a synced document came from: its sync source folder, and the file's size and modification time. */
    public record SourceFile(String syncSource, long size, Instant modified) {}

    @Override
    public void close() {
        text.close();
    }
}
