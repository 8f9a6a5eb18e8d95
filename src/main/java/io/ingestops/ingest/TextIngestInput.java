package io.ingestops.ingest;

import java.util.Map;

/** Input of an {@code ingest_text} operation, as stored on the operation. */
public record TextIngestInput(String collection, String text, String sourceId, Map<String, Object> metadata) {}
