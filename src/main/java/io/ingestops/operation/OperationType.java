package io.ingestops.operation;

import java.util.Locale;

/** The kinds of operation the service runs; each is served by one {@code OperationHandler}. */
public enum OperationType {
    INGEST_TEXT,
    INGEST_BATCH,
    INGEST_FILES,
    SYNC,
    REINDEX,
    REMOVE_SOURCE,
    DELETE_COLLECTION;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OperationType fromWire(String value) {
        for (OperationType type : values()) {
            if (type.wire().equals(value)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown operation type: " + value);
    }
}
