package io.ingestops.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.db.TransientFailures;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.ClaimedOperation;
import io.ingestops.operation.Completion;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.OperationStatus;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs one claimed job through its handler and writes the outcome, fenced by the claim token. A
 * transient database failure (a lost connection, even at a commit) is never the job's failure: the
 * operation is handed back and runs again. Final writes are retried through such failures
 * ({@link DurableWrite}).
 */
final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    /** How long a final write is retried while the database is unreachable; past it the stale-heartbeat reaper takes over. */
    static final Duration WRITE_BUDGET = Duration.ofSeconds(30);

    private final OperationRepository repository;
    private final HandlerRegistry handlers;
    private final ObjectMapper json;
    private final OperationMetrics metrics;
    private final String workerId;
    private final CompletionWriter completions;
    private final RetryPolicy retries;

    JobRunner(
            OperationRepository repository,
            HandlerRegistry handlers,
            ObjectMapper json,
            OperationMetrics metrics,
            String workerId,
            CompletionWriter completions,
            RetryPolicy retries) {
        this.completions = completions;
        this.retries = retries;
        this.repository = repository;
        this.handlers = handlers;
        this.json = json;
        this.metrics = metrics;
        this.workerId = workerId;
    }

    /**
     * Runs the job through its handler. A success is queued for the completion writer, which
     * finishes it (see {@link #completionWritten}); returns true then. Any other outcome is
     * written here and the method returns false.
     */
    boolean run(RunningJob job) {
        ClaimedOperation claim = job.claim();
        OperationStatus outcome = null;
        try {
            job.checkpoint(); // claimed ahead and stopped (shutdown, cancel) while waiting for a thread
            OperationHandler handler = handlers.find(claim.type())
                    .orElseThrow(() -> new JobFailedException(
                            "unsupported_type",
                            "this service version cannot run " + claim.type().wire()));
            Object result = handler.run(job);
            Completion completion = new Completion(
                    claim.id(),
                    job.claimToken(),
                    toJson(result),
                    job.finalProgress(),
                    job.unwrittenItemDeadlineSeconds());
            if (completions.submit(job, completion)) {
                return true;
            }
            // the writer has stopped (shutdown past its grace period): write it here
            outcome = write(
                    job,
                    durably(
                            "completing " + claim.id(),
                            () -> repository.complete(
                                    claim.id(), job.claimToken(), completion.resultJson(), completion.progress())),
                    OperationStatus.COMPLETED);
        } catch (JobStoppedException stopped) {
            outcome = stop(job, stopped.reason());
        } catch (Throwable thrown) {
            if (TransientFailures.isTransient(thrown)
                    && (job.stopReason() == null || job.stopReason() == StopReason.SHUTDOWN)) {
                // the database failed under the job (at a statement or a commit): the work is idempotent, so give it
                // back
                LOG.warnf(
                        "operation %s lost its database connection (%s); handing it back",
                        claim.id(), thrown.getMessage());
                outcome = handBackQuietly(job);
                return false;
            }
            FailurePolicy.Failure failure = FailurePolicy.classify(thrown);
            if (job.stopReason() == null && !(thrown instanceof JobFailedException)) {
                if ("internal_error".equals(failure.code())) {
                    LOG.errorf(
                            thrown,
                            "operation %s (%s) failed unexpectedly",
                            claim.id(),
                            claim.type().wire());
                } else {
                    LOG.warnf(
                            thrown,
                            "operation %s (%s) failed: %s (%s)",
                            claim.id(),
                            claim.type().wire(),
                            failure.code(),
                            failure.isTransient() ? "transient" : "permanent");
                }
            }
            outcome = failure.isTransient()
                    ? retryUnlessStopped(job, failure)
                    : failUnlessStopped(job, failure.code(), failure.message());
        } finally {
            if (outcome != null && outcome.isTerminal()) {
                metrics.finished(claim.type(), outcome, System.nanoTime() - job.startedNanos());
            }
        }
        return false;
    }

    /** The writer's answer for a queued completion: applied, or fenced out because the claim was lost. */
    void completionWritten(RunningJob job, boolean applied) {
        if (write(job, applied, OperationStatus.COMPLETED) != null) {
            metrics.finished(job.claim().type(), OperationStatus.COMPLETED, System.nanoTime() - job.startedNanos());
        }
    }

    /**
     * The database refused a finished job's completion for good (not a passing failure): the
     * operation is failed instead, so it neither stays running nor holds up the node's other
     * completions. A database still away after the retries leaves it to the stale-heartbeat reaper.
     */
    void completionUnwritable(RunningJob job, RuntimeException failure) {
        ClaimedOperation claim = job.claim();
        metrics.completionRefused();
        if (TransientFailures.isTransient(failure)) {
            LOG.warnf(
                    "operation %s: completion not written (%s); the stale-heartbeat reaper will retry it",
                    claim.id(), failure.getMessage());
            return;
        }
        LOG.errorf(failure, "operation %s finished but the database refused its completion", claim.id());
        try {
            OperationStatus outcome = write(
                    job,
                    durably(
                            "failing " + claim.id(),
                            () -> repository.fail(
                                    claim.id(),
                                    job.claimToken(),
                                    "internal_error",
                                    "the operation finished but its result could not be stored; see the service log",
                                    null)),
                    OperationStatus.FAILED);
            if (outcome != null) {
                metrics.finished(claim.type(), outcome, System.nanoTime() - job.startedNanos());
            }
        } catch (RuntimeException e) {
            LOG.errorf(
                    e, "operation %s could not be failed either; the stale-heartbeat reaper will retry it", claim.id());
        }
    }

    /** Hands back after a lost connection, retrying; if the database stays away, the reaper retries it once its heartbeat is stale. */
    private OperationStatus handBackQuietly(RunningJob job) {
        try {
            return write(
                    job,
                    durably(
                            "handing back " + job.operationId(),
                            () -> repository.handBack(job.operationId(), job.claimToken())),
                    OperationStatus.PENDING);
        } catch (RuntimeException stillDown) {
            LOG.warnf(
                    "operation %s could not be handed back (%s); the stale-heartbeat reaper will retry it",
                    job.operationId(), stillDown.getMessage());
            return null;
        }
    }

    /**
     * Cancels an operation whose handler never started (claimed ahead, waiting for a thread when the
     * cancel came): one fenced write on the caller's thread, no retries.
     */
    void cancelUnstarted(RunningJob job) {
        OperationStatus outcome =
                write(job, repository.cancel(job.operationId(), job.claimToken(), null), OperationStatus.CANCELLED);
        if (outcome != null) {
            metrics.finished(job.claim().type(), outcome, System.nanoTime() - job.startedNanos());
        }
    }

    /** Fails the operation from the engine side (deadline enforcement), fenced like every other write. */
    boolean failForDeadline(RunningJob job) {
        ClaimedOperation claim = job.claim();
        boolean failed = repository.fail(
                claim.id(),
                job.claimToken(),
                "deadline_exceeded",
                "the operation ran past its deadline",
                toJson(job.partialResult()));
        if (failed) {
            logTransition(claim, OperationStatus.FAILED);
        }
        return failed;
    }

    private OperationStatus stop(RunningJob job, StopReason reason) {
        ClaimedOperation claim = job.claim();
        if (reason == StopReason.CANCELLED) {
            flushProgress(job);
        }
        return switch (reason) {
            case CANCELLED -> write(
                    job,
                    durably(
                            "cancelling " + claim.id(),
                            () -> repository.cancel(claim.id(), job.claimToken(), toJson(job.partialResult()))),
                    OperationStatus.CANCELLED);
            case SHUTDOWN -> handBackQuietly(job);
                // the deadline enforcer already wrote the failure; a lost claim is not ours to touch
            case DEADLINE, LOST -> null;
        };
    }

    private OperationStatus failUnlessStopped(RunningJob job, String code, String message) {
        StopReason reason = job.stopReason();
        if (reason != null) {
            return stop(job, reason);
        }
        ClaimedOperation claim = job.claim();
        flushProgress(job);
        return write(
                job,
                durably(
                        "failing " + claim.id(),
                        () -> repository.fail(
                                claim.id(), job.claimToken(), code, message, toJson(job.partialResult()))),
                OperationStatus.FAILED);
    }

    /**
     * A transient failure: back to pending after the policy's backoff while attempts remain (the next
     * claim counts one), else failed with the failure's code; one fenced statement decides which.
     */
    private OperationStatus retryUnlessStopped(RunningJob job, FailurePolicy.Failure failure) {
        StopReason reason = job.stopReason();
        if (reason != null) {
            return stop(job, reason);
        }
        ClaimedOperation claim = job.claim();
        flushProgress(job);
        java.time.Duration delay = retries.delay(claim.type(), claim.attempt());
        OperationStatus[] to = new OperationStatus[1];
        boolean applied = durably("retrying " + claim.id(), () -> {
            to[0] = repository.retryOrFail(
                    claim.id(),
                    job.claimToken(),
                    failure.code(),
                    failure.message(),
                    delay,
                    toJson(job.partialResult()));
            return to[0] != null;
        });
        if (applied && to[0] == OperationStatus.PENDING) {
            metrics.retried(claim.type(), failure.code());
            LOG.infof(
                    "operation %s tenant=%s type=%s running -> pending: %s, attempt %d, next in %d ms, worker=%s",
                    claim.id(),
                    claim.tenantId(),
                    claim.type().wire(),
                    failure.code(),
                    claim.attempt(),
                    delay.toMillis(),
                    workerId);
            return OperationStatus.PENDING;
        }
        return write(job, applied, OperationStatus.FAILED);
    }

    /** What the job reported last, written before its failure or cancellation so they show where it stopped. */
    private static void flushProgress(RunningJob job) {
        try {
            job.flushProgress();
        } catch (RuntimeException e) {
            LOG.debugf("operation %s: last progress not written (%s)", job.operationId(), e.getMessage());
        }
    }

    private static boolean durably(String what, java.util.function.BooleanSupplier write) {
        return DurableWrite.apply(what, WRITE_BUDGET, write);
    }

    private OperationStatus write(RunningJob job, boolean applied, OperationStatus to) {
        if (!applied) {
            LOG.warnf(
                    "operation %s: claim %d lost before it could become %s; leaving it to its new owner",
                    job.operationId(), job.claimToken(), to.wire());
            return null;
        }
        logTransition(job.claim(), to);
        return to;
    }

    private void logTransition(ClaimedOperation claim, OperationStatus to) {
        LOG.infof(
                "operation %s tenant=%s type=%s running -> %s attempt=%d worker=%s",
                claim.id(), claim.tenantId(), claim.type().wire(), to.wire(), claim.attempt(), workerId);
    }

    private String toJson(Object result) {
        if (result == null) {
            return null;
        }
        try {
            return json.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result is not serializable", e);
        }
    }
}
