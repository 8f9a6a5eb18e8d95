package io.ingestops.worker;

/** Thrown at a checkpoint when the job must stop; the engine decides what becomes of the operation. */
public class JobStoppedException extends RuntimeException {

    private final StopReason reason;

    public JobStoppedException(StopReason reason) {
        super("job stopped: " + reason, null, false, false);
        this.reason = reason;
    }

    public StopReason reason() {
        return reason;
    }
}
