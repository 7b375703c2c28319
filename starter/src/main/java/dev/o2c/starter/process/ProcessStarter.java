package dev.o2c.starter.process;

import dev.o2c.ledger.query.ProcessQueries;
import dev.o2c.ledger.query.ProcessView;
import dev.o2c.starter.config.O2cProperties;
import dev.o2c.workflows.common.ProcessStatus;
import dev.o2c.workflows.common.TaskQueues;
import dev.o2c.workflows.opportunity.OpportunityToProjectRequest;
import dev.o2c.workflows.opportunity.OpportunityToProjectWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Starts opportunity-to-project, at most once per opportunity, for the REST API and the CRM webhook alike. The
 * workflow id is derived from the opportunity and the id reuse policy is REJECT_DUPLICATE, so a second start (a
 * redelivered webhook, a double click, a REST call after the webhook) answers the existing process, running or
 * finished, and never runs the saga twice.
 */
@Service
public class ProcessStarter {

    private static final Logger log = LoggerFactory.getLogger(ProcessStarter.class);

    static final String WORKFLOW_TYPE = POJOWorkflowInterfaceMetadata.newInstance(OpportunityToProjectWorkflow.class)
            .getWorkflowType()
            .orElseThrow();

    private final WorkflowClient client;
    private final ProcessQueries processes;
    private final O2cProperties properties;

    public ProcessStarter(WorkflowClient client, ProcessQueries processes, O2cProperties properties) {
        this.client = client;
        this.processes = processes;
        this.properties = properties;
    }

    /**
     * @param opportunityId the won opportunity
     * @param correlationId the correlation id that entered with the request or event
     * @param source what asks, e.g. {@code api} or {@code webhook:evt_123}
     */
    public StartOutcome startOpportunityToProject(String opportunityId, String correlationId, String source) {
        String workflowId = OpportunityToProjectWorkflow.workflowId(opportunityId);
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.WORKFLOWS)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
        WorkflowStub stub = client.newUntypedWorkflowStub(WORKFLOW_TYPE, options);
        OpportunityToProjectRequest request =
                new OpportunityToProjectRequest(opportunityId, correlationId, source, properties.parkTimeout());
        try {
            WorkflowExecution execution = stub.start(request);
            log.info("Started {} run {} ({})", workflowId, execution.getRunId(), source);
            return new StartOutcome(workflowId, execution.getRunId(), ProcessStatus.RUNNING.name(), correlationId, true);
        } catch (WorkflowExecutionAlreadyStarted e) {
            StartOutcome existing = existing(workflowId);
            log.info("{} already exists (run {}, {}); not started again ({})",
                    workflowId, existing.runId(), existing.status(), source);
            return existing;
        }
    }

    /** The process that already holds the workflow id: run and status from Temporal, business status from the ledger. */
    private StartOutcome existing(String workflowId) {
        WorkflowExecutionDescription description = client.newUntypedWorkflowStub(workflowId).describe();
        Optional<ProcessView> row = ledgerRow(workflowId);
        String status = row.map(ProcessView::status).orElseGet(() -> fromTemporal(description.getStatus()).name());
        String correlationId = row.map(ProcessView::correlationId).orElse(null);
        return new StartOutcome(workflowId, description.getExecution().getRunId(), status, correlationId, false);
    }

    private Optional<ProcessView> ledgerRow(String workflowId) {
        try {
            return processes.find(workflowId);
        } catch (DataAccessException e) {
            log.warn("Ledger unavailable; answering {} from Temporal only", workflowId, e);
            return Optional.empty();
        }
    }

    /** Coarse status from Temporal alone, used until the ledger projection has the row. */
    static ProcessStatus fromTemporal(WorkflowExecutionStatus status) {
        return switch (status) {
            case WORKFLOW_EXECUTION_STATUS_COMPLETED -> ProcessStatus.COMPLETED;
            case WORKFLOW_EXECUTION_STATUS_FAILED,
                    WORKFLOW_EXECUTION_STATUS_TERMINATED,
                    WORKFLOW_EXECUTION_STATUS_TIMED_OUT -> ProcessStatus.FAILED;
            case WORKFLOW_EXECUTION_STATUS_CANCELED -> ProcessStatus.ABORTED;
            default -> ProcessStatus.RUNNING;
        };
    }
}
