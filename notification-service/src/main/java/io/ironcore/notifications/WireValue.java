package io.ironcore.notifications;

import jakarta.persistence.AttributeConverter;

/**
 * A closed vocabulary stored and written as its wire strings: {@link #wire()} is the string in the database and in
 * JSON; {@link Column} maps a column of such strings to the enum.
 */
public interface WireValue {
    String wire();

    /** The constant whose wire string is {@code wire}; IllegalArgumentException for another string. */
    static <E extends Enum<E> & WireValue> E of(Class<E> type, String wire) {
        for (E e : type.getEnumConstants()) {
            if (e.wire().equals(wire)) {
                return e;
            }
        }
        throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + wire);
    }

    /** A column of wire strings (null stays null). */
    abstract class Column<E extends Enum<E> & WireValue> implements AttributeConverter<E, String> {
        private final Class<E> type;

        protected Column(Class<E> type) {
            this.type = type;
        }

        @Override
        public String convertToDatabaseColumn(E value) {
            return value == null ? null : value.wire();
        }

        @Override
        public E convertToEntityAttribute(String wire) {
            return wire == null ? null : of(type, wire);
        }
    }
}
