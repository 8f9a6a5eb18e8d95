package io.ingestops.operation;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link OperationStatus} as its lower-case wire name (the column has a CHECK constraint). */
@Converter
public class StatusConverter implements AttributeConverter<OperationStatus, String> {
    @Override
    public String convertToDatabaseColumn(OperationStatus status) {
        return status == null ? null : status.wire();
    }

    @Override
    public OperationStatus convertToEntityAttribute(String value) {
        return value == null ? null : OperationStatus.fromWire(value);
    }
}
