package dev.o2c.ledger.query;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's facts behind the operations dashboard (docs/operations.md, "Dashboards"): raw rows, no figures. The
 * starter joins them with its inbound event ledger and computes medians, buckets and DSO in Java, so the same code
 * answers the API and feeds the gauges. Read-only; every read is bounded by a time window or by what is open.
 */
public class DashboardQueries {

    private final JdbcClient jdbc;

    public DashboardQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A provisioning (opportunity-to-project) failure: the run parked (an exception opened; {@code cause} its failure
     * type), or it ended {@code COMPENSATED} or {@code FAILED} without parking for it (a system refused a step:
     * {@code o2c.conflict} for a 409, {@code o2c.rejected} for another 4xx, from the run's last failed call; else
     * {@code o2c.compensated} or {@code o2c.failed}).
     */
    public record ProvisioningFailure(String cause, Instant at) {}

    /** An exception still open: who must act, since when. */
    public record OpenException(String ownerTeam, Instant openedAt) {}

    /**
     * An invoice a completed billing run issued.
     *
     * @param invoiceId the invoicing platform's id (the billing run's created id {@code invoiceId})
     * @param psaProjectId the project billed
     * @param total the run's lines, net plus tax, in {@code currency}
     * @param issuedAt when the run finalized the invoice (its {@code Invoicing.FinalizeInvoice} call succeeded), else
     *     when the run ended
     * @param cashStatus the status of the invoice's invoice-to-cash process, null when it has none
     * @param wonAt when the deal's provisioning started (the first opportunity-to-project run that created the
     *     project), null when unknown
     */
    public record IssuedInvoice(String invoiceId, String psaProjectId, BigDecimal total, String currency,
            Instant issuedAt, String cashStatus, Instant wonAt) {}

    /**
     * A billing run row.
     *
     * @param billed true when it went on an invoice: its run completed, it was not held back by the cap and was priced
     * @param invoicedAt when its invoice was finalized (billed rows only)
     */
    public record BilledRow(String kind, String sourceId, boolean billed, BigDecimal amount, String currency,
            Instant invoicedAt) {}

    /** A payment applied to an ERP receivable: the {@code Erp.ApplyPayment} call (the POST, the one with an idempotency key) that succeeded. */
    public record AppliedPayment(String workflowId, String idempotencyKey, Instant appliedAt) {}

    /** Provisioning failures since {@code since}: exceptions opened, runs compensated or failed. */
    public List<ProvisioningFailure> provisioningFailures(Instant since) {
        return jdbc.sql("""
                select failure_type as cause, opened_at as at from exception_record
                 where process_type = 'opportunity-to-project' and opened_at >= :since
                union all
                select coalesce((select case when a.http_status = 409 then 'o2c.conflict'
                                             when a.http_status between 400 and 499 then 'o2c.rejected' end
                                   from audit a
                                  where a.workflow_id = r.workflow_id and a.run_id = r.run_id
                                    and a.outcome = 'FAILED'
                                  order by a.id desc limit 1),
                                'o2c.' || lower(r.status)) as cause,
                       r.updated_at as at
                  from process_run r
                 where r.process_type = 'opportunity-to-project' and r.status in ('COMPENSATED', 'FAILED')
                   and r.updated_at >= :since
                """)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new ProvisioningFailure(rs.getString("cause"), Rows.instant(rs, "at")))
                .list();
    }

    /** Every open exception. */
    public List<OpenException> openExceptions() {
        return jdbc.sql("select owner_team, opened_at from exception_record where status = 'OPEN'")
                .query((rs, n) -> new OpenException(rs.getString("owner_team"), Rows.instant(rs, "opened_at")))
                .list();
    }

    /**
     * Invoices issued by completed billing runs that are still open (invoice-to-cash not ended) or were issued since
     * {@code since}: what DSO, won-to-cash and the payments need.
     */
    public List<IssuedInvoice> invoices(Instant since) {
        return jdbc.sql("""
                with runs as (
                    select p.workflow_id, p.business_key as project, p.created_ids ->> 'invoiceId' as invoice_id,
                           coalesce((select max(a.at) from audit a
                                      where a.workflow_id = p.workflow_id and a.step = 'Invoicing.FinalizeInvoice'
                                        and a.outcome = 'SUCCEEDED'), p.updated_at) as issued_at
                      from process p
                     where p.process_type = 'billing-run' and p.status = 'COMPLETED'
                       and p.created_ids ->> 'invoiceId' is not null
                )
                select r.invoice_id, r.project, r.issued_at, l.currency, l.total, c.status as cash_status,
                       (select min(o.started_at) from process_run o
                         where o.process_type = 'opportunity-to-project'
                           and o.created_ids ->> 'psaProjectId' = r.project) as won_at
                  from runs r
                  join (select run_id, min(currency) as currency, sum(amount + tax_amount) as total
                          from billing_run_line group by run_id) l on l.run_id = r.workflow_id
                  left join process c on c.process_type = 'invoice-to-cash' and c.business_key = r.invoice_id
                 where r.issued_at >= :since
                    or c.status is null
                    or c.status not in ('COMPLETED', 'COMPENSATED', 'ABORTED', 'FAILED', 'LOST')
                """)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new IssuedInvoice(rs.getString("invoice_id"), rs.getString("project"),
                        rs.getBigDecimal("total"), rs.getString("currency"), Rows.instant(rs, "issued_at"),
                        rs.getString("cash_status"), Rows.instant(rs, "won_at")))
                .list();
    }

    /**
     * The billing run rows of the given PSA entries ({@code tim_}/{@code exp_} ids), the billed one first for an entry
     * on several runs (a run that held it back, then one that billed it).
     */
    public List<BilledRow> rows(List<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                select r.kind, r.source_id, r.amount, r.currency,
                       (p.status = 'COMPLETED' and not r.held and r.amount is not null) as billed,
                       coalesce((select max(a.at) from audit a
                                  where a.workflow_id = r.run_id and a.step = 'Invoicing.FinalizeInvoice'
                                    and a.outcome = 'SUCCEEDED'), p.updated_at) as invoiced_at
                  from billing_run_row r
                  left join process p on p.workflow_id = r.run_id
                 where r.source_id = any(:ids) and r.kind in ('TIME', 'EXPENSE')
                 order by r.source_id, billed desc, p.updated_at desc nulls last
                """)
                .param("ids", sourceIds.toArray(String[]::new))
                .query((rs, n) -> {
                    boolean billed = rs.getBoolean("billed");
                    return new BilledRow(rs.getString("kind"), rs.getString("source_id"), billed,
                            rs.getBigDecimal("amount"), rs.getString("currency"),
                            billed ? Rows.instant(rs, "invoiced_at") : null);
                })
                .list();
    }

    /** The payments applied to ERP receivables since {@code since}, by invoice-to-cash processes. */
    public List<AppliedPayment> appliedPayments(Instant since) {
        return jdbc.sql("""
                select workflow_id, idempotency_key, min(at) as applied_at from audit
                 where step = 'Erp.ApplyPayment' and outcome = 'SUCCEEDED' and idempotency_key is not null
                   and at >= :since
                 group by workflow_id, idempotency_key
                """)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new AppliedPayment(rs.getString("workflow_id"), rs.getString("idempotency_key"),
                        Rows.instant(rs, "applied_at")))
                .list();
    }
}
