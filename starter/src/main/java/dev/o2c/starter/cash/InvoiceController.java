package dev.o2c.starter.cash;

import dev.o2c.starter.process.StartRequest;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Ids;
import dev.o2c.workflows.cash.DisputeView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** An invoice and finance's decisions on it, through its invoice-to-cash process ({@code invoice-to-cash-{id}}). */
@RestController
@RequestMapping(path = "/api/v1/invoices/{invoiceId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "invoices")
public class InvoiceController {

    static final String INVOICE = "the invoicing platform's invoice id (invoice-to-cash runs as"
            + " invoice-to-cash-{invoiceId})";

    private final InvoiceService invoices;

    public InvoiceController(InvoiceService invoices) {
        this.invoices = invoices;
    }

    @GetMapping
    @Operation(summary = "An invoice as o2c follows it, live from its invoice-to-cash process (also once settled)",
            description = "Amounts (total, paid, credited, writtenOff, balance), dunning, disputes, payments with"
                    + " their ERP application (receivedAt, appliedAt, applyDelayMillis, erpPaymentId), credits,"
                    + " write-offs and the process status. Money is {\"amount\": \"12.30\", \"currency\": \"EUR\"}.")
    @ApiResponse(responseCode = "200", description = "the invoice")
    @ApiResponse(responseCode = "400", description = "invalid invoice id")
    @ApiResponse(responseCode = "404", description = "no invoice-to-cash process for the invoice (invoice-not-found)")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not answer in time")
    public Invoice get(@Parameter(description = INVOICE) @PathVariable String invoiceId) {
        return invoices.invoice(checked("invoiceId", invoiceId));
    }

    @GetMapping("/disputes/{disputeId}")
    @Operation(summary = "One dispute of an invoice")
    @ApiResponse(responseCode = "200", description = "the dispute")
    @ApiResponse(responseCode = "400", description = "invalid invoice or dispute id")
    @ApiResponse(responseCode = "404", description = "no such invoice (invoice-not-found) or dispute"
            + " (dispute-not-found)")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not answer in time")
    public DisputeView dispute(@Parameter(description = INVOICE) @PathVariable String invoiceId,
            @Parameter(description = "D-n") @PathVariable String disputeId) {
        return invoices.dispute(checked("invoiceId", invoiceId), checked("disputeId", disputeId));
    }

    @PostMapping(path = "/disputes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Record a customer dispute (holds dunning until resolved)",
            description = "The invoice's openDispute Update. amount absent: the whole open balance. The same"
                    + " requestId again answers the same dispute.")
    @ApiResponse(responseCode = "201", description = "the dispute; Location is the dispute")
    @ApiResponse(responseCode = "400", description = "reason or actor missing or too long, malformed amount or body")
    @ApiResponse(responseCode = "404", description = "no invoice-to-cash process for the invoice")
    @ApiResponse(responseCode = "409", description = "refused: invoice-settled (SETTLED, also when the process no"
            + " longer runs), exceeds-balance (EXCEEDS_BALANCE), void-in-progress (VOID_IN_PROGRESS)")
    @ApiResponse(responseCode = "422", description = "refused: invalid-cash-decision (INVALID: amount not positive,"
            + " another currency, ...)")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not take it in time")
    public ResponseEntity<DisputeView> openDispute(@Parameter(description = INVOICE) @PathVariable String invoiceId,
            @Valid @RequestBody DisputeBody body) {
        String id = checked("invoiceId", invoiceId);
        DisputeView dispute = invoices.openDispute(id, body);
        return ResponseEntity.created(invoices.disputeLink(id, dispute.disputeId())).body(dispute);
    }

    @PostMapping(path = "/disputes/{disputeId}/resolve", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Resolve a dispute: UPHELD (a credit memo for the disputed amount) or REJECTED (dunning"
            + " resumes)", description = "The invoice's resolveDispute Update.")
    @ApiResponse(responseCode = "200", description = "the resolved dispute")
    @ApiResponse(responseCode = "400", description = "outcome or actor missing, malformed body")
    @ApiResponse(responseCode = "404", description = "no such invoice (invoice-not-found); refused:"
            + " dispute-not-found (UNKNOWN_DISPUTE)")
    @ApiResponse(responseCode = "409", description = "refused: dispute-already-resolved (ALREADY_RESOLVED),"
            + " invoice-settled (SETTLED), void-in-progress (VOID_IN_PROGRESS)")
    @ApiResponse(responseCode = "422", description = "refused: invalid-cash-decision (INVALID)")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not take it in time")
    public DisputeView resolveDispute(@Parameter(description = INVOICE) @PathVariable String invoiceId,
            @Parameter(description = "D-n") @PathVariable String disputeId,
            @Valid @RequestBody ResolveDisputeBody body) {
        return invoices.resolveDispute(checked("invoiceId", invoiceId), checked("disputeId", disputeId), body);
    }

    @PostMapping(path = "/void", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Void an unpaid invoice",
            description = "The invoice's voidInvoice Update. Accepted, the process voids it in the invoicing platform"
                    + " right after, reverses the ERP receivable and releases its entries for billing again; the"
                    + " status becomes VOID once done (GET shows the progress). reissue: true has the project bill the"
                    + " released entries again at once, on an invoice that replaces this one.")
    @ApiResponse(responseCode = "202", description = "accepted: the invoice when the decision was accepted")
    @ApiResponse(responseCode = "400", description = "reason or actor missing, malformed body")
    @ApiResponse(responseCode = "404", description = "no invoice-to-cash process for the invoice")
    @ApiResponse(responseCode = "409", description = "refused: invoice-has-payments (HAS_PAYMENTS: credit or write off"
            + " instead), invoice-settled (SETTLED), void-in-progress (VOID_IN_PROGRESS)")
    @ApiResponse(responseCode = "422", description = "refused: invalid-cash-decision (INVALID)")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not take it in time")
    public ResponseEntity<Invoice> voidInvoice(@Parameter(description = INVOICE) @PathVariable String invoiceId,
            @Valid @RequestBody VoidBody body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(invoices.voidInvoice(checked("invoiceId", invoiceId),
                body));
    }

    @PostMapping(path = "/write-off", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Write off (part of) the open balance",
            description = "The invoice's writeOff Update. Accepted, the process posts the write-off to the ERP"
                    + " receivable right after; the balance drops once posted (GET shows it). A write-off to zero"
                    + " settles the invoice (WRITTEN_OFF).")
    @ApiResponse(responseCode = "202", description = "accepted: the invoice when the decision was accepted")
    @ApiResponse(responseCode = "400", description = "amount, reason or actor missing; malformed amount or body")
    @ApiResponse(responseCode = "404", description = "no invoice-to-cash process for the invoice")
    @ApiResponse(responseCode = "409", description = "refused: exceeds-balance (EXCEEDS_BALANCE), invoice-settled"
            + " (SETTLED), void-in-progress (VOID_IN_PROGRESS)")
    @ApiResponse(responseCode = "422", description = "refused: invalid-cash-decision (INVALID: not positive, another"
            + " currency); an unknown currency")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not take it in time")
    public ResponseEntity<Invoice> writeOff(@Parameter(description = INVOICE) @PathVariable String invoiceId,
            @Valid @RequestBody WriteOffBody body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(invoices.writeOff(checked("invoiceId", invoiceId),
                body));
    }

    private static String checked(String field, String id) {
        return Ids.checked(field, id, Ids.MAX_BUSINESS_ID);
    }
}
