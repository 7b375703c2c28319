-- Reconciliation (docs/processes.md, "Reconciliation"): what the systems disagree about. A discrepancy is not an
-- exception_record (a decision a parked workflow waits for): it waits for a fix at a system, and the next run that no
-- longer finds it closes it. ReconciliationActivities writes both tables page by page; nothing of it enters workflow
-- history.

create table discrepancy (
    id                 text        primary key,          -- dsc_<uuid>
    fingerprint        text        not null,             -- kind|object id|…: the same difference found again
    check_name         text        not null,             -- provisioning, work, receivables, payments
    kind               text        not null,             -- DiscrepancyKind
    owner_team         text        not null,             -- sales-ops, pmo, finance-ops, it
    subject_id         text        not null,             -- the object the check walked (invoice, entry, opportunity)
    cause              text        not null,             -- names the objects and the values that differ (last run's)
    objects            jsonb       not null,             -- [{"system", "type", "id"}]: the API makes them links
    status             text        not null default 'OPEN' check (status in ('OPEN', 'ACKNOWLEDGED', 'CLOSED')),
    first_run_id       text        not null,
    last_run_id        text        not null,             -- the last run that found it, or skipped its subject
    opened_at          timestamptz not null,
    last_seen_at       timestamptz not null,
    closed_at          timestamptz,
    closed_run_id      text
);
-- one open row per fingerprint: a second run, or a retried page, refreshes it instead of opening another
create unique index discrepancy_open_fingerprint on discrepancy (fingerprint) where status <> 'CLOSED';
create index discrepancy_open_subject on discrepancy (check_name, subject_id) where status <> 'CLOSED';
create index discrepancy_status_opened on discrepancy (status, opened_at desc);

-- One row per page a run's check read: the report sums them. Keyed by the page's cursor, so a retried page replaces
-- its row instead of counting twice.
create table reconciliation_page (
    run_id             text        not null,
    check_name         text        not null,
    after_key          text        not null,             -- '' for the first page
    checked            integer     not null,
    skipped            integer     not null,
    found              jsonb       not null,             -- {"KIND": n}
    next_key           text,
    recorded_at        timestamptz not null,
    primary key (run_id, check_name, after_key)
);
