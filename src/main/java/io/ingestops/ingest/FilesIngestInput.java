package io.ingestops.ingest;

import io.ingestops.operation.DescribedInput;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Input of an {@code ingest_files} operation: the stored upload set and what each file is. */
public record FilesIngestInput(
        String collection, UUID uploadSet, Map<String, Object> metadata, List<UploadStore.StoredFile> files)
        implements DescribedInput {

    /** The file names as uploaded, in order; never their contents. */
    @Override
    public Map<String, Object> summary() {
        return Map.of(
                "files",
                files == null
                        ? List.of()
                        : files.stream().map(UploadStore.StoredFile::filename).toList());
    }
}
