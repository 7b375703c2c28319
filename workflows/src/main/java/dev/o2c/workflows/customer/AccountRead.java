package dev.o2c.workflows.customer;

/**
 * A CRM account as it is now: its version and CRM-owned attributes.
 *
 * @param attempt the activity attempt that succeeded
 */
public record AccountRead(String accountId, long version, MasterAttributes attributes, int attempt) {
}
