package io.ingestops.operation;

import java.util.UUID;

/** A heartbeat that matched its claim, with what the same round trip read back. */
public record HeartbeatAck(UUID id, boolean cancelRequested, boolean pastDeadline) {}
