package dev.o2c.workflows.saga;

import dev.o2c.workflows.common.OwnerTeam;
import java.util.Objects;

/**
 * One step of a saga, as declared by its workflow.
 *
 * @param name stable step name, e.g. {@code erp.upsertCustomer}: it appears in the API, the ledger and idempotency
 *     keys, so never rename one of a running process
 * @param system the system it calls ({@code crm}, {@code psa}, {@code erp}, {@code invoicing}) or {@code o2c}
 * @param owner the team that must act when the step parks on a business failure (timeouts and unclassified failures
 *     go to {@link OwnerTeam#IT} regardless)
 * @param skippable whether an operator may {@code SKIP} the step when it is parked. A skippable step is optional for
 *     the outcome, so a refusal of it (CONFLICT, REJECTED) parks instead of compensating the whole saga.
 */
public record SagaStep(String name, String system, OwnerTeam owner, boolean skippable) {

    public SagaStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(owner, "owner");
    }
}
