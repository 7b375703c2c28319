package dev.o2c.workflows.systems;

import dev.o2c.workflows.common.ProcessStatus;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/**
 * A reconciliation's comparisons (task queue {@code reconciliation}), one page per call: each method reads one page
 * of the list its check walks and the matching key range of the other systems, compares them, upserts what differs
 * into the ledger's {@code discrepancy} table (by fingerprint, recording {@code runId}) and answers counts only. The
 * workflow moves nothing but the cursor, so 100,000 objects never enter its history (docs/processes.md,
 * "Reconciliation").
 *
 * <p>Every method is idempotent for the same run and cursor: a retried page finds the same discrepancies and opens
 * none twice. Reads only; no system is written to. The run's own ledger row ({@code reconciliation_run}, which the
 * report reads) is written by {@link #runStarted} and {@link #runFinished}, both idempotent by run id.
 */
@ActivityInterface(namePrefix = "Reconciliation.")
public interface ReconciliationActivities {

    /**
     * Records the run as {@code RUNNING} ({@code reconciliation_run}), once at the very start of the run (not after
     * continue-as-new). A retried call leaves the row of the first.
     */
    void runStarted(ReconciliationRunStarted run);

    /**
     * Records how the run ended: {@code COMPLETED} with what {@code closeResolved} closed, or {@code FAILED} with why
     * (a page failed for good, the run was cancelled). Idempotent: a retried call writes the same row; the first
     * {@code finished_at} stays.
     *
     * @param status {@link ProcessStatus#COMPLETED} or {@link ProcessStatus#FAILED}
     * @param closed discrepancies closed by the run, by kind name; empty for a failed run
     * @param failure why a failed run failed; null for a completed one
     */
    void runFinished(String runId, ProcessStatus status, Map<String, Integer> closed, String failure);

    /**
     * Won opportunities (by id, after {@code after}; null: the first page) against the PSA projects, ERP projects and
     * billing plans whose external ref lies in their key range.
     */
    CheckPage checkProvisioning(String runId, String after);

    /**
     * Approved PSA time entries and expenses (by id, after {@code after}) against the invoice lines carrying them and
     * their project's billing plan.
     */
    CheckPage checkWork(String runId, String after);

    /** Invoices (by id, after {@code after}; null: the first page) against the ERP receivables of their key range. */
    CheckPage checkReceivables(String runId, String after);

    /** The invoices' payments (by invoice id, after {@code after}) against the payments applied on their receivables. */
    CheckPage checkPayments(String runId, String after);

    /**
     * Closes the open discrepancies of {@code checks} (codes, e.g. {@code receivables}) that this run did not see
     * again. Called only once every page of those checks has been read.
     */
    ResolvedDiscrepancies closeResolved(String runId, List<String> checks);
}
