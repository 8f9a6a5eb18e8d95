package io.ingestops.operation;

/** The operation a submission created, or the original one when an idempotency key was replayed. */
public record Submission(Operation operation, boolean replayed) {}
