package io.ingestops.ingest;

import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * {@code reindex}: re-chunks every document of the collection with the current chunk settings;
 * items are documents. Blue-green per document: its new chunks replace the old ones in one
 * transaction, so search keeps answering from the old set until the new one is committed.
 */
@ApplicationScoped
public class ReindexHandler implements OperationHandler {

    static final int PAGE = 50;

    private final DocumentStore documents;
    private final Chunking chunking;
    private final Inputs inputs;

    public ReindexHandler(DocumentStore documents, Chunking chunking, Inputs inputs) {
        this.documents = documents;
        this.chunking = chunking;
        this.inputs = inputs;
    }

    @Override
    public OperationType type() {
        return OperationType.REINDEX;
    }

    @Override
    public Object run(JobContext context) {
        CollectionInput input = inputs.read(context, CollectionInput.class);
        ResultTally tally = new ResultTally();
        int total = documents.count(context.tenantId(), input.collection());
        context.setTotalItems(total);
        int processed = 0;
        String after = "";
        List<DocumentStore.StoredDocument> page;
        do {
            page = documents.page(context.tenantId(), input.collection(), after, PAGE);
            for (DocumentStore.StoredDocument document : page) {
                if (processed == total) {
                    // an ingest added documents since the count (only syncs and deletes are excluded by the lock)
                    total++;
                    context.setTotalItems(total);
                }
                context.progress(IngestTextHandler.STAGE, processed, tally.failedCount(), document.sourceId());
                context.pause(chunking.itemDelay());
                if (!document.hasText()) {
                    tally.failed(document.sourceId(), "no stored text to re-chunk; ingest the document again");
                } else {
                    // a document written anew since it was listed already has chunks cut with the current settings
                    documents
                            .rechunk(context, document)
                            .ifPresentOrElse(
                                    chunks -> tally.written(DocumentStore.Outcome.UPDATED, chunks),
                                    () -> tally.written(DocumentStore.Outcome.UNCHANGED, 0));
                }
                processed++;
                context.reportResult(tally.result());
                after = document.sourceId();
            }
        } while (page.size() == PAGE);
        context.progress(IngestTextHandler.STAGE, processed, tally.failedCount(), null);
        return tally.result();
    }
}
