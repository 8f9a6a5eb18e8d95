package io.ingestops.ingest;

import io.ingestops.operation.DescribedInput;
import java.util.Map;

/**
 * Input of the collection-wide operations: reindex, remove_source (one document by source id, or
 * every document a sync source created), delete_collection.
 */
public record CollectionInput(
        String collection,
        String sourceId,
        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                String source)
        implements DescribedInput {

    public CollectionInput(String collection, String sourceId) {
        this(collection, sourceId, null);
    }

    /** {@code remove_source} names its document or its sync source; a collection-wide operation has nothing more to say. */
    @Override
    public Map<String, Object> summary() {
        Map<String, Object> summary = new java.util.LinkedHashMap<>();
        if (sourceId != null) {
            summary.put("source_id", sourceId);
        }
        if (source != null) {
            summary.put("source", source);
        }
        return summary;
    }

    /** Removes a whole sync source: a tenant-wide write, under the tenant lock. */
    public boolean removesSyncSource() {
        return source != null;
    }
}
