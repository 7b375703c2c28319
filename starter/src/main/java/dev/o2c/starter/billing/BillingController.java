package dev.o2c.starter.billing;

import dev.o2c.starter.web.Ids;
import dev.o2c.starter.process.StartRequest;
import dev.o2c.starter.web.ApiProblem;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A project's billing: its contract, runs and amendments ({@code project-billing-{psaProjectId}}). */
@RestController
@RequestMapping(path = "/api/v1/projects/{psaProjectId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "billing")
public class BillingController {

    static final String PROJECT = "the PSA project id (project-to-billing runs as project-billing-{psaProjectId})";

    private final ProjectBillingService billing;

    public BillingController(ProjectBillingService billing) {
        this.billing = billing;
    }

    @GetMapping("/billing")
    @Operation(summary = "A project's contract and billing, live from its project-to-billing process",
            description = "Contract terms in force (all accepted amendments applied), cap consumption, approved and"
                    + " unbilled work, the next period end, the billing runs and the amendments. Money is"
                    + " {\"amount\": \"12.30\", \"currency\": \"EUR\"}.")
    @ApiResponse(responseCode = "200", description = "the project's billing")
    @ApiResponse(responseCode = "400", description = "invalid project id")
    @ApiResponse(responseCode = "404", description = "no billing process for the project (project-billing-not-found)")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not answer in time")
    public ProjectBilling get(@Parameter(description = PROJECT) @PathVariable String psaProjectId) {
        return billing.billing(checked(psaProjectId));
    }

    @PostMapping(path = "/billing-runs", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Bill approved, unbilled work up to a date now (bill-now)",
            description = "The project's billNow Update: the process queues a billing run (it starts once the run"
                    + " before it, if any, ended) and answers with it, or refuses with a reason. With an"
                    + " Idempotency-Key, sending the same request again (after a timeout or a 503, say) answers the"
                    + " run the first one queued instead of queuing another: the key is the Update's id, which"
                    + " Temporal keeps for the process's current run.")
    @ApiResponse(responseCode = "202", description = "a billing run is queued; Location is the run's process")
    @ApiResponse(responseCode = "400", description = "missing or malformed through (YYYY-MM-DD), malformed body")
    @ApiResponse(responseCode = "404", description = "no billing process for the project")
    @ApiResponse(responseCode = "409", description = "refused: project-ended (PROJECT_ENDED)")
    @ApiResponse(responseCode = "422", description = "refused: invalid-billing-date (INVALID_DATE: in the future or"
            + " before the contract starts), invalid-change (INVALID)")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not take it in time")
    public ResponseEntity<BillingRunAccepted> billNow(
            @Parameter(description = PROJECT) @PathVariable String psaProjectId,
            @Parameter(description = "optional: the same key answers the run the first request with it queued"
                    + " (1-" + MAX_IDEMPOTENCY_KEY + " visible ASCII characters)")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Valid @RequestBody BillNowBody body) {
        BillingRunAccepted accepted = billing.billNow(checked(psaProjectId), body, idempotencyKey(idempotencyKey));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(accepted.links().get("process"))
                .body(accepted);
    }

    @PostMapping(path = "/amendments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Amend the project's contract (numbered, effective-dated)",
            description = "The project's amend Update with source api (o2c writes the change to PSA, invoicing, ERP and"
                    + " back to the CRM in a propagation process). Amounts are decimal strings (or numbers) in the"
                    + " contract's currency. number must be the project's lastAmendmentNumber + 1.")
    @ApiResponse(responseCode = "200", description = "applied: the contract now in force and the propagation process")
    @ApiResponse(responseCode = "400", description = "number, effectiveFrom or reason missing; malformed body or date")
    @ApiResponse(responseCode = "404", description = "no billing process for the project")
    @ApiResponse(responseCode = "409", description = "refused: duplicate-amendment (DUPLICATE), amendment-out-of-order"
            + " (OUT_OF_ORDER), both with expectedNumber; project-ended (PROJECT_ENDED)")
    @ApiResponse(responseCode = "422", description = "invalid-terms (errors name each field: an amount that is no"
            + " decimal, another currency, a rate card out of order, ...); refused: invalid-change (INVALID),"
            + " inside-billed-period (INSIDE_BILLED_PERIOD), rewrites-history (REWRITES_HISTORY)")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not answer in time")
    public AmendmentApplied amend(
            @Parameter(description = PROJECT) @PathVariable String psaProjectId,
            @Valid @RequestBody AmendmentBody body) {
        return billing.amend(checked(psaProjectId), body);
    }

    /** The request header that makes a bill-now safe to send again. */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final int MAX_IDEMPOTENCY_KEY = 200;
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1," + MAX_IDEMPOTENCY_KEY + "}");

    /** The header's key, null when absent; 400 when it is empty, too long or not visible ASCII. */
    private static String idempotencyKey(String header) {
        if (header == null) {
            return null;
        }
        if (!VISIBLE_ASCII.matcher(header).matches()) {
            throw ApiProblem.invalidField(IDEMPOTENCY_KEY, "1 to " + MAX_IDEMPOTENCY_KEY
                    + " visible ASCII characters (no spaces)");
        }
        return header;
    }

    private static String checked(String psaProjectId) {
        return Ids.checked("psaProjectId", psaProjectId, Ids.MAX_BUSINESS_ID);
    }
}
