package io.ingestops.worker;

/** Fired once at start, before the replica's LISTEN connection opens, so features can subscribe to channels. */
public record ListenerReady(WorkListener listener) {}
