package io.ingestops.ingest;

import java.util.List;
import java.util.Map;

/** A document ready to store: its identity, its text and the chunks cut from it. */
record DocumentDraft(
        String sourceId, String contentHash, Map<String, Object> metadata, String content, List<String> chunks) {}
