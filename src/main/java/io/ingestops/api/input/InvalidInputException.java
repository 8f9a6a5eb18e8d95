package io.ingestops.api.input;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;

/** A string of the request that the input policy refuses; names the field (JSON path, parameter, part). */
public class InvalidInputException extends JsonParseException {

    private final String field;
    private final String reason;

    public InvalidInputException(JsonParser parser, String field, String reason) {
        super(parser, field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    /** The policy's refusal inside {@code failure} (a mapper or a framework may have wrapped it), if any. */
    public static java.util.Optional<InvalidInputException> in(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidInputException refused) {
                return java.util.Optional.of(refused);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return java.util.Optional.empty();
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
