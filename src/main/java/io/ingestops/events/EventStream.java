package io.ingestops.events;

import java.util.UUID;

/** One open server-sent event stream, as the hub sees it. */
interface EventStream {

    String tenantId();

    /** The operation this stream follows, or null for a tenant feed. */
    UUID operationId();

    /** Something about operation {@code id} may have changed: re-read and send what is new. */
    void changed(UUID id);

    /** Sends a keepalive comment; false if the client is gone. */
    boolean keepalive();

    boolean isClosed();

    void close();
}
