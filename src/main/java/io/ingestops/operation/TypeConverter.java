package io.ingestops.operation;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores {@link OperationType} as its lower-case wire name (the column has a CHECK constraint). */
@Converter
public class TypeConverter implements AttributeConverter<OperationType, String> {
    @Override
    public String convertToDatabaseColumn(OperationType type) {
        return type == null ? null : type.wire();
    }

    @Override
    public OperationType convertToEntityAttribute(String value) {
        return value == null ? null : OperationType.fromWire(value);
    }
}
