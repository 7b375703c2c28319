/**
 * Activity implementations: one connector per system, and the integration ledger.
 *
 * <ul>
 *   <li>{@code .http}: the connector machinery every system shares. {@link dev.o2c.activities.http.SystemClient}
 *       sends each call once (Temporal owns retries) with {@code X-Correlation-Id} (from the MDC) and, on
 *       side-effecting calls, the workflow's {@code Idempotency-Key}; {@link dev.o2c.activities.http.FailureClassifier}
 *       is the one place where an answer becomes an {@code ApplicationFailure} (table there); every attempt writes
 *       one audit row and one INFO log line.</li>
 *   <li>{@code .crm}, {@code .psa}, {@code .erp}, {@code .invoicing}: {@code @ActivityImpl} beans on the system's
 *       task queue, mapping between the canonical model and each system's JSON. Objects o2c creates carry the
 *       opportunity id as external ref; compensations find them by it and are no-ops when nothing is left to
 *       undo.</li>
 *   <li>{@code .billing}: the billing run's row mover ({@link dev.o2c.activities.billing.BillingActivitiesImpl}, queue
 *       {@code billing}): PSA pages into ledger tables, rated, converted, grouped and priced there with set-based SQL,
 *       then invoiced and marked billed; the workflow sees counts and totals only.</li>
 *   <li>{@code .ledger}: the audit trail (audit row and process projection in one transaction) and the local
 *       activities of the workflows ({@link dev.o2c.activities.ledger.LedgerActivitiesImpl}, queue
 *       {@code o2c-workflows}).</li>
 * </ul>
 *
 * <p><b>When the ledger is down</b> the audit row is not optional: the attempt fails retryably
 * ({@code o2c.transient}), its message and an ERROR log line carry the call's real outcome, and Temporal repeats
 * the call, which idempotency keys make safe.
 */
package dev.o2c.activities;
