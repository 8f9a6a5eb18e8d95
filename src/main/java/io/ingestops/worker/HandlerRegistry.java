package io.ingestops.worker;

import io.ingestops.operation.OperationType;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The handlers a worker node can run, by operation type. */
public final class HandlerRegistry {

    private final Map<OperationType, OperationHandler> handlers = new EnumMap<>(OperationType.class);

    public HandlerRegistry(Collection<? extends OperationHandler> all) {
        for (OperationHandler handler : all) {
            if (handlers.put(handler.type(), handler) != null) {
                throw new IllegalStateException(
                        "two handlers for " + handler.type().wire());
            }
        }
    }

    public Optional<OperationHandler> find(OperationType type) {
        return Optional.ofNullable(handlers.get(type));
    }
}
