package io.ingestops.operation;

import java.util.Set;

/**
 * A rule that submissions of some operation types must pass, decided inside the submitting
 * transaction by {@link OperationService#submit}: the one path every submission takes (API call,
 * retry, schedule), so no entry point can go around it. The tenant write lock is one.
 */
public interface SubmissionGuard {

    /** The operation types this guard decides. */
    Set<OperationType> types();

    /** Whether this request of one of {@link #types()} is the guard's to decide (all of them unless it says). */
    default boolean applies(NewOperation request) {
        return true;
    }

    /**
     * Called first in the submission's transaction, before the idempotency lookup: serializes
     * racing submissions of the same scope (a transaction-scoped lock).
     */
    void serialize(NewOperation request);

    /** Called before the insert of a new (not replayed) operation; throws to refuse it. */
    void admit(NewOperation request);

    /** Called in the same transaction once the new operation is inserted. */
    void admitted(Operation created);
}
