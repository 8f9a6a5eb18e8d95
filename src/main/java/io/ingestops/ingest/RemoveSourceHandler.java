package io.ingestops.ingest;

import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/**
 * {@code remove_source}: deletes one document (by source id) and its chunks, one item; or every
 * document a sync source created, in batches of {@link #BATCH} (each its own transaction, fenced,
 * so a stop or takeover leaves the rest for the next attempt), one item per document.
 */
@ApplicationScoped
public class RemoveSourceHandler implements OperationHandler {

    private final DocumentStore documents;
    private final Inputs inputs;

    public RemoveSourceHandler(DocumentStore documents, Inputs inputs) {
        this.documents = documents;
        this.inputs = inputs;
    }

    @Override
    public OperationType type() {
        return OperationType.REMOVE_SOURCE;
    }

    @Override
    public Object run(JobContext context) {
        CollectionInput input = inputs.read(context, CollectionInput.class);
        if (input.removesSyncSource()) {
            return removeSyncSource(context, input);
        }
        ResultTally tally = new ResultTally();
        context.setTotalItems(1);
        context.progress(IngestTextHandler.STAGE, 0, 0, input.sourceId());
        List<UUID> ids = documents.ids(context.tenantId(), input.collection(), input.sourceId(), 1);
        if (ids.isEmpty()) {
            tally.failed(input.sourceId(), "no such source in the collection");
        } else {
            tally.removed(documents.delete(context, ids));
        }
        context.progress(IngestTextHandler.STAGE, 1, tally.failedCount(), null);
        return tally.result();
    }

    static final int BATCH = 500;

    private Object removeSyncSource(JobContext context, CollectionInput input) {
        ResultTally tally = new ResultTally();
        String tenant = context.tenantId();
        int total = documents.countSynced(tenant, input.collection(), input.source());
        context.setTotalItems(total);
        context.progress(IngestTextHandler.STAGE, 0, 0, input.source());
        int removed = 0;
        // bounded: each round removes what it read, so a source cannot keep the loop going forever
        for (int round = 0; round <= total / BATCH + 1; round++) {
            List<UUID> ids = documents.syncedIds(tenant, input.collection(), input.source(), BATCH);
            if (ids.isEmpty()) {
                break;
            }
            int deleted = documents.delete(context, ids);
            tally.removed(deleted);
            removed += deleted;
            context.progress(IngestTextHandler.STAGE, Math.min(removed, total), 0, input.source());
        }
        return tally.result();
    }
}
