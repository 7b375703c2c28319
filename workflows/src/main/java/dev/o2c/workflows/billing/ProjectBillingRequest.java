package dev.o2c.workflows.billing;

import dev.o2c.workflows.model.Contract;
import java.time.Duration;

/**
 * Input of {@link ProjectBillingWorkflow}: the set-up and the contract as won (first run), or the same plus the state
 * carried over by continue-as-new.
 *
 * @param parkTimeout how long a parked billing run or amendment propagation waits for a decision
 * @param carried null on the first run; the whole state after continue-as-new
 * @param historyLimit continue-as-new once the history has this many events (or Temporal suggests it); 0 means
 *     {@link #DEFAULT_HISTORY_LIMIT}
 */
public record ProjectBillingRequest(ProjectSetup setup, Contract contract, String correlationId,
        Duration parkTimeout, BillingState carried, int historyLimit) {

    public static final int DEFAULT_HISTORY_LIMIT = 5_000;

    public ProjectBillingRequest {
        historyLimit = historyLimit <= 0 ? DEFAULT_HISTORY_LIMIT : historyLimit;
    }

    /** The same request carrying {@code state} (continue-as-new). */
    public ProjectBillingRequest carrying(BillingState state) {
        return new ProjectBillingRequest(setup, contract, correlationId, parkTimeout, state, historyLimit);
    }
}
