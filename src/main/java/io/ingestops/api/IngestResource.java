package io.ingestops.api;

import io.ingestops.config.IngestConfig;
import io.ingestops.ingest.BatchIngestInput;
import io.ingestops.ingest.TextIngestInput;
import io.ingestops.ingest.Utf8;
import io.ingestops.operation.OperationType;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Submitting text and message batches. Every call answers 202 with the new operation at once. */
@Path("/api/v1/ingest")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ingest")
public class IngestResource {

    private final OperationRequests requests;
    private final IngestConfig config;

    public IngestResource(OperationRequests requests, IngestConfig config) {
        this.requests = requests;
        this.config = config;
    }

    @POST
    @Operation(operationId = "ingestText", summary = "Ingest one text (202 + operation; ?sync=true waits for it)")
    @Path("/text")
    public Response text(
            @Valid @NotNull IngestTextRequest body,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255) String idempotencyKey,
            @QueryParam("sync") boolean sync) {
        long bytes = Utf8.length(body.text());
        if (bytes > config.limits().textBytes()) {
            throw ApiException.payloadTooLarge("text is " + bytes + " bytes; the limit is "
                    + config.limits().textBytes() + " bytes");
        }
        TextIngestInput input = new TextIngestInput(body.collection(), body.text(), body.sourceId(), body.metadata());
        return requests.submit(
                OperationType.INGEST_TEXT, body.collection(), input, body.options(), idempotencyKey, sync);
    }

    @POST
    @Operation(
            operationId = "ingestBatch",
            summary = "Ingest a batch of messages, one document each; bad messages are per-item failures")
    @Path("/batch")
    public Response batch(
            @Valid @NotNull IngestBatchRequest body,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255) String idempotencyKey,
            @QueryParam("sync") boolean sync) {
        int limit = config.limits().batchMessages();
        if (body.messages().size() > limit) {
            throw ApiException.payloadTooLarge(
                    body.messages().size() + " messages; the limit is " + limit + " per batch");
        }
        BatchIngestInput input = new BatchIngestInput(
                body.collection(),
                body.messages().stream()
                        .<com.fasterxml.jackson.databind.JsonNode>map(BatchMessage::stored)
                        .toList(),
                body.metadata());
        return requests.submit(
                OperationType.INGEST_BATCH, body.collection(), input, body.options(), idempotencyKey, sync);
    }
}
