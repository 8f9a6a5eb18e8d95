package io.ingestops.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.config.IngestConfig;
import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ingest_batch}: each message becomes a document; items are messages. A message that cannot
 * be ingested is a per-item failure. Documents are written in groups, one transaction per group, so
 * a cancel between groups leaves every document either fully written or not at all.
 */
@ApplicationScoped
public class IngestBatchHandler implements OperationHandler {

    static final int GROUP_MESSAGES = 200;

    /** Longest message id: the same bound as any other source id. */
    static final int SOURCE_ID_MAX = 512;

    /** What the submission stores for a message the input policy refused (see the API's BatchMessage). */
    static final String REJECTED = "rejected";

    private final DocumentStore documents;
    private final Chunking chunking;
    private final Inputs inputs;
    private final ObjectMapper json;
    private final IngestConfig config;

    public IngestBatchHandler(
            DocumentStore documents, Chunking chunking, Inputs inputs, ObjectMapper json, IngestConfig config) {
        this.documents = documents;
        this.chunking = chunking;
        this.inputs = inputs;
        this.json = json;
        this.config = config;
    }

    @Override
    public OperationType type() {
        return OperationType.INGEST_BATCH;
    }

    @Override
    public Object run(JobContext context) {
        BatchIngestInput input = inputs.read(context, BatchIngestInput.class);
        List<JsonNode> messages = input.messages();
        ResultTally tally = new ResultTally();
        context.setTotalItems(messages.size());
        DocumentBatch batch = new DocumentBatch(documents, context, GROUP_MESSAGES, tally::written, tally::result);
        for (int i = 0; i < messages.size(); i++) {
            context.pause(chunking.itemDelay());
            JsonNode message = messages.get(i);
            String item = itemName(message, i);
            try {
                batch.add(draft(message, input.metadata()));
            } catch (InvalidMessage invalid) {
                tally.failed(item, invalid.getMessage());
                batch.flushIfDue();
            }
            context.progress(IngestTextHandler.STAGE, i + 1, tally.failedCount(), item);
        }
        batch.flush();
        return tally.result();
    }

    private DocumentDraft draft(JsonNode message, Map<String, Object> batchMetadata) {
        if (!message.isObject()) {
            throw new InvalidMessage("a message must be a JSON object");
        }
        if (message.has(REJECTED)) {
            throw new InvalidMessage(message.get(REJECTED).asText()); // refused by the input policy at submission
        }
        JsonNode textNode = message.get("text");
        if (textNode == null || textNode.isNull()) {
            throw new InvalidMessage("text is missing");
        }
        if (!textNode.isTextual()) {
            throw new InvalidMessage("text must be a string");
        }
        String text = textNode.asText();
        if (text.isBlank()) {
            throw new InvalidMessage("text is empty");
        }
        long bytes = Utf8.length(text);
        if (bytes > config.limits().textBytes()) {
            throw new InvalidMessage("text is " + bytes + " bytes; the limit is "
                    + config.limits().textBytes() + " bytes");
        }
        JsonNode metadataNode = message.get("metadata");
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (batchMetadata != null) {
            metadata.putAll(batchMetadata);
        }
        if (metadataNode != null && !metadataNode.isNull()) {
            if (!metadataNode.isObject()) {
                throw new InvalidMessage("metadata must be a JSON object");
            }
            metadata.putAll(json.convertValue(metadataNode, new TypeReference<Map<String, Object>>() {}));
        }
        JsonNode id = message.get("id");
        if (id != null && !id.isNull() && !id.isTextual() && !id.isIntegralNumber()) {
            throw new InvalidMessage("id must be a string or an integer");
        }
        if (id != null && id.asText().length() > SOURCE_ID_MAX) {
            throw new InvalidMessage("id is longer than " + SOURCE_ID_MAX + " characters");
        }
        String hash = ContentHash.sha256(text);
        String sourceId =
                id == null || id.isNull() || id.asText().isEmpty() ? Documents.defaultSourceId(hash) : id.asText();
        return Documents.draft(sourceId, hash, metadata.isEmpty() ? null : metadata, text);
    }

    private static String itemName(JsonNode message, int index) {
        JsonNode id = message.isObject() ? message.get("id") : null;
        return id != null
                        && (id.isTextual() || id.isIntegralNumber())
                        && !id.asText().isEmpty()
                ? id.asText()
                : "messages[" + index + "]";
    }

    /** A message that cannot be ingested; the reason is shown to the client. */
    private static final class InvalidMessage extends RuntimeException {
        InvalidMessage(String reason) {
            super(reason, null, false, false);
        }
    }
}
