package io.ingestops.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.config.IngestConfig;
import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.JobFailedException;
import io.ingestops.worker.OperationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** {@code ingest_text}: chunk one text and store it as one document; items are chunks. */
@ApplicationScoped
public class IngestTextHandler implements OperationHandler {

    static final String STAGE = "processing";

    private final DocumentStore documents;
    private final ObjectMapper json;
    private final IngestConfig config;

    public IngestTextHandler(DocumentStore documents, ObjectMapper json, IngestConfig config) {
        this.documents = documents;
        this.json = json;
        this.config = config;
    }

    @Override
    public OperationType type() {
        return OperationType.INGEST_TEXT;
    }

    @Override
    public Object run(JobContext context) {
        TextIngestInput input = parse(context.inputJson());
        List<String> chunks =
                new TextChunker(config.chunk().size(), config.chunk().overlap()).split(input.text());
        context.setTotalItems(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            context.pause(config.simulate().itemDelay());
            context.progress(STAGE, i + 1, 0, "chunk " + (i + 1));
        }
        String hash = ContentHash.sha256(input.text());
        String sourceId = input.sourceId() != null ? input.sourceId() : "text:" + hash.substring(0, 16);
        DocumentStore.Outcome outcome = documents.upsert(context, sourceId, hash, input.metadata(), chunks);
        return IngestResult.empty().with(outcome, chunks.size());
    }

    private TextIngestInput parse(String inputJson) {
        try {
            return json.readValue(inputJson, TextIngestInput.class);
        } catch (JsonProcessingException e) {
            throw new JobFailedException("invalid_input", "the stored input of this operation cannot be read");
        }
    }
}
