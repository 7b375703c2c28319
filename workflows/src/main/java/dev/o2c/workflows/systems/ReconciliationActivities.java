package dev.o2c.workflows.systems;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * A reconciliation's comparisons (task queue {@code reconciliation}), one page per call: each method reads one page
 * of the list its check walks and the matching key range of the other systems, compares them, upserts what differs
 * into the ledger's {@code discrepancy} table (by fingerprint, recording {@code runId}) and answers counts only. The
 * workflow moves nothing but the cursor, so 100,000 objects never enter its history (docs/processes.md,
 * "Reconciliation").
 *
 * <p>Every method is idempotent for the same run and cursor: a retried page finds the same discrepancies and opens
 * none twice. Reads only; no system is written to.
 */
@ActivityInterface(namePrefix = "Reconciliation.")
public interface ReconciliationActivities {

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
