package dev.o2c.workflows.systems;

import dev.o2c.workflows.model.Money;
import java.time.LocalDate;

/** The invoice status the CRM shows on the opportunity (sales sees the customer's payment status). */
public record InvoiceStatusSync(String invoiceRef, String status, Money total, Money balance, LocalDate dueDate) {}
