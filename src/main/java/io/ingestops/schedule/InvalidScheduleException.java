package io.ingestops.schedule;

/** A schedule request with a field the service cannot use (answered 400, naming the field). */
public class InvalidScheduleException extends RuntimeException {

    private final String field;

    public InvalidScheduleException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
