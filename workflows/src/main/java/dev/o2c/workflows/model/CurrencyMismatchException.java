package dev.o2c.workflows.model;

/**
 * Thrown when two {@link Money} values of different currencies are combined or compared, or when a value in a
 * contract, rate card, invoice or amendment is not in the currency of the whole. It is an
 * {@link IllegalArgumentException}, so callers that treat invalid data uniformly need no extra catch.
 */
public final class CurrencyMismatchException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    public CurrencyMismatchException(String message, String expected, String actual) {
        super(message);
        this.expected = expected;
        this.actual = actual;
    }

    /** The currency that was required. */
    public String expected() {
        return expected;
    }

    /** The currency that was found. */
    public String actual() {
        return actual;
    }
}
