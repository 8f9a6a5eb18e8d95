package io.ingestops.worker;

/** Where a node says that it lives: a row per node that operators list ({@link WorkerRegistry}). */
public interface WorkerPresence {

    /** The node starts: its row, with a new start time. */
    void register(String workerId, int capacity);

    /** A round of the node's heartbeat thread: still alive (re-creates a row that was removed). */
    void refresh(String workerId, int capacity);

    /** The node stopped cleanly and handed its work back. */
    void deregister(String workerId);
}
