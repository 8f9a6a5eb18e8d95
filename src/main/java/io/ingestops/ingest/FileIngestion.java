package io.ingestops.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.operation.NewOperation;
import io.ingestops.operation.OperationService;
import io.ingestops.operation.Submission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Submits an {@code ingest_files} operation: its files are stored in the same transaction as the operation. */
@ApplicationScoped
public class FileIngestion {

    /** What identifies the request for Idempotency-Key: the files' names and contents, not where they were stored. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    record Fingerprint(String collection, Map<String, Object> metadata, List<String> files) {}

    private final UploadStore uploads;
    private final OperationService operations;
    private final ObjectMapper json;

    public FileIngestion(UploadStore uploads, OperationService operations, ObjectMapper json) {
        this.uploads = uploads;
        this.operations = operations;
        this.json = json;
    }

    /** {@code request} carries everything but the input, which is built here from the stored files. */
    @Transactional
    public Submission submit(NewOperation request, Map<String, Object> metadata, List<UploadStore.IncomingFile> files) {
        UUID setId = UUID.randomUUID();
        List<UploadStore.StoredFile> stored = uploads.store(setId, files);
        FilesIngestInput input = new FilesIngestInput(request.collection(), setId, metadata, stored);
        Fingerprint fingerprint = new Fingerprint(
                request.collection(),
                metadata,
                stored.stream().map(f -> f.filename() + ":" + f.sha256()).toList());
        Submission submission = operations.submit(request.withInput(
                toJson(input),
                toJson(fingerprint),
                metadata == null ? null : toJson(metadata),
                toJson(input.summary())));
        if (submission.replayed()) {
            uploads.deleteSet(setId); // the original operation has its own copy
        }
        return submission;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize the operation input", e);
        }
    }
}
