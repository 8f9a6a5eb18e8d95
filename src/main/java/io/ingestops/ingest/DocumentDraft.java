package io.ingestops.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A document ready to store: its identity, its text, the chunks cut from it, and the file it came from (syncs only). */
public record DocumentDraft(
        String sourceId,
        String contentHash,
        Map<String, Object> metadata,
        String content,
        List<String> chunks,
        SourceFile file) {

    /** Where a synced document came from: its sync source folder, and the file's size and modification time. */
    public record SourceFile(String syncSource, long size, Instant modified) {}

    public DocumentDraft(
            String sourceId, String contentHash, Map<String, Object> metadata, String content, List<String> chunks) {
        this(sourceId, contentHash, metadata, content, chunks, null);
    }
}
