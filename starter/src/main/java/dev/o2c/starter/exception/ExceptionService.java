package dev.o2c.starter.exception;

import dev.o2c.starter.security.Caller;
import dev.o2c.ledger.query.ExceptionQueries;
import dev.o2c.ledger.query.ExceptionView;
import dev.o2c.ledger.query.PageRequest;
import dev.o2c.starter.web.ApiProblem;
import dev.o2c.starter.web.Links;
import dev.o2c.starter.web.OwnerTeamFilter;
import dev.o2c.starter.web.ProblemTypes;
import dev.o2c.workflows.common.DecisionAccepted;
import dev.o2c.workflows.common.DecisionRefusal;
import dev.o2c.workflows.common.Resolution;
import dev.o2c.workflows.common.ResolutionAction;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The exception queue (from the ledger) and the operator's decisions on it, delivered to the parked workflow as its
 * {@code decide} Update through {@link DecisionSender}. The workflow is the authority: it refuses a decision for an
 * exception it does not wait on (stale, already decided, not open yet) and the API answers {@code 409} naming the
 * reason; it writes the resolution to the ledger itself.
 *
 * <p>The ledger row may be missing: recording the exception can fail while the process parks all the same. Then
 * {@code /exceptions/{id}/...} knows no process to send the decision to, and answers {@code 404} unless the client
 * names the process ({@code ?workflowId=}); the process's own {@code POST /processes/{workflowId}/retry|skip|abort}
 * (linked from the process view's {@code openException}) reads the open exception from the workflow's live state and
 * needs no ledger row at all, so that is the way for a UI.
 */
@Service
public class ExceptionService {

    private static final Logger log = LoggerFactory.getLogger(ExceptionService.class);

    private final ExceptionQueries exceptions;
    private final DecisionSender decisions;
    private final Links links;

    public ExceptionService(ExceptionQueries exceptions, DecisionSender decisions, Links links) {
        this.exceptions = exceptions;
        this.decisions = decisions;
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
        String ownerFilter = OwnerTeamFilter.parse("owner", owner);
        dev.o2c.ledger.query.Page<ExceptionView> page =
                exceptions.list(statusFilter, ownerFilter, new PageRequest(limit, cursor));
        return new ExceptionPage(
                page.items().stream().map(this::details).toList(), page.nextCursor(), Links.page(page.nextCursor()));
    }

    /**
     * Sends the operator's decision to the parked workflow; answers once the workflow took it.
     *
     * @param workflowId the process the client names, for an exception the ledger has no row of (may be null)
     * @throws ApiProblem 404 unknown exception (and no process named); 409 already resolved, refused by the workflow
     *     (stale, duplicate, not parked, skip not allowed, not allowed) or the process no longer runs
     */
    public ResolutionAccepted resolve(String id, ResolutionAction action, ResolutionRequest body, String workflowId) {
        String named = workflowId == null || workflowId.isBlank() ? null : workflowId.strip();
        Optional<ExceptionView> found = exceptions.find(id);
        String target;
        if (found.isPresent()) {
            ExceptionView record = found.get();
            if (named != null && !named.equals(record.workflowId())) {
                throw ApiProblem.invalidField("workflowId", "exception " + id + " belongs to " + record.workflowId());
            }
            if (!record.isOpen()) {
                throw ApiProblem.conflict(ProblemTypes.EXCEPTION_NOT_OPEN, "Exception already resolved",
                        "Exception " + id + " is " + record.status()
                                + (record.resolution() == null ? "" : " (" + record.resolution() + ")"))
                        .with("exceptionStatus", record.status())
                        .with("reason", DecisionRefusal.DUPLICATE.name()); // what the workflow would say
            }
            if (action == ResolutionAction.SKIP && !record.skippable()) {
                throw ApiProblem.conflict(ProblemTypes.SKIP_NOT_ALLOWED, "Step cannot be skipped",
                        "Step " + record.step() + " of " + record.workflowId() + " cannot be skipped; retry or abort")
                        .with("reason", DecisionRefusal.SKIP_NOT_ALLOWED.name());
            }
            target = record.workflowId();
        } else if (named != null) {
            // not in the ledger (recording it failed, or it lags): the workflow alone knows whether it waits on it
            target = named;
        } else {
            throw notFound(id);
        }
        Caller caller = Caller.current();
        Resolution resolution = new Resolution(id, action, caller.actor(), body == null ? null : body.note(),
                caller.teams());
        return accepted(decisions.send(target, resolution), target, links);
    }

    /** The {@code 202} answer for a decision the workflow took. */
    public static ResolutionAccepted accepted(DecisionAccepted accepted, String workflowId, Links links) {
        Map<String, URI> acceptedLinks = new LinkedHashMap<>();
        acceptedLinks.put("exception", links.api("/exceptions/{id}", accepted.exceptionId()));
        acceptedLinks.put("process", links.process(workflowId));
        return new ResolutionAccepted(accepted.exceptionId(), workflowId, accepted.action().name(), accepted.step(),
                accepted.actor(), Instant.ofEpochMilli(accepted.acceptedAt()), acceptedLinks);
    }

    private static ApiProblem notFound(String id) {
        return ApiProblem.notFound(ProblemTypes.EXCEPTION_NOT_FOUND, "No exception with id " + id + " in the ledger."
                + " If its process is parked on it, decide through POST /api/v1/processes/{workflowId}/retry|skip|abort"
                + " or name the process here with ?workflowId=");
    }

    private ExceptionView find(String id) {
        return exceptions.find(id).orElseThrow(() -> notFound(id));
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
