package dev.o2c.starter.process;

import dev.o2c.workflows.billing.AmendmentPropagationWorkflow;
import dev.o2c.workflows.billing.BillingRunWorkflow;
import dev.o2c.workflows.billing.InboundEventWorkflow;
import dev.o2c.workflows.billing.ProjectBillingWorkflow;
import dev.o2c.workflows.cash.InvoiceToCashWorkflow;
import dev.o2c.workflows.customer.CustomerSyncWorkflow;
import dev.o2c.workflows.opportunity.OpportunityToProjectWorkflow;
import java.util.List;

/** The process types the ledger projection knows (docs/processes.md), as accepted by the {@code type} filter. */
public final class ProcessTypes {

    public static final List<String> KNOWN = List.of(
            OpportunityToProjectWorkflow.PROCESS_TYPE,
            ProjectBillingWorkflow.PROCESS_TYPE,
            BillingRunWorkflow.PROCESS_TYPE,
            AmendmentPropagationWorkflow.PROCESS_TYPE,
            InboundEventWorkflow.PROCESS_TYPE,
            InvoiceToCashWorkflow.PROCESS_TYPE,
            CustomerSyncWorkflow.PROCESS_TYPE,
            "reconciliation");

    private ProcessTypes() {}
}
