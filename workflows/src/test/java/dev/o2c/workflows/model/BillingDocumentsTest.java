package dev.o2c.workflows.model;

import static dev.o2c.workflows.model.Samples.eur;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TimeEntry, Expense, InvoiceLine, Invoice, InvoiceStatus, Payment and CreditMemo. */
class BillingDocumentsTest {

    private static final LocalDate DAY = LocalDate.of(2025, 7, 2);

    @Test
    void timeEntry() {
        TimeEntry entry = Samples.timeEntry();
        assertThat(entry.hours()).isEqualTo(new BigDecimal("7.5"));
        assertThat(entry).isEqualTo(new TimeEntry("T-1", "P-1", "alice", "Consultant", DAY, new BigDecimal("7.500"),
                "Build", "Data migration"));
        assertThat(new TimeEntry("T", "P", "a", "r", DAY, new BigDecimal("24"), " ", null).taskName()).isNull();
        assertThatThrownBy(() -> new TimeEntry("", "P", "a", "r", DAY, BigDecimal.ONE, null, null))
                .hasMessageContaining("TimeEntry.id");
        assertThatThrownBy(() -> new TimeEntry("T", " ", "a", "r", DAY, BigDecimal.ONE, null, null))
                .hasMessageContaining("TimeEntry.projectId");
        assertThatThrownBy(() -> new TimeEntry("T", "P", null, "r", DAY, BigDecimal.ONE, null, null))
                .hasMessageContaining("TimeEntry.person");
        assertThatThrownBy(() -> new TimeEntry("T", "P", "a", "", DAY, BigDecimal.ONE, null, null))
                .hasMessageContaining("TimeEntry.role");
        assertThatThrownBy(() -> new TimeEntry("T", "P", "a", "r", null, BigDecimal.ONE, null, null))
                .hasMessageContaining("TimeEntry.date");
        assertThatThrownBy(() -> new TimeEntry("T", "P", "a", "r", DAY, null, null, null))
                .hasMessageContaining("TimeEntry.hours");
        assertThatThrownBy(() -> new TimeEntry("T", "P", "a", "r", DAY, BigDecimal.ZERO, null, null))
                .hasMessageContaining("greater than 0");
        assertThatThrownBy(() -> new TimeEntry("T", "P", "a", "r", DAY, new BigDecimal("24.01"), null, null))
                .hasMessageContaining("at most 24");
        assertThatThrownBy(() -> new TimeEntry("T", "P", "a", "r", DAY, new BigDecimal("-1"), null, null))
                .hasMessageContaining("must not be negative");
    }

    @Test
    void expense() {
        assertThat(Samples.expense().billable()).isTrue();
        assertThat(new Expense("E", "P", DAY, "meals", eur("0"), "", false).description()).isNull();
        assertThatThrownBy(() -> new Expense(null, "P", DAY, "c", eur("1"), null, true)).hasMessageContaining("id");
        assertThatThrownBy(() -> new Expense("E", "", DAY, "c", eur("1"), null, true)).hasMessageContaining("projectId");
        assertThatThrownBy(() -> new Expense("E", "P", null, "c", eur("1"), null, true)).hasMessageContaining("date");
        assertThatThrownBy(() -> new Expense("E", "P", DAY, " ", eur("1"), null, true)).hasMessageContaining("category");
        assertThatThrownBy(() -> new Expense("E", "P", DAY, "c", null, null, true)).hasMessageContaining("amount");
        assertThatThrownBy(() -> new Expense("E", "P", DAY, "c", eur("-1"), null, true))
                .hasMessageContaining("must not be negative");
    }

    @Test
    void invoiceLineAmountIsQuantityTimesUnitPrice() {
        InvoiceLine line = InvoiceLine.of("Consultant", new BigDecimal("7.333"), eur("110"));
        assertThat(line.amount()).isEqualTo(eur("806.63"));
        assertThat(new InvoiceLine("x", new BigDecimal("2.50"), eur("10"), eur("25"))).isEqualTo(
                InvoiceLine.of("x", new BigDecimal("2.5"), eur("10")));
        assertThat(InvoiceLine.of("Cap adjustment", BigDecimal.ONE, eur("-500")).amount()).isEqualTo(eur("-500"));
        assertThatThrownBy(() -> new InvoiceLine("x", BigDecimal.ONE, eur("10"), eur("11")))
                .hasMessageContaining("must equal quantity 1 x unitPrice 10.00 EUR = 10.00 EUR");
        assertThatThrownBy(() -> new InvoiceLine("x", BigDecimal.ONE, eur("10"), Money.of("10", "USD")))
                .isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> InvoiceLine.of(" ", BigDecimal.ONE, eur("1"))).hasMessageContaining("description");
        assertThatThrownBy(() -> InvoiceLine.of("x", new BigDecimal("-1"), eur("1")))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> InvoiceLine.of("x", null, eur("1"))).hasMessageContaining("quantity");
    }

    @Test
    void invoiceTotalIsTheSumOfItsLines() {
        Invoice invoice = Samples.invoice();
        assertThat(invoice.total()).isEqualTo(eur("1237.80"));
        assertThat(invoice.dueDate()).isEqualTo(LocalDate.of(2025, 8, 30));
        assertThat(invoice.status()).isEqualTo(InvoiceStatus.DRAFT);
        assertThat(invoice.id()).isNull();
        assertThat(invoice.currency()).isEqualTo("EUR");
        Invoice sent = invoice.withId("INV-1").withStatus(InvoiceStatus.SENT);
        assertThat(sent.id()).isEqualTo("INV-1");
        assertThat(sent.status()).isEqualTo(InvoiceStatus.SENT);

        List<InvoiceLine> lines = invoice.lines();
        LocalDate issue = invoice.issueDate();
        assertThatThrownBy(() -> new Invoice(null, "P", "C", issue, issue, eur("1237.81"), lines, InvoiceStatus.DRAFT))
                .hasMessageContaining("must equal the sum of its lines 1237.80 EUR");
        assertThatThrownBy(() -> new Invoice(null, "P", "C", issue, issue, Money.of("1237.80", "USD"), lines,
                InvoiceStatus.DRAFT)).isInstanceOf(CurrencyMismatchException.class);
        assertThatThrownBy(() -> new Invoice(null, "P", "C", issue, issue.minusDays(1), eur("1237.80"), lines,
                InvoiceStatus.DRAFT)).hasMessageContaining("dueDate");
        assertThatThrownBy(() -> new Invoice(null, "P", "C", issue, issue, eur("0"), List.of(), InvoiceStatus.DRAFT))
                .hasMessageContaining("Invoice.lines must not be empty");
        assertThatThrownBy(() -> new Invoice(null, "", "C", issue, issue, eur("1237.80"), lines, InvoiceStatus.DRAFT))
                .hasMessageContaining("projectId");
        assertThatThrownBy(() -> new Invoice(null, "P", null, issue, issue, eur("1237.80"), lines, InvoiceStatus.DRAFT))
                .hasMessageContaining("customerExternalId");
        assertThatThrownBy(() -> new Invoice(null, "P", "C", null, issue, eur("1237.80"), lines, InvoiceStatus.DRAFT))
                .hasMessageContaining("issueDate");
        assertThatThrownBy(() -> new Invoice(null, "P", "C", issue, issue, eur("1237.80"), lines, null))
                .hasMessageContaining("status");
        List<InvoiceLine> credit = List.of(InvoiceLine.of("credit", BigDecimal.ONE, eur("-1")));
        assertThatThrownBy(() -> new Invoice(null, "P", "C", issue, issue, eur("-1"), credit, InvoiceStatus.DRAFT))
                .hasMessageContaining("Invoice.total must not be negative");
    }

    @Test
    void terminalStatuses() {
        assertThat(List.of(InvoiceStatus.values())).filteredOn(InvoiceStatus::isTerminal)
                .containsExactly(InvoiceStatus.PAID, InvoiceStatus.VOID, InvoiceStatus.WRITTEN_OFF);
    }

    @Test
    void payment() {
        assertThat(new Payment("P", "I", eur("1"), DAY, " ").reference()).isNull();
        assertThatThrownBy(() -> new Payment("", "I", eur("1"), DAY, null)).hasMessageContaining("Payment.id");
        assertThatThrownBy(() -> new Payment("P", null, eur("1"), DAY, null)).hasMessageContaining("invoiceId");
        assertThatThrownBy(() -> new Payment("P", "I", eur("0"), DAY, null)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new Payment("P", "I", eur("1"), null, null)).hasMessageContaining("receivedOn");
    }

    @Test
    void creditMemo() {
        assertThat(Samples.creditMemo().id()).isNull();
        assertThatThrownBy(() -> new CreditMemo(null, " ", eur("1"), "r", DAY)).hasMessageContaining("invoiceId");
        assertThatThrownBy(() -> new CreditMemo(null, "I", eur("-1"), "r", DAY)).hasMessageContaining("must be positive");
        assertThatThrownBy(() -> new CreditMemo(null, "I", eur("1"), "", DAY)).hasMessageContaining("reason");
        assertThatThrownBy(() -> new CreditMemo(null, "I", eur("1"), "r", null)).hasMessageContaining("issuedOn");
    }
}
