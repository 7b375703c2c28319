package dev.o2c.workflows.billing;

/**
 * Invoice-to-cash voided an invoice of the project (its entries are released in the PSA). The project gives its net
 * amount back to the cap, makes its milestones billable again, and links the next invoice to it; with
 * {@code reissue} it queues a run at once through the voided run's date.
 */
public record InvoiceVoided(String invoiceId, String invoiceNumber, String reason, String actor, boolean reissue) {}
