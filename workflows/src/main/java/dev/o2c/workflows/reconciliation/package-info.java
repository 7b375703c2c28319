/**
 * Reconciliation: checks, after the fact, that the four systems agree, and opens one discrepancy per difference
 * (docs/processes.md, "Reconciliation"). The vocabulary shared by the activities, the workflow and the API.
 */
package dev.o2c.workflows.reconciliation;
