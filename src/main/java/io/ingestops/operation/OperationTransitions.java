package io.ingestops.operation;

import static io.ingestops.operation.OperationStatus.CANCELLED;
import static io.ingestops.operation.OperationStatus.COMPLETED;
import static io.ingestops.operation.OperationStatus.FAILED;
import static io.ingestops.operation.OperationStatus.PENDING;
import static io.ingestops.operation.OperationStatus.RUNNING;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The one table of allowed status changes (DESIGN §3). Every state-changing statement names its
 * transition here first and then applies it with {@code WHERE status = from}, so a concurrent
 * writer that already moved the operation on (for example to a terminal state) matches 0 rows.
 */
public final class OperationTransitions {

    private static final Map<OperationStatus, Set<OperationStatus>> ALLOWED = new EnumMap<>(OperationStatus.class);

    static {
        ALLOWED.put(PENDING, EnumSet.of(RUNNING, CANCELLED));
        // RUNNING -> PENDING: retry after a stale heartbeat, or hand-back at shutdown.
        ALLOWED.put(RUNNING, EnumSet.of(COMPLETED, FAILED, CANCELLED, PENDING));
        ALLOWED.put(COMPLETED, EnumSet.noneOf(OperationStatus.class));
        ALLOWED.put(FAILED, EnumSet.noneOf(OperationStatus.class));
        ALLOWED.put(CANCELLED, EnumSet.noneOf(OperationStatus.class));
    }

    private OperationTransitions() {}

    public static boolean isAllowed(OperationStatus from, OperationStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Returns {@code from} so a statement can bind it as its guard; throws if the move is not allowed. */
    public static OperationStatus require(OperationStatus from, OperationStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalStateException("transition " + from.wire() + " -> " + to.wire() + " is not allowed");
        }
        return from;
    }
}
