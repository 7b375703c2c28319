package dev.o2c.workflows.cash;

import dev.o2c.workflows.common.ProcessStatus;

/** How invoice-to-cash ended: the process status and the invoice as it was then. */
public record InvoiceToCashResult(ProcessStatus status, InvoiceView invoice, String detail) {}
