package io.ingestops.operation;

import java.util.Locale;

/** Lifecycle states of an operation; the allowed moves between them live in {@link OperationTransitions}. */
public enum OperationStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** The lower-case name used in the database and on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    public static OperationStatus fromWire(String value) {
        for (OperationStatus status : values()) {
            if (status.wire().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status: " + value);
    }
}
