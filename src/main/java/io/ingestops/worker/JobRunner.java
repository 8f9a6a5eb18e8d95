package io.ingestops.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.ClaimedOperation;
import io.ingestops.operation.Completion;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.OperationStatus;
import org.jboss.logging.Logger;

/** Runs one claimed job through its handler and writes the outcome, fenced by the claim token. */
final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final OperationRepository repository;
    private final HandlerRegistry handlers;
    private final ObjectMapper json;
    private final OperationMetrics metrics;
    private final String workerId;
    private final CompletionWriter completions;

    JobRunner(
            OperationRepository repository,
            HandlerRegistry handlers,
            ObjectMapper json,
            OperationMetrics metrics,
            String workerId,
            CompletionWriter completions) {
        this.completions = completions;
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
            Completion completion = new Completion(claim.id(), job.claimToken(), toJson(result), job.finalProgress());
            if (completions.submit(job, completion)) {
                return true;
            }
            // the writer has stopped (shutdown past its grace period): write it here
            outcome = write(
                    job,
                    repository.complete(claim.id(), job.claimToken(), completion.resultJson(), completion.progress()),
                    OperationStatus.COMPLETED);
        } catch (JobStoppedException stopped) {
            outcome = stop(job, stopped.reason());
        } catch (JobFailedException failure) {
            outcome = failUnlessStopped(job, failure.code(), failure.getMessage());
        } catch (Throwable unexpected) {
            if (job.stopReason() == null && TransientFailures.isTransient(unexpected)) {
                // the database connection was lost mid-job: the work is idempotent, so give it back
                LOG.warnf(
                        "operation %s lost its database connection (%s); handing it back",
                        claim.id(), unexpected.getMessage());
                outcome = handBackQuietly(job);
                return false;
            }
            if (job.stopReason() == null) {
                LOG.errorf(
                        unexpected,
                        "operation %s (%s) failed unexpectedly",
                        claim.id(),
                        claim.type().wire());
            }
            outcome = failUnlessStopped(
                    job, "internal_error", "unexpected error while running the operation; see the service log");
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

    /** Hands back after a lost connection; if even that fails, the reaper retries it once its heartbeat is stale. */
    private OperationStatus handBackQuietly(RunningJob job) {
        try {
            return write(job, repository.handBack(job.operationId(), job.claimToken()), OperationStatus.PENDING);
        } catch (RuntimeException stillDown) {
            LOG.warnf(
                    "operation %s could not be handed back (%s); the stale-heartbeat reaper will retry it",
                    job.operationId(), stillDown.getMessage());
            return null;
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
        return switch (reason) {
            case CANCELLED -> write(
                    job,
                    repository.cancel(claim.id(), job.claimToken(), toJson(job.partialResult())),
                    OperationStatus.CANCELLED);
            case SHUTDOWN -> write(job, repository.handBack(claim.id(), job.claimToken()), OperationStatus.PENDING);
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
        return write(
                job,
                repository.fail(claim.id(), job.claimToken(), code, message, toJson(job.partialResult())),
                OperationStatus.FAILED);
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
