package dev.o2c.starter.process;

import dev.o2c.starter.web.Ids;
import dev.o2c.starter.exception.ExceptionController;
import dev.o2c.starter.exception.ResolutionAccepted;
import dev.o2c.starter.exception.ResolutionRequest;
import dev.o2c.starter.web.Correlation;
import dev.o2c.starter.web.Links;
import dev.o2c.workflows.common.ResolutionAction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "processes")
public class ProcessController {

    static final String DECIDE = "Reads the exception the process is parked on from its live state and sends the"
            + " decision for it, so it works even when the ledger has no record of the exception. Same body and"
            + " answers as /exceptions/{id}/retry|skip|abort.";
    static final String EXCEPTION_ID = "the exception meant (the openException links carry it): refused as stale when"
            + " the process is parked on another one by now; absent: whichever is open";

    private final ProcessStarter starter;
    private final ProcessService processes;
    private final Links links;

    public ProcessController(ProcessStarter starter, ProcessService processes, Links links) {
        this.starter = starter;
        this.processes = processes;
        this.links = links;
    }

    @PostMapping(path = "/opportunity-to-project", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start opportunity-to-project for a won opportunity, or provision it again",
            description = "One process per opportunity, one run at a time. A running process, or one that ended"
                    + " COMPLETED or FAILED, is answered (200) and nothing starts. One that ended ABORTED or COMPENSATED"
                    + " (fixed at the source since) starts a new run with the next incarnation; one the ledger marks"
                    + " LOST (the Temporal server no longer has it) starts again under the same incarnation (202).")
    @ApiResponse(responseCode = "202", description = "a run started (the first, or a new incarnation); Location is the process")
    @ApiResponse(responseCode = "200", description = "the process is running or ended COMPLETED or FAILED: it is answered, nothing starts")
    @ApiResponse(responseCode = "400", description = "invalid body, or an id that is not an id")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable")
    public ResponseEntity<StartResponse> start(@Valid @RequestBody StartRequest request) {
        StartOutcome outcome = starter.startOpportunityToProject(request.opportunityId(), Correlation.current(), "api");
        URI location = links.process(outcome.workflowId());
        StartResponse body = new StartResponse(outcome.workflowId(), outcome.runId(), outcome.status(),
                outcome.correlationId(), outcome.created(), outcome.incarnation(),
                processes.processLinks(outcome.workflowId()));
        return ResponseEntity.status(outcome.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(location)
                .body(body);
    }

    @GetMapping("/processes/{workflowId}")
    @Operation(summary = "A process: live state from its workflow (ledger projection once Temporal no longer has it), with its audit trail")
    @ApiResponse(responseCode = "200", description = "the process")
    @ApiResponse(responseCode = "400", description = "workflowId not an id (at most 200 letters, digits and . _ : -)")
    @ApiResponse(responseCode = "404", description = "no such process")
    @ApiResponse(responseCode = "503", description = "Temporal or the ledger unavailable")
    public ProcessDetails get(@PathVariable String workflowId) {
        return processes.get(Ids.checked("workflowId", workflowId, Ids.MAX_WORKFLOW_ID));
    }

    @PostMapping("/processes/{workflowId}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Run the step the process is parked on again (the open exception from its live state)",
            description = DECIDE)
    @ApiResponse(responseCode = "202", description = "the process took the decision")
    @ApiResponse(responseCode = "400", description = "invalid body, or an id that is not an id")
    @ApiResponse(responseCode = "404", description = "no such process")
    @ApiResponse(responseCode = "409", description = ExceptionController.CONFLICTS)
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not answer in time")
    public ResolutionAccepted retry(@PathVariable String workflowId,
            @Parameter(description = EXCEPTION_ID) @RequestParam(required = false) String exceptionId,
            @Valid @RequestBody(required = false) ResolutionRequest body) {
        return processes.decide(Ids.checked("workflowId", workflowId, Ids.MAX_WORKFLOW_ID), ResolutionAction.RETRY, body,
                Ids.checkedIfPresent("exceptionId", exceptionId, Ids.MAX_WORKFLOW_ID));
    }

    @PostMapping("/processes/{workflowId}/skip")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Go on without the step the process is parked on, where the step allows it",
            description = DECIDE)
    @ApiResponse(responseCode = "202", description = "the process took the decision")
    @ApiResponse(responseCode = "400", description = "invalid body, or an id that is not an id")
    @ApiResponse(responseCode = "404", description = "no such process")
    @ApiResponse(responseCode = "409", description = ExceptionController.CONFLICTS)
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not answer in time")
    public ResolutionAccepted skip(@PathVariable String workflowId,
            @Parameter(description = EXCEPTION_ID) @RequestParam(required = false) String exceptionId,
            @Valid @RequestBody(required = false) ResolutionRequest body) {
        return processes.decide(Ids.checked("workflowId", workflowId, Ids.MAX_WORKFLOW_ID), ResolutionAction.SKIP, body,
                Ids.checkedIfPresent("exceptionId", exceptionId, Ids.MAX_WORKFLOW_ID));
    }

    @PostMapping("/processes/{workflowId}/abort")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Compensate what the parked process did and end it as ABORTED", description = DECIDE)
    @ApiResponse(responseCode = "202", description = "the process took the decision")
    @ApiResponse(responseCode = "400", description = "invalid body, or an id that is not an id")
    @ApiResponse(responseCode = "404", description = "no such process")
    @ApiResponse(responseCode = "409", description = ExceptionController.CONFLICTS)
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not answer in time")
    public ResolutionAccepted abort(@PathVariable String workflowId,
            @Parameter(description = EXCEPTION_ID) @RequestParam(required = false) String exceptionId,
            @Valid @RequestBody(required = false) ResolutionRequest body) {
        return processes.decide(Ids.checked("workflowId", workflowId, Ids.MAX_WORKFLOW_ID), ResolutionAction.ABORT, body,
                Ids.checkedIfPresent("exceptionId", exceptionId, Ids.MAX_WORKFLOW_ID));
    }

    @GetMapping("/processes")
    @Operation(summary = "Processes newest first, from the ledger projection")
    @ApiResponse(responseCode = "200", description = "one page")
    @ApiResponse(responseCode = "400", description = "invalid type, status, limit or cursor")
    public ProcessPage list(
            @Parameter(description = "process type, e.g. opportunity-to-project") @RequestParam(required = false) String type,
            @Parameter(description = "process status, e.g. NEEDS_ATTENTION or LOST") @RequestParam(required = false) String status,
            @Parameter(description = "page size, 1..200") @RequestParam(required = false, defaultValue = "50") @Min(1) @Max(200) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return processes.list(type, status, limit, cursor);
    }
}
