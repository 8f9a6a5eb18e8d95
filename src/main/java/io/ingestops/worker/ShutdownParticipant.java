package io.ingestops.worker;

/**
 * Something outside the engine that must wind down when the replica is told to stop (SIGTERM): the
 * event streams, the HTTP requests in flight. {@link WorkerLifecycle} tells every participant at
 * the very start of the shutdown, then waits — within {@code shutdown-grace}, together with the
 * running jobs — until each is idle.
 */
public interface ShutdownParticipant {

    /** The replica is stopping: answer what is open now and accept nothing that would stay open. */
    void shutdownStarted();

    /** Nothing of this participant is open any more. */
    boolean isIdle();
}
