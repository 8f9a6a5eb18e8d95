package io.ingestops.ingest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Input of an {@code ingest_files} operation: the stored upload set and what each file is. */
public record FilesIngestInput(
        String collection, UUID uploadSet, Map<String, Object> metadata, List<UploadStore.StoredFile> files) {}
