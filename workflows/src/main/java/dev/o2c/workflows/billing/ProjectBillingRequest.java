package dev.o2c.workflows.billing;

import dev.o2c.workflows.model.Contract;
import java.time.Duration;

/**
 * Input of {@link ProjectBillingWorkflow}: the set-up and the contract as won (first run), or the same plus the state
 * carried over by continue-as-new.
 *
 * @param parkTimeout how long a parked billing run or amendment propagation waits for a decision
 * @param carried null on the first run; the whole state after continue-as-new
 */
public record ProjectBillingRequest(ProjectSetup setup, Contract contract, String correlationId,
        Duration parkTimeout, BillingState carried) {}
