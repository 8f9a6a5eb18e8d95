package io.ingestops.sync;

import io.ingestops.operation.DescribedInput;
import java.util.Map;

/** Input of a {@code sync} operation: the collection and the source folder, relative to the sync root. */
public record SyncInput(String collection, String source) implements DescribedInput {

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        summary.put("source", source);
        return summary;
    }
}
