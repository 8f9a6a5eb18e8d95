package io.ingestops.operation;

/**
 * Who changes an operation, as its history records it: a user (the token's {@code sub}), a worker
 * node (its worker id), a reaper, or the system. Every statement that changes a status or asks
 * for a cancel names one ({@code changed_by}); the history table refuses an event without one.
 */
public record Actor(Kind kind, String id) {

    public enum Kind {
        USER,
        WORKER,
        REAPER,
        SYSTEM;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static final Actor STALE_HEARTBEAT_REAPER = new Actor(Kind.REAPER, "stale-heartbeat");
    public static final Actor DEADLINE_REAPER = new Actor(Kind.REAPER, "deadline");

    /** The caller of an API request; the system when the request carries no subject. */
    public static Actor user(String subject) {
        return subject == null ? new Actor(Kind.SYSTEM, null) : new Actor(Kind.USER, subject);
    }

    public static Actor worker(String workerId) {
        return new Actor(Kind.WORKER, workerId);
    }

    /** The form {@code changed_by} takes: {@code kind:id}. */
    public String wire() {
        return kind.wire() + ":" + (id == null ? "" : id);
    }
}
