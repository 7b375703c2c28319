package dev.o2c.workflows.customer;

/**
 * The nudge of a CRM {@code account.updated} event, signalled to {@code customer-sync-{accountId}}. It carries ids
 * only: the workflow reads the account itself, so an old, repeated or out-of-order event cannot write stale data.
 *
 * @param version the account version the event announced (for the audit; not trusted for data)
 */
public record AccountUpdated(String accountId, String eventId, long version) {
}
