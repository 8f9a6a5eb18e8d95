package io.ingestops.api;

import io.ingestops.config.IngestConfig;
import io.ingestops.operation.Actor;
import io.ingestops.operation.OperationException;
import io.ingestops.operation.OperationFilter;
import io.ingestops.operation.OperationReads;
import io.ingestops.operation.OperationService;
import io.ingestops.reaper.DeadlineReaper;
import io.ingestops.reaper.StaleHeartbeatReaper;
import io.ingestops.sync.SyncInProgressException;
import io.ingestops.sync.SyncLockReaper;
import io.ingestops.worker.WorkerRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator calls across tenants; group {@code admin} only. */
@Path("/api/v1/admin")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    /** At most this many ids per bulk request: each is a transaction of its own. */
    static final int BULK_MAX_IDS = 100;

    public record ReapCounts(
            int deadlineExceeded, int staleRetried, int staleFailed, int staleCancelled, int locksReleased) {}

    /** Body of {@code POST /api/v1/admin/operations/bulk}. */
    public record BulkRequest(
            @NotNull @Pattern(regexp = "cancel|retry", message = "must be cancel or retry") String action,
            @NotNull @Size(min = 1, max = BULK_MAX_IDS) List<@NotNull String> ids) {}

    /**
     * One id's answer: the HTTP status the single call would have answered, and the operation (cancel:
     * the cancelled one; retry: the new one) or the problem.
     */
    public record BulkResult(
            UUID id,
            int status,
            OperationView operation,
            @Schema(implementation = Map.class, description = "the problem document, as the single call answers it")
                    Map<String, Object> problem) {}

    public record BulkResults(List<BulkResult> results) {}

    /** A worker node (one per replica) as the database knows it. */
    public record WorkerView(
            String workerId,
            @Schema(
                            enumeration = {"live", "lost"},
                            description = "lost: no tick for longer than stale-after")
                    String status,
            String version,
            int capacity,
            List<UUID> running,
            Instant startedAt,
            Instant lastTickAt) {}

    public record Workers(List<WorkerView> workers) {}

    private final StaleHeartbeatReaper staleHeartbeats;
    private final DeadlineReaper deadlines;
    private final SyncLockReaper syncLocks;
    private final OperationReads reads;
    private final OperationService operations;
    private final OperationViews views;
    private final OperationPages pages;
    private final IngestConfig config;
    private final JsonWebToken token;
    private final WorkerRegistry workers;

    public AdminResource(
            StaleHeartbeatReaper staleHeartbeats,
            DeadlineReaper deadlines,
            SyncLockReaper syncLocks,
            OperationReads reads,
            OperationService operations,
            OperationViews views,
            OperationPages pages,
            IngestConfig config,
            JsonWebToken token,
            WorkerRegistry workers) {
        this.workers = workers;
        this.staleHeartbeats = staleHeartbeats;
        this.deadlines = deadlines;
        this.syncLocks = syncLocks;
        this.reads = reads;
        this.operations = operations;
        this.views = views;
        this.pages = pages;
        this.config = config;
        this.token = token;
    }

    /** Runs the deadline and stale-heartbeat reapers now, across all tenants, then releases tenant locks whose holder ended. */
    @POST
    @Operation(
            operationId = "reapNow",
            summary = "Run the deadline and stale-heartbeat reapers now and release orphaned tenant locks")
    @Path("/operations/reap")
    public ReapCounts reap() {
        int deadlineExceeded = deadlines.runOnce();
        StaleHeartbeatReaper.Outcome stale = staleHeartbeats.runOnce();
        int locksReleased = syncLocks.runOnce();
        return new ReapCounts(deadlineExceeded, stale.retried(), stale.failed(), stale.cancelled(), locksReleased);
    }

    /**
     * Every tenant's operations, newest first, page by page. {@code stale=true} keeps the running ones
     * whose heartbeat is older than half of {@code stale-after}: stuck, or about to be reaped.
     */
    @GET
    @Operation(
            operationId = "listAllOperations",
            summary = "Operations across tenants, newest first, filtered (stale=true: running with an old heartbeat)")
    @Path("/operations")
    public OperationResource.OperationPage list(
            @QueryParam("tenant") String tenant,
            @QueryParam("status") String status,
            @QueryParam("type") String type,
            @QueryParam("stale") String stale,
            @QueryParam("limit") String limitParam,
            @QueryParam("page_token") String pageToken) {
        boolean onlyStale = parseBoolean("stale", stale);
        String onlyTenant = tenant == null || tenant.isBlank() ? null : tenant;
        if (onlyTenant != null && !CallerTenant.TENANT.matcher(onlyTenant).matches()) {
            throw ApiException.invalidArgument("tenant", "is not a tenant id");
        }
        // a page token continues the same filtered listing only
        String scope = "admin-operations|" + onlyTenant + "|" + status + "|" + type + "|" + onlyStale;
        OperationFilter filter = pages.filter(scope, status, type, null, limitParam, pageToken);
        return pages.page(
                scope,
                filter,
                reads.acrossTenants(
                        onlyTenant, filter, onlyStale ? config.staleAfter().dividedBy(2) : null));
    }

    /**
     * Cancels or retries each operation, whichever tenant's, as its tenant's own call would (the same
     * transitions and refusals), each on its own: one refusal does not stop the others. A retry is
     * submitted by the admin. Ids are checked first: a malformed or repeated one refuses the request.
     */
    @POST
    @Operation(operationId = "bulkOperations", summary = "Cancel or retry operations across tenants, answered per id")
    @Path("/operations/bulk")
    public BulkResults bulk(@Valid @NotNull BulkRequest body) {
        List<UUID> ids = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < body.ids().size(); i++) {
            UUID id;
            try {
                id = UUID.fromString(body.ids().get(i));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidArgument("ids[" + i + "]", "is not a UUID");
            }
            if (!seen.add(id)) {
                throw ApiException.invalidArgument("ids[" + i + "]", "is repeated");
            }
            ids.add(id);
        }
        ProblemMapper problems = new ProblemMapper(views);
        List<BulkResult> results = new ArrayList<>();
        for (UUID id : ids) {
            try {
                io.ingestops.operation.Operation op =
                        reads.findAnyTenant(id).orElseThrow(() -> OperationService.notFound(id));
                if (body.action().equals("cancel")) {
                    results.add(new BulkResult(
                            id,
                            200,
                            views.toView(operations.cancel(op.tenantId, id, Actor.user(token.getSubject()))),
                            null));
                } else {
                    var retried = operations.retry(op.tenantId, id, token.getSubject());
                    results.add(new BulkResult(id, 202, views.toView(retried.operation()), null));
                }
            } catch (OperationException e) {
                results.add(refused(id, problems.operation(e)));
            } catch (SyncInProgressException e) {
                results.add(refused(id, problems.syncInProgress(e)));
            }
        }
        return new BulkResults(results);
    }

    /**
     * Every worker node with a row, live or lost, whichever replica answers: ticks come from each
     * node's heartbeat thread, running operations from the operation table.
     */
    @GET
    @Operation(
            operationId = "listWorkers",
            summary = "Every replica's worker node: running operations, capacity, last tick")
    @Path("/workers")
    public Workers workers() {
        return new Workers(workers.list().stream()
                .map(w -> new WorkerView(
                        w.workerId(),
                        w.lost() ? "lost" : "live",
                        w.version(),
                        w.capacity(),
                        w.running(),
                        w.startedAt(),
                        w.lastTickAt()))
                .toList());
    }

    @SuppressWarnings("unchecked")
    private static BulkResult refused(UUID id, jakarta.ws.rs.core.Response problem) {
        return new BulkResult(id, problem.getStatus(), null, (Map<String, Object>) problem.getEntity());
    }

    private static boolean parseBoolean(String field, String value) {
        if (value == null || value.isBlank() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.invalidArgument(field, "must be true or false");
    }
}
