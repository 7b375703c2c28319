package dev.o2c.workflows.cash;

import dev.o2c.workflows.saga.ParkableProcess;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Invoice-to-cash: one workflow per finalized invoice, {@code invoice-to-cash-{invoiceId}}, started by the billing run
 * that issued it. It sends the invoice, syncs its status to the CRM, then follows it until it is settled: paid, voided,
 * credited or written off to zero.
 *
 * <p>Facts from the systems that cannot be refused are signals ({@code paymentReceived}, {@code invoiceRejected},
 * {@code invoiceCredited}); finance decisions are Updates with validators ({@link CashRefusal} says why one is
 * refused): {@code openDispute}, {@code resolveDispute}, {@code voidInvoice}, {@code writeOff}. An accepted decision
 * changes the invoice's state at once and is carried out in the systems by the workflow right after; the
 * {@code invoice} query shows both.
 */
@WorkflowInterface
public interface InvoiceToCashWorkflow extends ParkableProcess {

    String PROCESS_TYPE = "invoice-to-cash";
    String OPEN_DISPUTE = "openDispute";
    String RESOLVE_DISPUTE = "resolveDispute";
    String VOID_INVOICE = "voidInvoice";
    String WRITE_OFF = "writeOff";

    static String workflowId(String invoiceId) {
        return "invoice-to-cash-" + invoiceId;
    }

    @WorkflowMethod
    InvoiceToCashResult run(InvoiceToCashRequest request);

    /** The invoice as o2c follows it: amounts, dunning, disputes, payments with their ERP application. */
    @QueryMethod
    InvoiceView invoice();

    /** {@code payment.received}: a payment the invoicing platform recorded. The same payment id again is ignored. */
    @SignalMethod
    void paymentReceived(PaymentReceived payment);

    /** {@code invoice.rejected}: the customer rejected the invoice; the process parks for finance-ops. */
    @SignalMethod
    void invoiceRejected(InvoiceRejected rejection);

    /** {@code invoice.credited}: a credit memo on the invoice (o2c's own, from an upheld dispute, is known already). */
    @SignalMethod
    void invoiceCredited(InvoiceCredited credit);

    @UpdateMethod(name = OPEN_DISPUTE)
    DisputeView openDispute(DisputeRequest request);

    @UpdateValidatorMethod(updateName = OPEN_DISPUTE)
    void validateOpenDispute(DisputeRequest request);

    @UpdateMethod(name = RESOLVE_DISPUTE)
    DisputeView resolveDispute(DisputeResolution resolution);

    @UpdateValidatorMethod(updateName = RESOLVE_DISPUTE)
    void validateResolveDispute(DisputeResolution resolution);

    @UpdateMethod(name = VOID_INVOICE)
    InvoiceView voidInvoice(VoidRequest request);

    @UpdateValidatorMethod(updateName = VOID_INVOICE)
    void validateVoidInvoice(VoidRequest request);

    @UpdateMethod(name = WRITE_OFF)
    InvoiceView writeOff(WriteOffRequest request);

    @UpdateValidatorMethod(updateName = WRITE_OFF)
    void validateWriteOff(WriteOffRequest request);
}
