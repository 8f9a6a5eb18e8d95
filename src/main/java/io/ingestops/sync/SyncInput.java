package io.ingestops.sync;

/** Input of a {@code sync} operation: the collection and the source folder, relative to the sync root. */
public record SyncInput(String collection, String source) {}
