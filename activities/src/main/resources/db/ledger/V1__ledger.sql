-- The integration ledger. Owned and migrated by the worker (activities module); the starter only reads it
-- (ledger-query module). Times from workflows are workflow time (deterministic), stored as timestamptz.

-- One row per process: the projection that lists, filters and operations views read (Temporal visibility is
-- not used: the Java test server lacks it, and business history must outlive Temporal's retention).
create table process (
    workflow_id        text primary key,
    run_id             text,
    process_type       text        not null,
    business_key       text        not null,
    status             text        not null,
    correlation_id     text,
    current_step       text,
    detail             text,
    created_ids        jsonb       not null default '{}'::jsonb,
    started_at         timestamptz not null,
    updated_at         timestamptz not null,
    -- workflow time (epoch millis) of the last transition applied: an older transition never overwrites a newer one
    transition_at      bigint      not null default 0
);
create index process_type_status_started on process (process_type, status, started_at desc);
create index process_started on process (started_at desc);

-- One row per outbound call (every attempt).
create table audit (
    id                 bigserial primary key,
    at                 timestamptz not null default now(),
    workflow_id        text        not null,
    run_id             text,
    step               text        not null,
    system             text        not null,
    operation          text        not null,
    object_ref         text,
    idempotency_key    text,
    attempt            integer     not null,
    outcome            text        not null,  -- SUCCEEDED, RETRYABLE_FAILURE, FAILED
    http_status        integer,
    detail             text,
    duration_ms        bigint,
    correlation_id     text
);
create index audit_workflow on audit (workflow_id, id);

-- Exceptions: a parked process waits on one open record until an operator retries, skips or aborts it.
create table exception_record (
    id                 text primary key,
    workflow_id        text        not null,
    run_id             text,
    process_type       text        not null,
    business_key       text        not null,
    step               text        not null,
    owner_team         text        not null,  -- sales-ops, pmo, finance-ops, it
    failure_type       text        not null,
    cause              text        not null,
    payload            jsonb,
    skippable          boolean     not null default false,
    status             text        not null default 'OPEN',  -- OPEN, RESOLVED
    resolution         text,                                  -- RETRY, SKIP, ABORT
    resolved_by        text,
    resolution_note    text,
    correlation_id     text,
    opened_at          timestamptz not null,
    abort_at           timestamptz,
    resolved_at        timestamptz
);
create index exception_status_opened on exception_record (status, opened_at desc);
create index exception_workflow on exception_record (workflow_id);
