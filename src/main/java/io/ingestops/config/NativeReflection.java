package io.ingestops.config;

import io.ingestops.ingest.BatchIngestInput;
import io.ingestops.ingest.CollectionCatalog;
import io.ingestops.ingest.CollectionInput;
import io.ingestops.ingest.FilesIngestInput;
import io.ingestops.ingest.IngestResult;
import io.ingestops.ingest.SearchService;
import io.ingestops.ingest.TextIngestInput;
import io.ingestops.ingest.UploadStore;
import io.ingestops.operation.OperationStats;
import io.ingestops.sync.SyncInput;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson reads or writes that no resource method names directly (handler inputs stored as
 * JSON, results, nested records), registered so the native image can (de)serialize them.
 */
@RegisterForReflection(
        targets = {
            TextIngestInput.class,
            BatchIngestInput.class,
            FilesIngestInput.class,
            UploadStore.StoredFile.class,
            CollectionInput.class,
            SyncInput.class,
            IngestResult.class,
            IngestResult.Failure.class,
            OperationStats.Snapshot.class,
            OperationStats.Duration.class,
            SearchService.Hit.class,
            CollectionCatalog.CollectionSummary.class,
            CollectionCatalog.DocumentSummary.class,
            io.ingestops.api.ScheduleResource.ScheduleView.class,
            io.ingestops.api.DeliveryResource.DeliveryView.class,
            io.ingestops.api.DeliveryResource.AttemptView.class
        })
public final class NativeReflection {

    private NativeReflection() {}
}
