package dev.o2c.starter.reconciliation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reconciliation runs and the discrepancies they found (docs/processes.md, "Reconciliation"). */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "reconciliation")
public class ReconciliationController {

    static final String KINDS = "a discrepancy kind: NOT_PROVISIONED, PSA_PROJECT_MISSING, ERP_PROJECT_MISSING,"
            + " BILLING_PLAN_MISSING, PROVISIONING_DUPLICATE, PROVISIONING_UNLINKED, WORK_UNBILLED, WORK_BILLED_TWICE,"
            + " WORK_MARK_MISMATCH, RECEIVABLE_MISSING, RECEIVABLE_DUPLICATE, RECEIVABLE_ORPHAN,"
            + " RECEIVABLE_AMOUNT_MISMATCH, RECEIVABLE_BALANCE_MISMATCH, RECEIVABLE_STATUS_MISMATCH, PAYMENT_NOT_APPLIED,"
            + " PAYMENT_APPLIED_TWICE, PAYMENT_APPLIED_LATE, PAYMENT_AMOUNT_MISMATCH, PAYMENT_UNKNOWN; all when absent";

    private final ReconciliationService reconciliations;

    public ReconciliationController(ReconciliationService reconciliations) {
        this.reconciliations = reconciliations;
    }

    @PostMapping("/reconciliations")
    @Operation(summary = "Reconcile the four systems now (or answer the run going on)")
    @ApiResponse(responseCode = "202", description = "a run started; Location is its report")
    @ApiResponse(responseCode = "200", description = "a run is going on: it is answered, nothing starts")
    @ApiResponse(responseCode = "400", description = "an unknown check")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable")
    public ResponseEntity<ReconciliationStarted> start(
            @Valid @RequestBody(required = false) ReconciliationRequestBody body) {
        ReconciliationStarted started = reconciliations.start(body == null ? null : body.checks());
        return ResponseEntity.status(started.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(started.links().get("self"))
                .body(started);
    }

    @GetMapping("/reconciliations")
    @Operation(summary = "Reconciliation runs, newest first, each with its report")
    @ApiResponse(responseCode = "200", description = "one page")
    @ApiResponse(responseCode = "400", description = "invalid limit or cursor")
    @ApiResponse(responseCode = "503", description = "the ledger unavailable")
    public ReconciliationPage list(
            @Parameter(description = "page size, 1..200") @RequestParam(required = false, defaultValue = "50") @Min(1) @Max(200) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return reconciliations.list(limit, cursor);
    }

    @GetMapping("/reconciliations/{runId}")
    @Operation(summary = "One run's report: per check what it read and found, what it opened and closed")
    @ApiResponse(responseCode = "200", description = "the report")
    @ApiResponse(responseCode = "400", description = "runId is not a run id (rec-yyyyMMddTHHmmssZ)")
    @ApiResponse(responseCode = "404", description = "no such run")
    @ApiResponse(responseCode = "503", description = "the ledger unavailable")
    public Reconciliation get(@PathVariable String runId) {
        return reconciliations.report(runId);
    }

    @GetMapping("/reconciliations/{runId}/discrepancies")
    @Operation(summary = "The discrepancies of one run: those it found (new or already open), skipped or closed")
    @ApiResponse(responseCode = "200", description = "one page, newest first")
    @ApiResponse(responseCode = "400", description = "invalid runId, kind, status, limit or cursor")
    @ApiResponse(responseCode = "404", description = "no such run")
    @ApiResponse(responseCode = "503", description = "the ledger unavailable")
    public DiscrepancyPage runDiscrepancies(@PathVariable String runId,
            @Parameter(description = KINDS) @RequestParam(required = false) String kind,
            @Parameter(description = "open, acknowledged or closed; all when absent") @RequestParam(required = false) String status,
            @Parameter(description = "page size, 1..200") @RequestParam(required = false, defaultValue = "50") @Min(1) @Max(200) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return reconciliations.runDiscrepancies(runId, kind, status, limit, cursor);
    }

    @GetMapping("/discrepancies")
    @Operation(summary = "Discrepancies of every run, newest first")
    @ApiResponse(responseCode = "200", description = "one page")
    @ApiResponse(responseCode = "400", description = "invalid status, kind, owner team, check, limit or cursor")
    @ApiResponse(responseCode = "503", description = "the ledger unavailable")
    public DiscrepancyPage discrepancies(
            @Parameter(description = "open, acknowledged or closed; all when absent") @RequestParam(required = false) String status,
            @Parameter(description = KINDS) @RequestParam(required = false) String kind,
            @Parameter(description = "owner team: sales-ops, pmo, finance-ops, it") @RequestParam(required = false) String ownerTeam,
            @Parameter(description = "provisioning, work, receivables or payments") @RequestParam(required = false) String check,
            @Parameter(description = "page size, 1..200") @RequestParam(required = false, defaultValue = "50") @Min(1) @Max(200) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return reconciliations.discrepancies(status, kind, ownerTeam, check, limit, cursor);
    }
}
