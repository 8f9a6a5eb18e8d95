package io.ingestops.ingest;

import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code ingest_text}: chunk one text and store it as one document; items are chunks. */
@ApplicationScoped
public class IngestTextHandler implements OperationHandler {

    static final String STAGE = "processing";

    private final DocumentStore documents;
    private final Chunking chunking;
    private final Inputs inputs;

    public IngestTextHandler(DocumentStore documents, Chunking chunking, Inputs inputs) {
        this.documents = documents;
        this.chunking = chunking;
        this.inputs = inputs;
    }

    @Override
    public OperationType type() {
        return OperationType.INGEST_TEXT;
    }

    @Override
    public Object run(JobContext context) {
        TextIngestInput input = inputs.read(context, TextIngestInput.class);
        String hash = ContentHash.sha256(input.text());
        String sourceId = input.sourceId() != null ? input.sourceId() : Documents.defaultSourceId(hash);
        int chunks = chunking.chunker().split(input.text()).size(); // items: known before anything is written
        context.setTotalItems(chunks);
        for (int i = 0; i < chunks; i++) {
            context.pause(chunking.itemDelay());
            context.progress(STAGE, i + 1, 0, "chunk " + (i + 1));
        }
        ResultTally tally = new ResultTally();
        tally.written(documents.upsert(context, Documents.draft(sourceId, hash, input.metadata(), input.text())));
        return tally.result();
    }
}
