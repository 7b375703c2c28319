package dev.o2c.starter.exception;

import dev.o2c.ledger.query.ExceptionQueries;
import dev.o2c.ledger.query.ExceptionView;
import dev.o2c.ledger.query.PageRequest;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.common.OwnerTeam;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The exception queue (from the ledger) and the operator's decisions on it, delivered to the parked workflow as its
 * {@code resolve} signal. The workflow is the authority: it ignores a decision for an exception it no longer waits on
 * (the ledger row may lag a moment behind), and it writes the resolution to the ledger itself.
 */
@Service
public class ExceptionService {

    /** The signal every parkable o2c workflow takes a {@link Resolution} on. */
    static final String RESOLVE_SIGNAL = "resolve";

    private static final Logger log = LoggerFactory.getLogger(ExceptionService.class);

    private final ExceptionQueries exceptions;
    private final WorkflowClient client;
    private final Links links;

    public ExceptionService(ExceptionQueries exceptions, WorkflowClient client, Links links) {
        this.exceptions = exceptions;
        this.client = client;
        this.links = links;
    }

    public ExceptionDetails get(String id) {
        return details(find(id));
    }

    public ExceptionPage list(String status, String owner, Integer limit, String cursor) {
        String statusFilter = null;
        if (status != null && !status.isBlank()) {
            statusFilter = status.trim().toUpperCase(Locale.ROOT);
            if (!statusFilter.equals(ExceptionView.OPEN) && !statusFilter.equals(ExceptionView.RESOLVED)) {
                throw ApiProblem.invalidField("status", "must be open or resolved");
            }
        }
        String ownerFilter = null;
        if (owner != null && !owner.isBlank()) {
            ownerFilter = owner.trim();
            try {
                OwnerTeam.fromCode(ownerFilter);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField("owner", "must be one of "
                        + Arrays.stream(OwnerTeam.values()).map(OwnerTeam::code).toList());
            }
        }
        dev.o2c.ledger.query.Page<ExceptionView> page =
                exceptions.list(statusFilter, ownerFilter, new PageRequest(limit, cursor));
        Map<String, URI> pageLinks = new LinkedHashMap<>();
        pageLinks.put("self", ServletUriComponentsBuilder.fromCurrentRequest().build().toUri());
        if (page.nextCursor() != null) {
            pageLinks.put("next", ServletUriComponentsBuilder.fromCurrentRequest()
                    .replaceQueryParam("cursor", page.nextCursor()).build().toUri());
        }
        return new ExceptionPage(
                page.items().stream().map(this::details).toList(), page.nextCursor(), pageLinks);
    }

    /**
     * Sends the operator's decision to the parked workflow.
     *
     * @throws ApiProblem 404 unknown exception; 409 already resolved, {@code skip} on a step that cannot be skipped,
     *     or the process no longer runs
     */
    public ResolutionAccepted resolve(String id, ResolutionAction action, ResolutionRequest body) {
        ExceptionView record = find(id);
        if (!record.isOpen()) {
            throw ApiProblem.conflict(ProblemTypes.EXCEPTION_NOT_OPEN, "Exception already resolved",
                    "Exception " + id + " is " + record.status()
                            + (record.resolution() == null ? "" : " (" + record.resolution() + ")"))
                    .with("exceptionStatus", record.status());
        }
        if (action == ResolutionAction.SKIP && !record.skippable()) {
            throw ApiProblem.conflict(ProblemTypes.SKIP_NOT_ALLOWED, "Step cannot be skipped",
                    "Step " + record.step() + " of " + record.workflowId() + " cannot be skipped; retry or abort");
        }
        String actor = body == null ? null : body.actor();
        String note = body == null ? null : body.note();
        Resolution resolution = new Resolution(id, action, actor, note);
        try {
            client.newUntypedWorkflowStub(record.workflowId()).signal(RESOLVE_SIGNAL, resolution);
        } catch (WorkflowNotFoundException e) {
            throw ApiProblem.conflict(ProblemTypes.PROCESS_NOT_RUNNING, "Process not running",
                    "Process " + record.workflowId() + " no longer runs, so it cannot take a decision");
        }
        log.info("Sent {} of exception {} to {} (by {})", action, id, record.workflowId(), resolution.actor());
        Map<String, URI> acceptedLinks = new LinkedHashMap<>();
        acceptedLinks.put("exception", links.api("/exceptions/{id}", id));
        acceptedLinks.put("process", links.process(record.workflowId()));
        return new ResolutionAccepted(id, record.workflowId(), action.name(), acceptedLinks);
    }

    private ExceptionView find(String id) {
        return exceptions.find(id).orElseThrow(() ->
                ApiProblem.notFound(ProblemTypes.EXCEPTION_NOT_FOUND, "No exception with id " + id));
    }

    private ExceptionDetails details(ExceptionView e) {
        Map<String, URI> map = new LinkedHashMap<>();
        map.put("self", links.api("/exceptions/{id}", e.id()));
        map.put("process", links.process(e.workflowId()));
        if (e.isOpen()) {
            map.put("retry", links.api("/exceptions/{id}/retry", e.id()));
            if (e.skippable()) {
                map.put("skip", links.api("/exceptions/{id}/skip", e.id()));
            }
            map.put("abort", links.api("/exceptions/{id}/abort", e.id()));
        }
        return new ExceptionDetails(e.id(), e.workflowId(), e.runId(), e.processType(), e.businessKey(), e.step(),
                e.ownerTeam(), e.failureType(), e.cause(), e.payloadJson(), e.skippable(), e.status(), e.resolution(),
                e.resolvedBy(), e.resolutionNote(), e.correlationId(), e.openedAt(), e.abortAt(), e.resolvedAt(), map);
    }
}
