package io.ingestops.ingest;

import java.util.Map;

/** Identity of documents that came as text. */
final class Documents {

    private Documents() {}

    /** Source id of a text that came without one: its content hash, so that the same text is the same document. */
    static String defaultSourceId(String contentHash) {
        return "text:" + contentHash.substring(0, 16);
    }

    static DocumentDraft draft(String sourceId, String contentHash, Map<String, Object> metadata, String text) {
        return new DocumentDraft(sourceId, contentHash, metadata, DocumentText.of(text), null);
    }
}
