package io.ingestops.ingest;

import io.ingestops.operation.DescribedInput;
import java.util.Map;

/** Input of an {@code ingest_text} operation, as stored on the operation. */
public record TextIngestInput(String collection, String text, String sourceId, Map<String, Object> metadata)
        implements DescribedInput {

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("source_id", sourceId);
        summary.put("characters", text == null ? 0 : text.codePointCount(0, text.length()));
        return summary;
    }
}
