package io.ingestops.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.ingestops.config.IngestConfig;
import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationService;
import io.ingestops.operation.OperationType;
import io.ingestops.sync.SyncInput;
import io.ingestops.sync.SyncRoot;
import io.ingestops.sync.SyncStatus;
import io.ingestops.sync.TenantWriteLock;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Syncing a collection with a folder under the sync root; at most one active per tenant. */
@Path("/api/v1/sync")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sync")
public class SyncResource {

    /** The latest sync with the file counts a dashboard shows. */
    public record SyncStatusView(@JsonUnwrapped OperationView operation, Files files) {}

    public record Files(int pending, int processed, int failed) {}

    /** The tenant write lock: its holder (a sync, reindex or collection delete) and whether its heartbeat is alive. */
    public record LockView(
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                    OperationView holder,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                    Double heartbeatAgeSeconds,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
                    Boolean heartbeatAlive,
            double staleAfterSeconds) {}

    private final OperationRequests requests;
    private final SyncRoot root;
    private final SyncStatus status;
    private final OperationViews views;

    private final TenantWriteLock lock;
    private final OperationService operations;
    private final IngestConfig config;

    public SyncResource(
            OperationRequests requests,
            SyncRoot root,
            SyncStatus status,
            OperationViews views,
            TenantWriteLock lock,
            OperationService operations,
            IngestConfig config) {
        this.lock = lock;
        this.operations = operations;
        this.config = config;
        this.requests = requests;
        this.root = root;
        this.status = status;
        this.views = views;
    }

    @POST
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "startSync",
            summary =
                    "Sync a collection with a folder; 409 sync_in_progress while the tenant has an active sync, reindex or delete")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response sync(
            @Valid @NotNull SyncRequest body,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255) String idempotencyKey,
            @QueryParam("sync") boolean wait) {
        // 400 before anything is stored if it may not be read; one folder is one source however it is named
        SyncInput input = new SyncInput(body.collection(), root.canonical(body.source()));
        return requests.submit(OperationType.SYNC, body.collection(), input, body.options(), idempotencyKey, wait);
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "getSyncStatus",
            summary = "The latest sync of a collection with its file counts")
    @Path("/status")
    public SyncStatusView status(@QueryParam("collection") String collection) {
        if (collection == null || collection.isBlank()) {
            throw ApiException.invalidArgument("collection", "must name a collection");
        }
        Operation latest = status.latest(requests.tenantId(), collection)
                .orElseThrow(() -> ApiException.notFound("no sync of collection " + collection));
        int total = latest.totalItems == null ? 0 : latest.totalItems;
        int processed = latest.processedItems;
        return new SyncStatusView(
                views.toView(latest), new Files(Math.max(0, total - processed), processed, latest.failedItems));
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "getTenantLock",
            summary = "Who holds the tenant write lock (an active sync, reindex or collection delete) and whether its"
                    + " heartbeat is alive; holder null when free")
    @Path("/lock")
    public LockView lock() {
        String tenant = requests.tenantId();
        double staleAfter = config.staleAfter().toMillis() / 1000.0;
        return lock.state(tenant)
                .flatMap(state -> operations
                        .find(tenant, state.holderId())
                        .map(op -> new LockView(
                                views.toView(op), state.heartbeatAgeSeconds(), state.heartbeatAlive(), staleAfter)))
                .orElse(new LockView(null, null, null, staleAfter));
    }
}
