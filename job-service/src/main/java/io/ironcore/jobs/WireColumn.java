package io.ironcore.jobs;

import jakarta.persistence.AttributeConverter;

import java.util.function.Function;

/**
 * A column holding a closed vocabulary of the events (an enum with {@code @JsonValue} wire strings) as the same text
 * the column always held: the wire string in, the enum out (null stays null; a text the vocabulary does not know is
 * an IllegalArgumentException, as it is for an event).
 */
public abstract class WireColumn<E extends Enum<E>> implements AttributeConverter<E, String> {
    private final Function<E, String> wire;
    private final Function<String, E> fromWire;

    protected WireColumn(Function<E, String> wire, Function<String, E> fromWire) {
        this.wire = wire;
        this.fromWire = fromWire;
    }

    @Override
    public String convertToDatabaseColumn(E value) {
        return value == null ? null : wire.apply(value);
    }

    @Override
    public E convertToEntityAttribute(String text) {
        return text == null ? null : fromWire.apply(text);
    }
}
