package io.ingestops.ingest;

import io.ingestops.operation.DescribedInput;
import java.util.Map;

/** Input of the collection-wide operations: reindex, remove_source (with a source id), delete_collection. */
public record CollectionInput(String collection, String sourceId) implements DescribedInput {

    /** {@code remove_source} names its document; a collection-wide operation has nothing more to say. */
    @Override
    public Map<String, Object> summary() {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        if (sourceId != null) {
            summary.put("source_id", sourceId);
        }
        return summary;
    }
}
