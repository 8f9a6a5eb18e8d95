package io.ingestops.worker;

/** Why a running job must stop before finishing its work. */
public enum StopReason {
    /** A client asked for cancellation. */
    CANCELLED,
    /** The adaptive or requested deadline passed. */
    DEADLINE,
    /** This replica is shutting down; the operation is handed back. */
    SHUTDOWN,
    /** Another worker owns the operation now (fencing token no longer matches). */
    LOST
}
