package io.ingestops.history;

import io.ingestops.operation.OperationType;
import java.time.Instant;

/** What an audit page asks for; null means any. {@code before} is the keyset position (the last event of the previous page). */
public record AuditFilter(
        String collection, OperationType type, Instant since, Instant until, int limit, Position before) {

    /** An event's place: its history row and its index in that row. */
    public record Position(long rowId, int ord) {}
}
