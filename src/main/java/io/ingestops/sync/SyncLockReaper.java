package io.ingestops.sync;

import io.ingestops.reaper.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Releases tenant locks whose holder is no longer pending or running. The trigger on operation
 * status releases them as the holder ends; this is the safety net the reapers run.
 */
@ApplicationScoped
public class SyncLockReaper implements Housekeeping {

    private static final Logger LOG = Logger.getLogger(SyncLockReaper.class);

    private final TenantWriteLock locks;

    public SyncLockReaper(TenantWriteLock locks) {
        this.locks = locks;
    }

    @Override
    public String name() {
        return "sync_lock";
    }

    @Override
    public int runOnce() {
        int released = locks.releaseOrphans();
        if (released > 0) {
            LOG.infof("released %d tenant locks whose holder had ended", released);
        }
        return released;
    }
}
