package dev.o2c.starter.process;

import dev.o2c.starter.web.Correlation;
import dev.o2c.starter.web.Links;
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
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "processes")
public class ProcessController {

    private final ProcessStarter starter;
    private final ProcessService processes;
    private final Links links;

    public ProcessController(ProcessStarter starter, ProcessService processes, Links links) {
        this.starter = starter;
        this.processes = processes;
        this.links = links;
    }

    @PostMapping(path = "/opportunity-to-project", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start opportunity-to-project for a won opportunity (at most once per opportunity)")
    @ApiResponse(responseCode = "202", description = "started; Location is the process")
    @ApiResponse(responseCode = "200", description = "a process for this opportunity already exists (running or finished); it is answered, never run again")
    @ApiResponse(responseCode = "400", description = "invalid body")
    @ApiResponse(responseCode = "503", description = "Temporal unavailable")
    public ResponseEntity<StartResponse> start(@Valid @RequestBody StartRequest request) {
        StartOutcome outcome = starter.startOpportunityToProject(request.opportunityId(), Correlation.current(), "api");
        URI location = links.process(outcome.workflowId());
        StartResponse body = new StartResponse(outcome.workflowId(), outcome.runId(), outcome.status(),
                outcome.correlationId(), outcome.created(), processes.processLinks(outcome.workflowId()));
        return ResponseEntity.status(outcome.created() ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .location(location)
                .body(body);
    }

    @GetMapping("/processes/{workflowId}")
    @Operation(summary = "A process: live state from its workflow (ledger projection once Temporal no longer has it), with its audit trail")
    @ApiResponse(responseCode = "200", description = "the process")
    @ApiResponse(responseCode = "404", description = "no such process")
    @ApiResponse(responseCode = "503", description = "Temporal or the ledger unavailable")
    public ProcessDetails get(@PathVariable String workflowId) {
        return processes.get(workflowId);
    }

    @GetMapping("/processes")
    @Operation(summary = "Processes newest first, from the ledger projection")
    @ApiResponse(responseCode = "200", description = "one page")
    @ApiResponse(responseCode = "400", description = "invalid type, status, limit or cursor")
    public ProcessPage list(
            @Parameter(description = "process type, e.g. opportunity-to-project") @RequestParam(required = false) String type,
            @Parameter(description = "process status, e.g. NEEDS_ATTENTION") @RequestParam(required = false) String status,
            @Parameter(description = "page size, 1..200") @RequestParam(required = false, defaultValue = "50") @Min(1) @Max(200) Integer limit,
            @Parameter(description = "nextCursor of the previous page") @RequestParam(required = false) String cursor) {
        return processes.list(type, status, limit, cursor);
    }
}
