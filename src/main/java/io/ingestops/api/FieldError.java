package io.ingestops.api;

/** One offending field of a rejected request, listed in the problem's {@code errors}. */
public record FieldError(String field, String message) {}
