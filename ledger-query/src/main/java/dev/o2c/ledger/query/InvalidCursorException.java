package dev.o2c.ledger.query;

/** A cursor that this module did not hand out (tampered, truncated, or from another list). */
public class InvalidCursorException extends IllegalArgumentException {
    public InvalidCursorException(String message) {
        super(message);
    }
}
