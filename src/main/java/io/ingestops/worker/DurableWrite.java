package io.ingestops.worker;

import io.ingestops.db.TransientFailures;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * A write of the engine that must not be lost to a passing database failure (a job's final state,
 * a hand-back): tried again while the failure is transient, with a growing pause, within a time
 * budget. Each try is fenced like the first, so a try that lands after another took the operation
 * over changes nothing. Past the budget the operation stays {@code running} and the stale-heartbeat
 * reaper retries it, as after a crash.
 */
final class DurableWrite {

    private static final Logger LOG = Logger.getLogger(DurableWrite.class);

    static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(2);

    private DurableWrite() {}

    /**
     * Runs {@code write} until it answers (true: applied, false: fenced out), retrying transient
     * failures for at most {@code budget}; rethrows anything else, and the last failure when the
     * budget is spent.
     */
    static boolean apply(String what, Duration budget, BooleanSupplier write) {
        long deadline = System.nanoTime() + budget.toNanos();
        long pause = FIRST_PAUSE.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return write.getAsBoolean();
            } catch (RuntimeException e) {
                if (!TransientFailures.isTransient(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                LOG.warnf("%s failed (attempt %d, %s); trying again in %d ms", what, attempt, e.getMessage(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, LONGEST_PAUSE.toMillis());
            }
        }
    }
}
