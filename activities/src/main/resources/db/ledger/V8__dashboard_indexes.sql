-- The operations dashboard (docs/operations.md, "Dashboards") reads the ledger every O2C_DASHBOARD_REFRESH: these
-- indexes keep its reads off full scans of the two tables that grow with every call and every billed entry.

-- the payments applied to ERP receivables (step Erp.ApplyPayment) in a window
create index audit_succeeded_step_at on audit (step, at) where outcome = 'SUCCEEDED';

-- the billing run rows of the approved entries (billed, held, priced), looked up by the PSA entry id
create index billing_run_row_source on billing_run_row (source_id);
