/**
 * Invoice-to-cash: one {@link dev.o2c.workflows.cash.InvoiceToCashWorkflow} per finalized invoice, from sending it to
 * cash applied in the ERP, with dunning, disputes, credits, voids and write-offs (docs/processes.md).
 */
package dev.o2c.workflows.cash;
