package dev.o2c.starter.process;

import dev.o2c.workflows.opportunity.OpportunityToProjectWorkflow;
import java.util.List;

/** The process types the ledger projection knows (docs/processes.md), as accepted by the {@code type} filter. */
final class ProcessTypes {

    static final List<String> KNOWN = List.of(
            OpportunityToProjectWorkflow.PROCESS_TYPE, "project-to-billing", "invoice-to-cash", "reconciliation");

    private ProcessTypes() {}
}
