package io.ingestops.ingest;

import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * {@code delete_collection}: deletes every document of the collection, in batches of one
 * transaction each; items are documents. A cancel stops between batches: each document is either
 * still there whole or gone.
 */
@ApplicationScoped
public class DeleteCollectionHandler implements OperationHandler {

    static final int BATCH = 100;

    private final DocumentStore documents;
    private final Chunking chunking;
    private final Inputs inputs;

    public DeleteCollectionHandler(DocumentStore documents, Chunking chunking, Inputs inputs) {
        this.documents = documents;
        this.chunking = chunking;
        this.inputs = inputs;
    }

    @Override
    public OperationType type() {
        return OperationType.DELETE_COLLECTION;
    }

    @Override
    public Object run(JobContext context) {
        CollectionInput input = inputs.read(context, CollectionInput.class);
        ResultTally tally = new ResultTally();
        context.setTotalItems(documents.count(context.tenantId(), input.collection()));
        int removed = 0;
        List<UUID> batch;
        do {
            context.progress(IngestTextHandler.STAGE, removed, 0, null);
            batch = documents.ids(context.tenantId(), input.collection(), null, BATCH);
            if (!batch.isEmpty()) {
                context.pause(chunking.itemDelay().multipliedBy(batch.size()));
                int deleted = documents.delete(context, batch);
                tally.removed(deleted);
                removed += deleted;
                context.reportResult(tally.result());
            }
        } while (batch.size() == BATCH);
        context.progress(IngestTextHandler.STAGE, removed, 0, null);
        return tally.result();
    }
}
