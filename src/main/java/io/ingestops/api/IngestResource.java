package io.ingestops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.config.IngestConfig;
import io.ingestops.ingest.TextIngestInput;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.NewOperation;
import io.ingestops.operation.OperationService;
import io.ingestops.operation.OperationType;
import io.ingestops.operation.Submission;
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

/** Submitting ingestion work. Every call answers 202 with the new operation at once. */
@Path("/api/v1/ingest")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class IngestResource {

    private final OperationService operations;
    private final Submissions submissions;
    private final CallerTenant tenant;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final OperationMetrics metrics;

    public IngestResource(
            OperationService operations,
            Submissions submissions,
            CallerTenant tenant,
            IngestConfig config,
            ObjectMapper json,
            OperationMetrics metrics) {
        this.operations = operations;
        this.submissions = submissions;
        this.tenant = tenant;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    @POST
    @Path("/text")
    public Response text(
            @Valid @NotNull IngestTextRequest body,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255) String idempotencyKey,
            @QueryParam("sync") boolean sync) {
        IngestTextRequest request = body;
        TextInputs.requireNoNul("text", request.text());
        TextInputs.requireNoNul("source_id", request.sourceId());
        TextInputs.requireNoNul("metadata", (Object) request.metadata());
        long bytes = TextInputs.utf8Length(request.text());
        if (bytes > config.limits().textBytes()) {
            throw ApiException.payloadTooLarge("text is " + bytes + " bytes; the limit is "
                    + config.limits().textBytes() + " bytes");
        }
        TextIngestInput input =
                new TextIngestInput(request.collection(), request.text(), request.sourceId(), request.metadata());
        Submission submission = operations.submit(new NewOperation(
                tenant.id(),
                OperationType.INGEST_TEXT,
                request.collection(),
                request.priority() == null ? 5 : request.priority(),
                request.maxAttempts() == null ? config.retry().maxAttempts() : request.maxAttempts(),
                request.timeoutSeconds(),
                null,
                toJson(input),
                idempotencyKey));
        if (!submission.replayed()) {
            metrics.submitted(OperationType.INGEST_TEXT);
        }
        return submissions.answer(submission, sync);
    }

    private String toJson(Object input) {
        try {
            return json.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidArgument("metadata", "cannot be stored as JSON");
        }
    }
}
