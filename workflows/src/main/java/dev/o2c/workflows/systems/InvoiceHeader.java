package dev.o2c.workflows.systems;

import java.time.LocalDate;

/**
 * The invoice's header for {@code createInvoice}.
 *
 * @param externalRef unique per run and incarnation (the run's workflow id): finds an invoice an earlier attempt made
 */
public record InvoiceHeader(String billingPlanId, String currency, LocalDate issueDate, LocalDate dueDate,
        String externalRef) {}
