package io.ingestops.api;

import io.ingestops.config.IngestConfig;
import io.ingestops.events.OperationWaiter;
import io.ingestops.operation.Operation;
import io.ingestops.operation.Submission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

/** Answers a submission: 202 with Location and Retry-After, or 200 once done when the client waits ({@code ?sync=true}). */
@ApplicationScoped
public class Submissions {

    static final String RETRY_AFTER_SECONDS = "2";

    private final OperationViews views;
    private final OperationWaiter waiter;
    private final IngestConfig config;

    public Submissions(OperationViews views, OperationWaiter waiter, IngestConfig config) {
        this.views = views;
        this.waiter = waiter;
        this.config = config;
    }

    public Response answer(Submission submission, boolean waitForCompletion) {
        Operation op = submission.operation();
        if (waitForCompletion) {
            op = waiter.awaitDone(op.tenantId, op.id, config.syncWaitMax());
        }
        Response.ResponseBuilder response = Response.status(op.isDone() && waitForCompletion ? 200 : 202)
                .entity(views.toView(op))
                // relative, as DESIGN §3 shows it; JAX-RS would make location() absolute
                .header("Location", "/api/v1/operations/" + op.id);
        if (!op.isDone()) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        if (submission.replayed()) {
            response.header("Idempotent-Replayed", "true");
        }
        return response.build();
    }
}
