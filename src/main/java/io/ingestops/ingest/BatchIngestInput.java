package io.ingestops.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** Input of an {@code ingest_batch} operation: messages are kept as sent and checked one by one when run. */
public record BatchIngestInput(String collection, List<JsonNode> messages, Map<String, Object> metadata) {}
