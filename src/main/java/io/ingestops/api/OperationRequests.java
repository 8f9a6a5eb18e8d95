package io.ingestops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.config.IngestConfig;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.DescribedInput;
import io.ingestops.operation.NewOperation;
import io.ingestops.operation.OperationService;
import io.ingestops.operation.OperationType;
import io.ingestops.operation.Submission;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Function;

/** Turns a validated request into a submitted operation: defaults, input JSON, metrics, the answer. */
@ApplicationScoped
public class OperationRequests {

    /** The optional fields every submission accepts. */
    public record Options(
            Integer priority, Integer timeoutSeconds, Integer maxAttempts, String runAt, String callbackUrl) {}

    static final int DEFAULT_PRIORITY = 5;

    private final OperationService operations;
    private final Submissions submissions;
    private final CallerTenant tenant;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final OperationMetrics metrics;
    private final io.ingestops.webhook.CallbackUrls callbackUrls;

    public OperationRequests(
            OperationService operations,
            Submissions submissions,
            CallerTenant tenant,
            IngestConfig config,
            ObjectMapper json,
            OperationMetrics metrics,
            io.ingestops.webhook.CallbackUrls callbackUrls) {
        this.callbackUrls = callbackUrls;
        this.operations = operations;
        this.submissions = submissions;
        this.tenant = tenant;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    /** Submits an operation whose input is {@code input} serialized as JSON. */
    public jakarta.ws.rs.core.Response submit(
            OperationType type,
            String collection,
            DescribedInput input,
            Options options,
            String idempotencyKey,
            boolean wait) {
        return submit(
                type,
                collection,
                options,
                idempotencyKey,
                wait,
                request -> operations.submit(request.withInput(
                        toJson(input), null, toJsonOrNull(input.metadata()), toJson(input.summary()))));
    }

    /** Submits through {@code submitter}, which receives the request without its input and stores both. */
    public jakarta.ws.rs.core.Response submit(
            OperationType type,
            String collection,
            Options options,
            String idempotencyKey,
            boolean wait,
            Function<NewOperation, Submission> submitter) {
        NewOperation request = new NewOperation(
                tenant.id(),
                type,
                collection,
                options.priority() == null ? DEFAULT_PRIORITY : options.priority(),
                options.maxAttempts() == null
                        ? io.ingestops.worker.RetryPolicy.maxAttempts(config.retry(), type)
                        : options.maxAttempts(),
                options.timeoutSeconds(),
                DateTimes.runAt(options.runAt(), java.time.Instant.now()),
                callbackUrls.check(options.callbackUrl()),
                idempotencyKey,
                tenant.subject());
        Submission submission = submitter.apply(request);
        if (!submission.replayed()) {
            metrics.submitted(type);
        }
        return submissions.answer(submission, wait);
    }

    public String tenantId() {
        return tenant.id();
    }

    String toJsonOrNull(Object value) {
        return value == null ? null : toJson(value);
    }

    String toJson(Object input) {
        try {
            return json.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidArgument("metadata", "cannot be stored as JSON");
        }
    }
}
