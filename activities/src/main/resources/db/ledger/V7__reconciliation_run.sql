-- One row per reconciliation run (docs/processes.md, "Reconciliation"): written by the reconciliation workflow
-- through its activities when the run starts (not again on continue-as-new) and when it ends. The report
-- (GET /api/v1/reconciliations/{runId}) reads this row, the run's reconciliation_page rows (counts per check) and
-- the discrepancy rows it opened, saw or closed, so it outlives Temporal's retention.

create table reconciliation_run (
    run_id             text        primary key,          -- rec-20261201T020000Z
    workflow_id        text        not null,             -- reconciliation
    trigger            text        not null check (trigger in ('SCHEDULE', 'ON_DEMAND')),
    requested_by       text,                             -- the token's name for ON_DEMAND; null for SCHEDULE
    checks             jsonb       not null,             -- ["provisioning", "work", "receivables", "payments"]
    status             text        not null default 'RUNNING' check (status in ('RUNNING', 'COMPLETED', 'FAILED')),
    started_at         timestamptz not null,
    finished_at        timestamptz,
    closed             jsonb       not null default '{}'::jsonb, -- {"KIND": n} closed because this run no longer found them
    failure            text                              -- why a FAILED run failed
);
create index reconciliation_run_started on reconciliation_run (started_at desc, run_id desc);
create index discrepancy_first_run on discrepancy (first_run_id);
create index discrepancy_closed_run on discrepancy (closed_run_id) where closed_run_id is not null;
