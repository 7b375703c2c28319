package dev.o2c.workflows.customer;

/**
 * The answer of the ERP customer write.
 *
 * @param applied false when the customer was no longer at the expected version (someone wrote in between): nothing
 *     was written, the workflow reads both sides again
 * @param version the customer's version after the write (or its current one when not applied)
 * @param attempt the activity attempt that succeeded
 */
public record CustomerWritten(boolean applied, long version, int attempt) {
}
