package io.ingestops.api;

/** Checks on client text that Bean Validation does not express. */
final class TextInputs {

    private TextInputs() {}

    /** PostgreSQL text and jsonb cannot hold U+0000; refuse it up front instead of failing at insert. */
    static void requireNoNul(String field, String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw ApiException.invalidArgument(field, "must not contain NUL (U+0000) characters");
        }
    }

    /** The same for every key and string value of a JSON object, however deep. */
    static void requireNoNul(String field, Object json) {
        if (json instanceof String text) {
            requireNoNul(field, text);
        } else if (json instanceof java.util.Map<?, ?> map) {
            map.forEach((key, value) -> {
                requireNoNul(field, String.valueOf(key));
                requireNoNul(field, value);
            });
        } else if (json instanceof java.util.Collection<?> list) {
            list.forEach(item -> requireNoNul(field, item));
        }
    }
}
