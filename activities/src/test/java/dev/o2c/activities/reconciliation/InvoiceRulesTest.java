package dev.o2c.activities.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The receivables and payments rules on the systems' JSON, one rule at a time (the HTTP paths: the activity test). */
class InvoiceRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String T0 = "2026-03-01T10:00:00Z";

    private static JsonNode invoice(String status, String total, String paid, String balance) {
        return JSON.readTree("""
                {"id": "inv_1", "number": "INV-1", "status": "%s", "currency": "EUR", "total": "%s",
                 "amountPaid": "%s", "balance": "%s", "updatedAt": "%s"}""".formatted(status, total, paid, balance, T0));
    }

    private static JsonNode receivable(String id, String status, String amount, String balance, String payments,
            String writeOffs) {
        return JSON.readTree("""
                {"id": "%s", "invoiceRef": "inv_1", "status": "%s", "currency": "EUR", "amount": "%s", "balance": "%s",
                 "payments": [%s], "writeOffs": [%s], "updatedAt": "%s"}"""
                .formatted(id, status, amount, balance, payments, writeOffs, T0));
    }

    private static String applied(String id, String ref, String amount, String createdAt) {
        return """
                {"id": "%s", "paymentRef": "%s", "amount": "%s", "currency": "EUR", "createdAt": "%s"}"""
                .formatted(id, ref, amount, createdAt);
    }

    private static JsonNode payment(String id, String amount) {
        return JSON.readTree("""
                {"id": "%s", "invoiceId": "inv_1", "amount": "%s", "currency": "EUR", "createdAt": "%s"}"""
                .formatted(id, amount, T0));
    }

    private static List<String> fingerprints(List<Found> found) {
        return found.stream().map(Found::fingerprint).toList();
    }

    @Test
    void anInvoiceAndItsReceivableInStepAreNoDiscrepancy() {
        assertThat(InvoiceRules.receivables(invoice("SENT", "100.00", "0.00", "100.00"),
                List.of(receivable("rcv_1", "OPEN", "100", "100.00", "", "")))).isEmpty();
        // a write-off lowers the ERP's balance only
        assertThat(InvoiceRules.receivables(invoice("SENT", "100.00", "0.00", "100.00"),
                List.of(receivable("rcv_1", "WRITTEN_OFF", "100.00", "0.00", "", "{\"amount\": \"100.00\"}")))).isEmpty();
    }

    @Test
    void aWrongAmountIsReportedAloneAndPaymentsThatDifferAreLeftToThePaymentsCheck() {
        assertThat(fingerprints(InvoiceRules.receivables(invoice("PAID", "100.00", "100.00", "0.00"),
                List.of(receivable("rcv_1", "OPEN", "90.00", "90.00", "", "")))))
                .containsExactly("RECEIVABLE_AMOUNT_MISMATCH|inv_1|rcv_1");
        assertThat(InvoiceRules.receivables(invoice("PAID", "100.00", "100.00", "0.00"),
                List.of(receivable("rcv_1", "OPEN", "100.00", "100.00", "", "")))).isEmpty();
    }

    @Test
    void balanceAndStatusDifferWhenPaymentsAgree() {
        String paid = applied("rpy_1", "pay_1", "100.00", T0);
        assertThat(fingerprints(InvoiceRules.receivables(invoice("PAID", "100.00", "100.00", "0.00"),
                List.of(receivable("rcv_1", "PARTIALLY_PAID", "100.00", "0.00", paid, "")))))
                .containsExactly("RECEIVABLE_STATUS_MISMATCH|inv_1|rcv_1");
        assertThat(fingerprints(InvoiceRules.receivables(invoice("SENT", "100.00", "0.00", "60.00"),
                List.of(receivable("rcv_1", "OPEN", "100.00", "100.00", "", "")))))
                .containsExactly("RECEIVABLE_BALANCE_MISMATCH|inv_1|rcv_1");
    }

    @Test
    void missingDuplicateAndNotReversedReceivables() {
        assertThat(fingerprints(InvoiceRules.receivables(invoice("SENT", "100.00", "0.00", "100.00"),
                List.of(receivable("rcv_0", "REVERSED", "100.00", "0.00", "", "")))))
                .containsExactly("RECEIVABLE_MISSING|inv_1");
        assertThat(InvoiceRules.receivables(invoice("SENT", "100.00", "0.00", "100.00"),
                List.of(receivable("rcv_2", "OPEN", "100.00", "100.00", "", ""),
                        receivable("rcv_1", "OPEN", "100.00", "100.00", "", ""))))
                .singleElement().satisfies(f -> {
                    assertThat(f.fingerprint()).isEqualTo("RECEIVABLE_DUPLICATE|inv_1");
                    assertThat(f.cause()).contains("rcv_1, rcv_2");
                });
        assertThat(fingerprints(InvoiceRules.receivables(invoice("VOID", "100.00", "0.00", "0.00"),
                List.of(receivable("rcv_1", "OPEN", "100.00", "100.00", "", "")))))
                .containsExactly("RECEIVABLE_ORPHAN|rcv_1");
        assertThat(InvoiceRules.receivables(invoice("VOID", "100.00", "0.00", "0.00"),
                List.of(receivable("rcv_1", "REVERSED", "100.00", "0.00", "", "")))).isEmpty();
    }

    @Test
    void paymentsMissingTwiceLateOtherAmountAndUnknown() {
        Duration late = Duration.ofHours(1);
        JsonNode invoice = invoice("PARTIALLY_PAID", "100.00", "60.00", "40.00");
        String onTime = "2026-03-01T10:30:00Z";
        assertThat(fingerprints(InvoiceRules.payments(invoice, receivable("rcv_1", "OPEN", "100.00", "100.00", "", ""),
                List.of(payment("pay_1", "60.00")), late))).containsExactly("PAYMENT_NOT_APPLIED|pay_1");
        assertThat(fingerprints(InvoiceRules.payments(invoice, receivable("rcv_1", "PAID", "100.00", "0.00",
                applied("rpy_1", "pay_1", "60.00", onTime) + "," + applied("rpy_2", "pay_1", "40.00", onTime), ""),
                List.of(payment("pay_1", "60.00")), late))).containsExactly("PAYMENT_APPLIED_TWICE|pay_1");
        assertThat(fingerprints(InvoiceRules.payments(invoice, receivable("rcv_1", "PARTIALLY_PAID", "100.00", "40.00",
                applied("rpy_1", "pay_1", "60.00", "2026-03-01T11:00:01Z"), ""),
                List.of(payment("pay_1", "60.00")), late))).containsExactly("PAYMENT_APPLIED_LATE|pay_1|rpy_1");
        assertThat(fingerprints(InvoiceRules.payments(invoice, receivable("rcv_1", "PARTIALLY_PAID", "100.00", "50.00",
                applied("rpy_1", "pay_1", "50.00", onTime) + "," + applied("rpy_9", "pay_other", "5.00", onTime), ""),
                List.of(payment("pay_1", "60.00")), late)))
                .containsExactly("PAYMENT_AMOUNT_MISMATCH|pay_1|rpy_1", "PAYMENT_UNKNOWN|rpy_9");
        assertThat(InvoiceRules.payments(invoice, receivable("rcv_1", "PARTIALLY_PAID", "100.00", "40.00",
                applied("rpy_1", "pay_1", "60.00", onTime), ""), List.of(payment("pay_1", "60.00")), late)).isEmpty();
    }
}
