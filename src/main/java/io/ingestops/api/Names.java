package io.ingestops.api;

/** Shapes of names clients choose. */
final class Names {

    static final String COLLECTION = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";
    static final String COLLECTION_MESSAGE =
            "must be 1-128 characters of letters, digits, '.', '_' or '-', starting with a letter or digit";

    /** Longest source id a client may name (text, batch message id, remove-source). */
    static final int SOURCE_ID_MAX = 512;

    private Names() {}
}
