package io.ingestops.worker;

import java.time.Duration;

/**
 * How many operations a node claims beyond its free slots, decided anew for every claim. Claiming
 * ahead saves round trips when jobs are short and the queue is deep; for long jobs it would park
 * work on a busy replica while another sits idle. So a node claims ahead only while
 *
 * <ul>
 *   <li>its last claim came back full (the queue is deeper than its free slots),
 *   <li>its handlers have recently been short (moving average of run time), and
 *   <li>none of its running handlers has run longer than the wait bound.
 * </ul>
 *
 * It claims as many as its slots are expected to start within half the wait bound, never more
 * than the configured maximum. What is claimed ahead and still waits after the full bound is
 * handed back unrun by the node (see {@code WorkerNode}): the bound, not this estimate, is the
 * fairness guarantee.
 */
final class ClaimAhead {

    /** Weight of the newest run time in the moving average. */
    private static final double SMOOTHING = 0.2;

    private final int maxConcurrent;
    private final int max;
    private final long waitNanos;

    /** Moving average of handler run time; 0 until a handler has finished. */
    private volatile double averageRunNanos;

    private volatile boolean lastClaimFull;

    ClaimAhead(int maxConcurrent, int max, Duration wait) {
        this.maxConcurrent = maxConcurrent;
        this.max = Math.max(0, max);
        this.waitNanos = wait.toNanos();
    }

    /** Operations to claim beyond the free slots now, given how long the oldest running handler has run. */
    int ahead(long oldestRunNanos) {
        double average = averageRunNanos;
        if (max == 0 || !lastClaimFull || average <= 0 || oldestRunNanos >= waitNanos) {
            return 0;
        }
        double startsWithinHalfTheWait = maxConcurrent * (waitNanos / 2.0) / average;
        return (int) Math.min(max, Math.floor(startsWithinHalfTheWait));
    }

    /** A claim asked for {@code asked} operations and got {@code got}. */
    void claimed(int asked, int got) {
        lastClaimFull = got >= asked;
    }

    /** A handler ran for {@code nanos}. Called from job threads; a lost update only blurs the average. */
    void ran(long nanos) {
        double average = averageRunNanos;
        averageRunNanos = average <= 0 ? nanos : average + SMOOTHING * (nanos - average);
    }

    /** How long a claimed-ahead operation may wait for a slot before it is handed back. */
    long waitNanos() {
        return waitNanos;
    }

    /** The most that may be held beyond the slots: sizes the job pool's queue. */
    int max() {
        return max;
    }
}
