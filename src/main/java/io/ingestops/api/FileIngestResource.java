package io.ingestops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.config.IngestConfig;
import io.ingestops.ingest.FileIngestion;
import io.ingestops.ingest.UploadStore;
import io.ingestops.operation.OperationType;
import io.quarkus.security.Authenticated;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * {@code POST /api/v1/ingest/files}: multipart uploads. The HTTP layer streams each part to a
 * temporary file; the files are then streamed into the database with the operation, so that any
 * replica can run it.
 */
@Path("/api/v1/ingest/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ingest")
public class FileIngestResource {

    private final OperationRequests requests;
    private final FileIngestion ingestion;
    private final IngestConfig config;
    private final ObjectMapper json;

    public FileIngestResource(
            OperationRequests requests, FileIngestion ingestion, IngestConfig config, ObjectMapper json) {
        this.requests = requests;
        this.ingestion = ingestion;
        this.config = config;
        this.json = json;
    }

    @POST
    @Operation(summary = "Ingest uploaded files (txt, md, html, pdf)")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(
            @RestForm("collection") String collection,
            @RestForm(FileUpload.ALL) List<FileUpload> parts,
            @RestForm("metadata") String metadataJson,
            @RestForm("priority") String priority,
            @RestForm("timeout_seconds") String timeoutSeconds,
            @RestForm("max_attempts") String maxAttempts,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255) String idempotencyKey,
            @QueryParam("sync") boolean sync) {
        if (collection == null || !collection.matches(Names.COLLECTION)) {
            throw ApiException.invalidArgument("collection", Names.COLLECTION_MESSAGE);
        }
        List<FileUpload> files =
                parts.stream().filter(p -> "file".equals(p.name())).toList();
        if (files.isEmpty()) {
            throw ApiException.invalidArgument("file", "send at least one part named 'file'");
        }
        long limit = config.limits().fileBytes();
        for (FileUpload file : files) {
            if (file.size() > limit) {
                throw ApiException.payloadTooLarge("file '" + file.fileName() + "' is " + file.size()
                        + " bytes; the limit is " + limit + " bytes");
            }
            if (file.fileName() == null || file.fileName().isBlank()) {
                throw ApiException.invalidArgument("file", "every file part needs a filename");
            }
            TextInputs.requireNoNul("file", file.fileName());
        }
        Map<String, Object> metadata = parseMetadata(metadataJson);
        OperationRequests.Options options = new OperationRequests.Options(
                optionalInt("priority", priority, 0, 9),
                optionalInt("timeout_seconds", timeoutSeconds, 1, 604800),
                optionalInt("max_attempts", maxAttempts, 1, 100));
        List<UploadStore.IncomingFile> incoming = files.stream()
                .map(f -> new UploadStore.IncomingFile(f.uploadedFile(), f.fileName(), f.contentType(), f.size()))
                .toList();
        return requests.submit(
                OperationType.INGEST_FILES,
                collection,
                options,
                idempotencyKey,
                sync,
                request -> ingestion.submit(request, metadata, incoming));
    }

    private Map<String, Object> parseMetadata(String metadataJson) {
        if (metadataJson == null || metadataJson.isBlank()) {
            return null;
        }
        try {
            Map<String, Object> metadata = json.readValue(metadataJson, new TypeReference<Map<String, Object>>() {});
            TextInputs.requireNoNul("metadata", (Object) metadata);
            return metadata;
        } catch (JsonProcessingException e) {
            throw ApiException.invalidArgument("metadata", "must be a JSON object");
        }
    }

    private static Integer optionalInt(String name, String value, int min, int max) {
        return value == null || value.isBlank() ? null : QueryParams.intInRange(name, value, 0, min, max);
    }
}
