package io.ingestops.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.ingestops.operation.DescribedInput;
import java.util.List;
import java.util.Map;

/** Input of an {@code ingest_batch} operation: messages are kept as sent and checked one by one when run. */
public record BatchIngestInput(String collection, List<JsonNode> messages, Map<String, Object> metadata)
        implements DescribedInput {

    @Override
    public Map<String, Object> summary() {
        return Map.of("messages", messages == null ? 0 : messages.size());
    }
}
