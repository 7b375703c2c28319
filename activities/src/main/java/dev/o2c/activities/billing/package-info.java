/**
 * The billing run's row mover ({@link dev.o2c.activities.billing.BillingActivitiesImpl}, queue {@code billing}).
 *
 * <p>A run's entries (up to 100,000 and more) never enter Temporal history: the workflow passes a run id and sees
 * counts and totals only. The rows live in the integration ledger ({@code db/ledger/V4__billing_runs.sql}):
 * <ul>
 *   <li>{@code collect}: deletes the run's rows, pages the PSA's approved, unbilled time entries and expenses up to
 *       {@code through} (1,000 a page, one {@code insert ... select from unnest(...)} per page, stored while the next
 *       page is read; the heartbeat is the cursor after the last stored page, so a retry resumes there), rates time
 *       (T&amp;M only) at the rate card's rate of the entry's date, adds completed unbilled milestones (the contract's
 *       amount by name, else the PSA's) and the fixed-fee or retainer instalments due in the period;</li>
 *   <li>{@code convertCurrencies}: one ERP read per (currency, date), one set-based update each;</li>
 *   <li>{@code price}: one {@code GROUP BY} per pricing: time per role, month and rate (rounded per group), expenses
 *       per category and month, one line per milestone or instalment; tax per line; the cap reports the excess or
 *       holds back the latest rows (bisection over the rows ranked latest first, started from a running-sum
 *       estimate); the lines are stored in {@code billing_run_line};</li>
 *   <li>{@code createInvoice}: finds the invoice by external ref or creates it from the stored lines with each line's
 *       source refs (a group of more than 100,000 rows is split into several lines when priced);</li>
 *   <li>{@code markBilled}: the invoice's time entries and expenses in chunks of 20,000 ids, key
 *       {@code <key>:<chunk>}.</li>
 * </ul>
 * Failures are classified as for every connector: an unknown project is {@code o2c.not-found}, entries billed to
 * another invoice {@code o2c.conflict} (both non-retryable).
 */
package dev.o2c.activities.billing;
