package dev.o2c.starter.exception;

import dev.o2c.starter.web.Ids;
import dev.o2c.workflows.common.ResolutionAction;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/exceptions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "exceptions")
public class ExceptionController {

    /** The 409s of a decision; {@code reason} names the workflow's refusal. */
    public static final String CONFLICTS = "already resolved (exception-not-open); refused by the process, with a reason:"
            + " stale-decision (STALE), duplicate-decision (DUPLICATE), process-not-parked (NOT_PARKED),"
            + " skip-not-allowed (SKIP_NOT_ALLOWED), decision-not-allowed (NOT_ALLOWED); or process-not-running";

    static final String WORKFLOW_ID = "the exception's process, for an exception the ledger has no record of (recording"
            + " it failed); the process's own /processes/{workflowId}/retry|skip|abort needs no record at all";

    private final ExceptionService exceptions;

    public ExceptionController(ExceptionService exceptions) {
        this.exceptions = exceptions;
    }

    @GetMapping
    @Operation(summary = "The exception queue, newest first")
    @ApiResponse(responseCode = "200", description = "one page")
    @ApiResponse(responseCode = "400", description = "invalid status, owner, limit or cursor")
    public ExceptionPage list(
            @Parameter(description = "open or resolved; all when absent") @RequestParam(required = false) String status,
            @Parameter(description = "owner team: sales-ops, pmo, finance-ops, it") @RequestParam(required = false) String owner,
            @Parameter(description = "page size, 1..200") @RequestParam(required = false, defaultValue = "50") @Min(1) @Max(200) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return exceptions.list(status, owner, limit, cursor);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One exception record")
    @ApiResponse(responseCode = "200", description = "the record")
    @ApiResponse(responseCode = "400", description = "id is not an id (at most 200 letters, digits and . _ : -)")
    @ApiResponse(responseCode = "404", description = "no such exception")
    public ExceptionDetails get(@PathVariable String id) {
        return exceptions.get(Ids.checked("id", id, Ids.MAX_WORKFLOW_ID));
    }

    @PostMapping("/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Run the parked step again (after the data was fixed at the source)")
    @ApiResponse(responseCode = "202", description = "the process took the decision")
    @ApiResponse(responseCode = "400", description = "invalid body, or an id that is not an id")
    @ApiResponse(responseCode = "404", description = "no such exception (and no process named)")
    @ApiResponse(responseCode = "409", description = CONFLICTS)
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not take the decision in time")
    public ResolutionAccepted retry(@PathVariable String id,
            @Parameter(description = WORKFLOW_ID) @RequestParam(required = false) String workflowId,
            @Valid @RequestBody(required = false) ResolutionRequest body) {
        return exceptions.resolve(Ids.checked("id", id, Ids.MAX_WORKFLOW_ID), ResolutionAction.RETRY, body,
                Ids.checkedIfPresent("workflowId", workflowId, Ids.MAX_WORKFLOW_ID));
    }

    @PostMapping("/{id}/skip")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Go on without the parked step, where the step allows it")
    @ApiResponse(responseCode = "202", description = "the process took the decision")
    @ApiResponse(responseCode = "400", description = "invalid body, or an id that is not an id")
    @ApiResponse(responseCode = "404", description = "no such exception (and no process named)")
    @ApiResponse(responseCode = "409", description = CONFLICTS)
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not take the decision in time")
    public ResolutionAccepted skip(@PathVariable String id,
            @Parameter(description = WORKFLOW_ID) @RequestParam(required = false) String workflowId,
            @Valid @RequestBody(required = false) ResolutionRequest body) {
        return exceptions.resolve(Ids.checked("id", id, Ids.MAX_WORKFLOW_ID), ResolutionAction.SKIP, body,
                Ids.checkedIfPresent("workflowId", workflowId, Ids.MAX_WORKFLOW_ID));
    }

    @PostMapping("/{id}/abort")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Compensate what the process did and end it as ABORTED")
    @ApiResponse(responseCode = "202", description = "the process took the decision")
    @ApiResponse(responseCode = "400", description = "invalid body, or an id that is not an id")
    @ApiResponse(responseCode = "404", description = "no such exception (and no process named)")
    @ApiResponse(responseCode = "409", description = CONFLICTS)
    @ApiResponse(responseCode = "503", description = "Temporal unavailable, or the process did not take the decision in time")
    public ResolutionAccepted abort(@PathVariable String id,
            @Parameter(description = WORKFLOW_ID) @RequestParam(required = false) String workflowId,
            @Valid @RequestBody(required = false) ResolutionRequest body) {
        return exceptions.resolve(Ids.checked("id", id, Ids.MAX_WORKFLOW_ID), ResolutionAction.ABORT, body,
                Ids.checkedIfPresent("workflowId", workflowId, Ids.MAX_WORKFLOW_ID));
    }
}
