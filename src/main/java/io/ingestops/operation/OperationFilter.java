package io.ingestops.operation;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Filters and keyset position of a list request; {@code after*} null on the first page. */
public record OperationFilter(
        Set<OperationStatus> statuses,
        Set<OperationType> types,
        String collection,
        int limit,
        Instant afterCreatedAt,
        UUID afterId) {}
