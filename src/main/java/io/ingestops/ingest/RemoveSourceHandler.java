package io.ingestops.ingest;

import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** {@code remove_source}: deletes one document (by source id) and its chunks; one item. */
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
}
