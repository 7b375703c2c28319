/**
 * Step tracking, parking and compensation for o2c's saga workflows, shared by every process (opportunity-to-project
 * now; project-to-billing and invoice-to-cash copy the pattern).
 *
 * <p>A workflow declares its {@link dev.o2c.workflows.saga.SagaStep}s, creates one
 * {@link dev.o2c.workflows.saga.TrackedSaga} and runs each side-effecting step through
 * {@link dev.o2c.workflows.saga.TrackedSaga#run}, after registering the step's compensation with
 * {@link dev.o2c.workflows.saga.TrackedSaga#registerCompensation}. The saga then:
 * <ul>
 *   <li>derives the idempotency key of each call from workflow id, incarnation and step
 *       ({@link dev.o2c.workflows.saga.IdempotencyKeys});</li>
 *   <li>keeps the live {@link dev.o2c.workflows.common.ProcessState} for the {@code state} query
 *       ({@link dev.o2c.workflows.saga.ProcessTracker});</li>
 *   <li>classifies a failed call ({@link dev.o2c.workflows.saga.StepFailure}): park it for a team, or compensate;</li>
 *   <li>parks: opens an exception in the ledger and waits for the operator's decision (the {@code decide} Update,
 *       whose validator refuses stale, duplicate, not-parked and not-allowed decisions; the {@code resolve} signal of
 *       older histories) or the park timeout ({@link dev.o2c.workflows.saga.ExceptionDesk});</li>
 *   <li>compensates in reverse order in a detached cancellation scope, parking a compensation that fails for good
 *       instead of dropping it;</li>
 *   <li>records every process transition in the ledger through a local activity retried until it succeeds
 *       ({@link dev.o2c.workflows.saga.ProcessLedger}).</li>
 * </ul>
 * Everything here is workflow code: deterministic, Temporal API only.
 */
package dev.o2c.workflows.saga;
