package io.ingestops.operation;

import java.util.Map;

/**
 * A handler input as the operation resource describes it (DESIGN §7 "Who and what"): a small summary
 * that never repeats a submitted text or a file's contents, and the caller's metadata.
 */
public interface DescribedInput {

    /** For example {@code {"source_id": "faq", "characters": 1200}}; stored with the operation. */
    Map<String, Object> summary();

    /** The metadata the caller submitted, or null. */
    default Map<String, Object> metadata() {
        return null;
    }
}
