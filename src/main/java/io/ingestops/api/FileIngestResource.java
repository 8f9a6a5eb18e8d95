package io.ingestops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.api.input.InvalidInputException;
import io.ingestops.api.input.TextPolicy;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

/**
 * {@code POST /api/v1/ingest/files}: multipart uploads. The HTTP layer streams each part to a
 * temporary file; the files are then streamed into the database with the operation, so that any
 * replica can run it. Every part is checked at the boundary: known names only, each non-file field
 * once, names, values and file names through the input policy.
 */
@Path("/api/v1/ingest/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ingest")
public class FileIngestResource {

    static final String FILE = "file";

    /** The form's parts, for the API documentation: one or more {@code file} parts beside the fields. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "UploadForm")
    public record UploadForm(
            @org.eclipse.microprofile.openapi.annotations.media.Schema(required = true) String collection,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            required = true,
                            type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY,
                            implementation = byte[].class,
                            description = "one part per file, each with a filename")
                    List<byte[]> file,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "a JSON object") String metadata,
            Integer priority,
            Integer timeoutSeconds,
            Integer maxAttempts,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(description = "RFC 3339") String runAt,
            String callbackUrl) {}

    static final Set<String> FIELDS =
            Set.of("collection", "metadata", "priority", "timeout_seconds", "max_attempts", "run_at", "callback_url");

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
    @Operation(operationId = "ingestFiles", summary = "Ingest uploaded files (txt, md, html, pdf)")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @org.eclipse.microprofile.openapi.annotations.parameters.RequestBody(
            required = true,
            content =
                    @org.eclipse.microprofile.openapi.annotations.media.Content(
                            mediaType = MediaType.MULTIPART_FORM_DATA,
                            schema =
                                    @org.eclipse.microprofile.openapi.annotations.media.Schema(
                                            implementation = UploadForm.class)))
    public Response upload(
            MultipartFormDataInput form,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255) String idempotencyKey,
            @QueryParam("sync") boolean sync) {
        Map<String, String> fields = new java.util.HashMap<>();
        List<FormValue> files = new ArrayList<>();
        for (Map.Entry<String, Collection<FormValue>> part : form.getValues().entrySet()) {
            String name = part.getKey();
            refuseBad("part name", name);
            if (FILE.equals(name)) {
                files.addAll(part.getValue());
            } else if (!FIELDS.contains(name)) {
                throw ApiException.invalidArgument(name, "unknown field");
            } else if (part.getValue().size() != 1
                    || part.getValue().iterator().next().isFileItem()) {
                throw ApiException.invalidArgument(name, "send it once, as a plain form field");
            } else {
                String value = part.getValue().iterator().next().getValue();
                refuseBad(name, value);
                fields.put(name, value);
            }
        }
        String collection = fields.get("collection");
        if (collection == null || !collection.matches(Names.COLLECTION)) {
            throw ApiException.invalidArgument("collection", Names.COLLECTION_MESSAGE);
        }
        if (files.isEmpty()) {
            throw ApiException.invalidArgument(FILE, "send at least one part named 'file'");
        }
        List<UploadStore.IncomingFile> incoming = new ArrayList<>();
        for (FormValue file : files) {
            incoming.add(incoming(file));
        }
        Map<String, Object> metadata = parseMetadata(fields.get("metadata"));
        OperationRequests.Options options = new OperationRequests.Options(
                optionalInt("priority", fields.get("priority"), 0, 9),
                optionalInt("timeout_seconds", fields.get("timeout_seconds"), 1, 604800),
                optionalInt("max_attempts", fields.get("max_attempts"), 1, 100),
                fields.get("run_at"),
                fields.get("callback_url"));
        return requests.submit(
                OperationType.INGEST_FILES,
                collection,
                options,
                idempotencyKey,
                sync,
                request -> ingestion.submit(request, metadata, incoming));
    }

    private UploadStore.IncomingFile incoming(FormValue file) {
        String filename = file.getFileName();
        if (!file.isFileItem() || filename == null || filename.isBlank()) {
            throw ApiException.invalidArgument(FILE, "every file part needs a filename");
        }
        refuseBad("file", filename);
        if (filename.length() > Names.SOURCE_ID_MAX) {
            throw ApiException.invalidArgument(
                    FILE, "a file name is longer than " + Names.SOURCE_ID_MAX + " characters");
        }
        long size;
        try {
            size = file.getFileItem().getFileSize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long limit = config.limits().fileBytes();
        if (size > limit) {
            throw ApiException.payloadTooLarge(
                    "file '" + filename + "' is " + size + " bytes; the limit is " + limit + " bytes");
        }
        String contentType =
                file.getHeaders() == null ? null : file.getHeaders().getFirst("Content-Type");
        return new UploadStore.IncomingFile(() -> file.getFileItem().getInputStream(), filename, contentType, size);
    }

    private Map<String, Object> parseMetadata(String metadataJson) {
        if (metadataJson == null || metadataJson.isBlank()) {
            return null;
        }
        try {
            return json.readValue(metadataJson, new TypeReference<Map<String, Object>>() {});
        } catch (JsonProcessingException e) {
            InvalidInputException refused = InvalidInputException.in(e).orElse(null);
            if (refused != null) {
                throw ApiException.invalidArgument("metadata." + refused.field(), refused.reason());
            }
            throw ApiException.invalidArgument("metadata", "must be a JSON object");
        }
    }

    private static void refuseBad(String field, String value) {
        String problem = TextPolicy.problem(value);
        if (problem != null) {
            throw ApiException.invalidArgument(field, problem);
        }
    }

    private static Integer optionalInt(String name, String value, int min, int max) {
        return value == null || value.isBlank() ? null : QueryParams.intInRange(name, value, 0, min, max);
    }
}
