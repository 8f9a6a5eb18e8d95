package io.ingestops.history;

import io.ingestops.operation.OperationType;
import java.time.Instant;

/** What an audit page asks for; null means any. {@code beforeId} is the keyset position. */
public record AuditFilter(
        String collection, OperationType type, Instant since, Instant until, int limit, Long beforeId) {}
