package io.ingestops.api;

import io.ingestops.reaper.DeadlineReaper;
import io.ingestops.reaper.StaleHeartbeatReaper;
import io.ingestops.sync.SyncLockReaper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operator calls; group {@code admin} only. */
@Path("/api/v1/admin")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    public record ReapCounts(
            int deadlineExceeded, int staleRetried, int staleFailed, int staleCancelled, int locksReleased) {}

    private final StaleHeartbeatReaper staleHeartbeats;
    private final DeadlineReaper deadlines;
    private final SyncLockReaper syncLocks;

    public AdminResource(StaleHeartbeatReaper staleHeartbeats, DeadlineReaper deadlines, SyncLockReaper syncLocks) {
        this.staleHeartbeats = staleHeartbeats;
        this.deadlines = deadlines;
        this.syncLocks = syncLocks;
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
}
