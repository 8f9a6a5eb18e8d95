package io.ingestops.sync;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Releases tenant locks whose holder is no longer pending or running. The trigger on operation
 * status releases them as the holder ends; this is the safety net the reapers run.
 */
@ApplicationScoped
public class SyncLockReaper {

    private static final Logger LOG = Logger.getLogger(SyncLockReaper.class);

    private final TenantWriteLock locks;

    public SyncLockReaper(TenantWriteLock locks) {
        this.locks = locks;
    }

    @Scheduled(
            identity = "sync-lock-reaper",
            every = "${ingest.reaper-interval}",
            delayed = "${ingest.reaper-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.errorf(e, "sync lock reaper failed; will retry next tick");
        }
    }

    public int runOnce() {
        int released = locks.releaseOrphans();
        if (released > 0) {
            LOG.infof("released %d tenant locks whose holder had ended", released);
        }
        return released;
    }
}
