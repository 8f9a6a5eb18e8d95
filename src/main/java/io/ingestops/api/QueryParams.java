package io.ingestops.api;

/**
 * Parses numeric query parameters itself: JAX-RS would answer a non-number with 404, where a
 * client deserves a 400 naming the parameter.
 */
final class QueryParams {

    private QueryParams() {}

    static int intInRange(String name, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.invalidArgument(name, "must be an integer");
        }
        if (parsed < min || parsed > max) {
            throw ApiException.invalidArgument(name, "must be between " + min + " and " + max);
        }
        return parsed;
    }
}
