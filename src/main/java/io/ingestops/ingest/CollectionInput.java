package io.ingestops.ingest;

/** Input of the collection-wide operations: reindex, remove_source (with a source id), delete_collection. */
public record CollectionInput(String collection, String sourceId) {}
